"""The scheduled sweeps: upload windows, renewal cycles and the renewal-enrollment safety net.

Each sweep is handed `now` and is safe to run on any schedule, twice, late, or on several workers at once:
- it selects by status and `deadline <= now` (never "== today"), so a missed day or week catches up;
- it works in batches of BATCH_SIZE ids, each batch chosen by ONE set-based query (Exists / Subquery
  annotations), keyset-paginated by primary key so the memory used does not grow with the table;
- every change re-checks its condition under a row lock and is keyed, so a second run, a retry or a
  second worker changes nothing and mails nothing (emails are idempotent by their key in SentEmail);
- every run is recorded in a JobRun row (counts, dry run, error) by the shared runner, `portal.jobs`.

Expiry is set-based for speed (see docs/DECISIONS.md, "Scheduled jobs"): per batch, one transaction locks
the still-due rows (`FOR UPDATE SKIP LOCKED`) and hands them to
`credentials.services.expiry.credentials_expire_many`, the transition's bulk form next to `credential_expire`
(same transitions table, status/compliance, event and email key; the same statements on every database), so
the two paths are interchangeable and idempotent with respect to each other. The emails are rows of the
outbox (accounts.emails), delivered by its worker once the transaction commits.
"""

import datetime as dt
import logging
from decimal import Decimal

from django.db import transaction
from django.db.models import (
    CharField,
    Exists,
    F,
    OuterRef,
    Value,
)
from django.db.models.functions import Cast, Concat, TruncDate

from accounts.emails import email_send_once, outbox_deliver_on_commit
from accounts.models import SentEmail
from credentials import rules
from credentials.certification import certification_award
from credentials.models import FILE_ON_RECORD, Credential, CredentialStatus, EventKind, ExternalFile, Program
from credentials.selectors import with_earned
from credentials.services.base import credential_event_record
from credentials.services.expiry import (
    EXPIRY_EMAIL_TEMPLATE,
    credential_expiry_email_key,
    credentials_expire_many,
)
from credentials.services.registration import renewal_enroll_from_application
from portal.jobs import BATCH_SIZE, JobResult, batches, job_run
from portal.models import JobRun

logger = logging.getLogger(__name__)

UPLOAD_WINDOWS = "enforce_upload_windows"
RENEWAL_CYCLES = "enforce_renewal_cycles"
RENEWAL_ENROLLMENTS = "ensure_renewal_enrollments"
JOB_LABELS = {
    UPLOAD_WINDOWS: "Upload windows (reminders and expiry)",
    RENEWAL_CYCLES: "Renewal cycles (reminders and expiry)",
    RENEWAL_ENROLLMENTS: "Renewal enrollment safety net",
}


EXPIRY_TEMPLATE = EXPIRY_EMAIL_TEMPLATE
expiry_email_key = credential_expiry_email_key
EXPIRY_NOTES: dict[str, str] = {
    Program.Kind.APPLICATION: "The upload window closed without a file awaiting review or approved.",
    Program.Kind.RENEWAL_CREDITS: "The cycle ended short of the required contact hours.",
}


# --- Shared query pieces ---------------------------------------------------------------------------------


def _file_present():
    """The credential has a file that is awaiting review or approved (a returned file does not count)."""
    return Exists(ExternalFile.objects.filter(credential=OuterRef("pk"), status__in=FILE_ON_RECORD))


def _without_recorded_email(queryset, key_expression):
    """Rows whose email (key computed in SQL from the row) has not been recorded yet."""
    return queryset.annotate(email_key=key_expression).filter(
        ~Exists(SentEmail.objects.filter(key=OuterRef("email_key")))
    )


def upload_reminder_key(credential_id, days, deadline) -> str:
    return f"credential:{credential_id}:upload-reminder:{days}:{rules.local_date(deadline).isoformat()}"


def cycle_reminder_key(credential_id, days, cycle_end) -> str:
    return f"credential:{credential_id}:cycle-reminder:{days}:{cycle_end.isoformat()}"


def _upload_reminder_key_sql(days):
    """SQL twin of upload_reminder_key (the deadline's Eastern date as YYYY-MM-DD)."""
    return Concat(
        Value("credential:"),
        Cast("pk", CharField()),
        Value(f":upload-reminder:{days}:"),
        Cast(TruncDate("upload_deadline", tzinfo=rules.EASTERN), CharField()),
        output_field=CharField(),
    )


def _cycle_reminder_key_sql(days):
    return Concat(
        Value("credential:"),
        Cast("pk", CharField()),
        Value(f":cycle-reminder:{days}:"),
        Cast("cycle_end", CharField()),
        output_field=CharField(),
    )


def _windows(reminder_days):
    """(days, closer_days) pairs: reminder `days` covers deadlines after the closer reminder's window.

    Catch-up: a learner whose 7-day moment was missed but who is now inside the 1-day window gets only the
    1-day reminder, not both at once.
    """
    days = sorted({int(d) for d in reminder_days or [] if int(d) > 0})
    return [(d, days[i - 1] if i else None) for i, d in enumerate(days)]


def last_ended_cycle_end(now) -> dt.date:
    """The latest cycle end date whose cycle is over at `now` (open through 11:59 pm Eastern that day)."""
    today = rules.local_date(now)
    return today if rules.cycle_end_moment(today) <= now else today - dt.timedelta(days=1)


# --- Upload windows (application credentials) ----------------------------------------------------------


def _open_applications():
    return Credential.objects.filter(
        status=CredentialStatus.ACTIVE,
        program__kind=Program.Kind.APPLICATION,
        upload_deadline__isnull=False,
    )


def upload_expiry_candidates(*, now):
    """Active applications whose window closed at or before `now` with no file awaiting review or approved."""
    return _open_applications().filter(upload_deadline__lte=now).filter(~_file_present())


def upload_reminder_candidates(*, now, program, days, closer_days):
    today = rules.local_date(now)
    qs = _open_applications().filter(
        program=program,
        upload_deadline__gt=now,
        upload_deadline__lte=rules.end_of_day(today + dt.timedelta(days=days)),
    )
    if closer_days is not None:
        qs = qs.filter(upload_deadline__gt=rules.end_of_day(today + dt.timedelta(days=closer_days)))
    return _without_recorded_email(qs.filter(~_file_present()), _upload_reminder_key_sql(days))


def _remind_and_expire(
    *, result, kind, reminder_candidates, send, expiry_candidates, now, dry_run, batch_size
):
    """The shape both deadline sweeps share: each program's reminder windows, then expiry of what is due."""
    for program in Program.objects.filter(kind=kind).exclude(reminder_days=[]):
        for days, closer in _windows(program.reminder_days):
            qs = reminder_candidates(now=now, program=program, days=days, closer_days=closer)
            if dry_run:
                result.add("reminders", qs.count())
                continue
            for batch in batches(qs.select_related("user", "program"), batch_size=batch_size, objects=True):
                for credential in batch:
                    result.add("reminders", send(credential=credential, days=days, now=now))
    _expire(
        result=result,
        candidates=expiry_candidates,
        note=EXPIRY_NOTES[kind],
        now=now,
        dry_run=dry_run,
        batch_size=batch_size,
    )
    return result


def upload_windows_enforce(*, now, dry_run=False, batch_size=BATCH_SIZE) -> JobResult:
    """Reminders 7 and 1 days before the upload deadline while the file is missing; expiry at the deadline."""
    result = JobResult(UPLOAD_WINDOWS, dry_run, {"reminders": 0, "expired": 0})
    return _remind_and_expire(
        result=result,
        kind=Program.Kind.APPLICATION,
        reminder_candidates=upload_reminder_candidates,
        send=_upload_reminder_send,
        expiry_candidates=upload_expiry_candidates(now=now),
        now=now,
        dry_run=dry_run,
        batch_size=batch_size,
    )


@transaction.atomic
def _upload_reminder_send(*, credential, days, now) -> int:
    deadline = credential.upload_deadline
    sent = email_send_once(
        key=upload_reminder_key(credential.pk, days, deadline),
        user=credential.user,
        subject=f"Reminder: upload your file for {credential.program.credential_name}",
        template="upload_reminder",
        context={
            "credential": credential,
            "program": credential.program,
            "deadline": deadline,
            "days_left": rules.days_left(deadline, now),
        },
    )
    if sent:
        credential_event_record(
            credential=credential,
            kind=EventKind.REMINDER,
            now=now,
            note=f"Upload reminder emailed ({days} day{'s' if days != 1 else ''} before the deadline).",
        )
    return int(sent)


# --- Renewal cycles (renewal-credits credentials) -------------------------------------------------------


def _running_renewals():
    return with_earned(
        Credential.objects.filter(status=CredentialStatus.ACTIVE, program__kind=Program.Kind.RENEWAL_CREDITS)
    )


def cycle_expiry_candidates(*, now):
    """Active renewal-credits cycles that ended (11:59 pm Eastern on the end date) short of the hours."""
    return _running_renewals().filter(
        cycle_end__lte=last_ended_cycle_end(now), earned__lt=F("program__required_hours")
    )


def scheduled_expiry(credential) -> dt.datetime | None:
    """The moment the deadline sweeps above will expire `credential` as it stands, or None if they never will:
    `upload_expiry_candidates` and `cycle_expiry_candidates` for one row in Python (tests check they agree).

    `credential` carries `has_file` and `earned` (as `credentials.selectors.dashboard_credentials` rows do) and
    its program. The dashboard caches a learner's boxes only until this moment (portal/dashboard.py), which is
    why the set-based expiry, which sends no signal, needs no dashboard-version write.
    """
    if credential.status != CredentialStatus.ACTIVE:
        return None
    program = credential.program
    if program.kind == Program.Kind.APPLICATION:
        return (
            None if credential.upload_deadline is None or credential.has_file else credential.upload_deadline
        )
    if program.kind == Program.Kind.RENEWAL_CREDITS and credential.earned < program.required_hours:
        return rules.cycle_end_moment(credential.cycle_end)
    return None


def cycle_reminder_candidates(*, now, program, days, closer_days):
    today = rules.local_date(now)
    qs = _running_renewals().filter(
        program=program,
        cycle_end__gt=last_ended_cycle_end(now),
        cycle_end__lte=today + dt.timedelta(days=days),
        earned__lt=F("program__required_hours"),
    )
    if closer_days is not None:
        qs = qs.filter(cycle_end__gt=today + dt.timedelta(days=closer_days))
    qs = sweeps_certification.without_certification_reminder(qs, program=program, days=days)
    return _without_recorded_email(qs, _cycle_reminder_key_sql(days))


def renewal_cycles_enforce(*, now, dry_run=False, batch_size=BATCH_SIZE) -> JobResult:
    """Reminders 180/90/30 days before a short cycle ends; at the end, EXPIRED / NON-COMPLIANT."""
    return _remind_and_expire(
        result=JobResult(RENEWAL_CYCLES, dry_run, {"reminders": 0, "expired": 0}),
        kind=Program.Kind.RENEWAL_CREDITS,
        reminder_candidates=cycle_reminder_candidates,
        send=_cycle_reminder_send,
        expiry_candidates=cycle_expiry_candidates(now=now),
        now=now,
        dry_run=dry_run,
        batch_size=batch_size,
    )


@transaction.atomic
def _cycle_reminder_send(*, credential, days, now) -> int:
    required = credential.program.required_hours
    sent = email_send_once(
        key=cycle_reminder_key(credential.pk, days, credential.cycle_end),
        user=credential.user,
        subject=f"Reminder: {credential.program.credential_name} cycle ends on "
        f"{credential.cycle_end:%m/%d/%Y}",
        template="cycle_reminder",
        context={
            "credential": credential,
            "program": credential.program,
            "cycle_end": credential.cycle_end,
            "required": required,
            "earned": credential.earned,
            "missing": max(required - credential.earned, Decimal("0")),
            "days_left": rules.days_left(rules.cycle_end_moment(credential.cycle_end), now),
        },
    )
    if sent:
        credential_event_record(
            credential=credential,
            kind=EventKind.REMINDER,
            now=now,
            note=f"Cycle-end reminder emailed ({days} days before the end).",
        )
    return int(sent)


# --- Set-based expiry ----------------------------------------------------------------------------------


def _expire(*, result, candidates, note, now, dry_run, batch_size):
    """Expire every candidate, batch by batch: ONE query picks and locks a batch, a fixed few statements change it.

    The candidate query already states the whole condition, so selecting it `FOR UPDATE SKIP LOCKED`
    re-checks it under the lock (rows another worker holds are skipped: that worker is expiring them). A batch
    shorter than `batch_size` was the last one: nothing after it was due and unlocked.
    """
    if dry_run:
        result.add("expired", candidates.count())
        return
    last = 0
    while True:
        with transaction.atomic():
            batch = (
                candidates.filter(pk__gt=last)
                .order_by("pk")
                .select_for_update(skip_locked=True, of=("self",))[:batch_size]
            )
            expired = _expire_locked(locked=batch, note=note, now=now)
            result.add("expired", len(expired))
            if len(expired) < batch_size:
                return
            last = expired[-1]


def _expire_locked(*, locked, note, now) -> list[int]:
    """Locked, due rows -> EXPIRED through the transition's bulk form (`credentials_expire_many`), and on
    commit one delivery task for the batch's emails. Returns the ids expired."""
    expired = credentials_expire_many(locked=locked, now=now, note=note)
    if expired:
        _deliver_on_commit([expiry_email_key(pk) for pk in expired])
    return expired


def _deliver_on_commit(keys):
    outbox_deliver_on_commit(keys)


def expiry_email_contexts(rows):
    """The outbox's context loader for the expiry emails the set-based expiry recorded without a body
    (registered in CredentialsConfig.ready): the credentials of a whole delivery batch in one query."""
    ids = {row.pk: int(row.key.split(":")[1]) for row in rows}
    credentials = Credential.objects.select_related("program").in_bulk(ids.values())
    return {
        pk: {"credential": credentials[ident], "note": EXPIRY_NOTES.get(credentials[ident].program.kind, "")}
        for pk, ident in ids.items()
    }


# --- Renewal enrollment safety net -----------------------------------------------------------------------


def enrollment_candidates(*, now):
    """COMPLETED applications that enroll in a renewal program, with no credential created from them.

    Applications approved while the learner's renewal cycle is already running keep that cycle
    (`renewal_enroll_from_application` returns it), so they are not candidates.
    """
    enrolled = Credential.objects.filter(source_application=OuterRef("pk"))
    running = Credential.objects.filter(
        user_id=OuterRef("user_id"),
        program_id=OuterRef("program__enrolls_in_id"),
        status=CredentialStatus.ACTIVE,
    )
    return Credential.objects.filter(
        status=CredentialStatus.COMPLETED,
        program__kind=Program.Kind.APPLICATION,
        program__enrolls_in__isnull=False,
        completed_at__lte=now,
    ).filter(~Exists(enrolled), ~Exists(running))


def renewal_enrollments_ensure(*, now, dry_run=False, batch_size=BATCH_SIZE) -> JobResult:
    """Every approved application gets its renewal-credits credential (idempotent per application)."""
    result = JobResult(RENEWAL_ENROLLMENTS, dry_run, {"enrolled": 0})
    qs = enrollment_candidates(now=now)
    if dry_run:
        result.add("enrolled", qs.count())
        return result
    for batch in batches(qs, batch_size=batch_size, objects=True):
        for application in batch:
            credential = renewal_enroll_from_application(application=application, now=now)
            certification_award(application=application, now=now)
            if credential is not None and credential.source_application_id == application.pk:
                result.add("enrolled")
    return result


# --- Running and recording -------------------------------------------------------------------------------

SWEEPS = {
    UPLOAD_WINDOWS: upload_windows_enforce,
    RENEWAL_CYCLES: renewal_cycles_enforce,
    RENEWAL_ENROLLMENTS: renewal_enrollments_ensure,
}


def sweep_run(*, name, now, dry_run=False, batch_size=BATCH_SIZE) -> JobRun:
    """Run one of this app's sweeps (SWEEPS[name]) through the shared runner, which records it in JobRun."""
    return job_run(name=name, sweep=SWEEPS[name], now=now, dry_run=dry_run, batch_size=batch_size)


def sweeps_run_all(*, now, dry_run=False, batch_size=BATCH_SIZE) -> list[JobRun]:
    """Every sweep, enrollment first (so a newly enrolled cycle is in place before cycles are checked), the
    certifications last (after the cycles they follow)."""
    return [
        sweep_run(name=name, now=now, dry_run=dry_run, batch_size=batch_size)
        for name in (RENEWAL_ENROLLMENTS, UPLOAD_WINDOWS, RENEWAL_CYCLES, sweeps_certification.CERTIFICATIONS)
    ]


# issue 12: the certification sweep (its own module) is one more sweep of this runner.
from credentials import sweeps_certification  # noqa: E402

SWEEPS[sweeps_certification.CERTIFICATIONS] = sweeps_certification.certifications_enforce
JOB_LABELS[sweeps_certification.CERTIFICATIONS] = sweeps_certification.JOB_LABEL
