"""The certification sweep: reminders 90, 30 and 7 days before valid-through, and the lapse at 11:59 pm Eastern.

Same shape and guarantees as the deadline sweeps in credentials/sweeps.py (registered there, so it is part
of `enforce_deadlines`, the Celery beat schedule and the job history): handed `now`, selects `<= now`,
batches of BATCH_SIZE chosen by one query and locked `FOR UPDATE SKIP LOCKED`, keyed emails, so a second run,
a retry or a catch-up after a week down changes nothing twice and mails nobody twice.
"""

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.db.models import CharField, Exists, OuterRef, Value
from django.db.models.functions import Cast, Concat

from credentials import rules
from credentials.certification import (
    certification_event_record,
    certification_label,
    certifications_lapse_many,
)
from credentials.models import (
    Certification,
    CertificationEvent,
    CertificationStatus,
    Credential,
    Program,
)
from credentials.selectors import with_earned
from portal.jobs import BATCH_SIZE, JobResult, batches

CERTIFICATIONS = "enforce_certifications"
JOB_LABEL = "Certifications (reminders and lapse)"


def reminder_key(certification_id, days, valid_through) -> str:
    return f"certification:{certification_id}:reminder:{days}:{valid_through.isoformat()}"


def _reminder_key_sql(days):
    """SQL twin of reminder_key."""
    return Concat(
        Value("certification:"),
        Cast("pk", CharField()),
        Value(f":reminder:{days}:"),
        Cast("valid_through", CharField()),
        output_field=CharField(),
    )


def _base():
    """credentials.sweeps (its shared pieces), imported when called: it imports this module to register it."""
    from credentials import sweeps

    return sweeps


def lapse_candidates(*, now):
    """VALID certifications whose valid-through date ended (11:59 pm Eastern) at or before `now`."""
    return Certification.objects.filter(
        status=CertificationStatus.VALID, valid_through__lte=_base().last_ended_cycle_end(now)
    )


def reminder_candidates(*, now, program, days, closer_days):
    """VALID certifications of `program` whose valid-through date is within `days` (and not within the closer
    reminder's window: catch-up sends only the closest reminder due), not yet reminded for this date."""
    today = rules.local_date(now)
    qs = Certification.objects.filter(
        status=CertificationStatus.VALID,
        program=program,
        valid_through__gt=_base().last_ended_cycle_end(now),
        valid_through__lte=today + dt.timedelta(days=days),
    )
    if closer_days is not None:
        qs = qs.filter(valid_through__gt=today + dt.timedelta(days=closer_days))
    return _base()._without_recorded_email(qs, _reminder_key_sql(days))


def without_certification_reminder(queryset, *, program, days):
    """For credentials.sweeps' cycle reminders of `program`: a cycle that ends on a VALID certification's
    valid-through date gets the certification's reminder on the same days instead (one email, hours included)."""
    if days not in (program.certification_reminder_days or []):
        return queryset
    backed = Certification.objects.filter(
        user_id=OuterRef("user_id"),
        program=program,
        status=CertificationStatus.VALID,
        valid_through=OuterRef("cycle_end"),
    )
    return queryset.filter(~Exists(backed))


@transaction.atomic
def _reminder_send(*, certification, days, now) -> int:
    from accounts.emails import email_send_once

    program = certification.program
    cycle = (
        with_earned(Credential.objects.filter(user_id=certification.user_id, program=program))
        .order_by("-cycle_start", "-pk")
        .first()
    )
    earned = cycle.earned if cycle else Decimal("0")
    sent = email_send_once(
        key=reminder_key(certification.pk, days, certification.valid_through),
        user=certification.user,
        subject=f"Reminder: your {certification_label(program)} is valid through "
        f"{certification.valid_through:%m/%d/%Y}",
        template="certification_reminder",
        context={
            "certification": certification,
            "label": certification_label(program),
            "days_left": rules.days_left(rules.certification_lapse_moment(certification.valid_through), now),
            "hours_complete": rules.is_completed(earned, program.required_hours),
            "earned": earned,
            "required": program.required_hours,
        },
    )
    if sent:
        certification_event_record(
            certification=certification,
            kind=CertificationEvent.Kind.REMINDER,
            now=now,
            note=f"Reminder emailed ({days} days before valid-through).",
        )
    return int(sent)


def certifications_enforce(*, now, dry_run=False, batch_size=BATCH_SIZE):
    """Reminders before valid-through while no renewal is approved; at valid-through, LAPSED."""
    base = _base()
    result = JobResult(CERTIFICATIONS, dry_run, {"reminders": 0, "lapsed": 0})
    programs = Program.objects.filter(kind=Program.Kind.RENEWAL_CREDITS).exclude(
        certification_reminder_days=[]
    )
    for program in programs:
        for days, closer in base._windows(program.certification_reminder_days):
            qs = reminder_candidates(now=now, program=program, days=days, closer_days=closer)
            if dry_run:
                result.add("reminders", qs.count())
                continue
            for batch in batches(qs.select_related("user", "program"), batch_size=batch_size, objects=True):
                for certification in batch:
                    result.add("reminders", _reminder_send(certification=certification, days=days, now=now))
    candidates = lapse_candidates(now=now)
    if dry_run:
        result.add("lapsed", candidates.count())
        return result
    last = 0
    while True:
        with transaction.atomic():
            batch = (
                candidates.filter(pk__gt=last)
                .order_by("pk")
                .select_for_update(skip_locked=True, of=("self",))[:batch_size]
            )
            lapsed = certifications_lapse_many(locked=batch, now=now)
        if not lapsed:
            return result
        last = lapsed[-1]
        result.add("lapsed", len(lapsed))
