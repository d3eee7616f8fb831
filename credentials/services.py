"""Every write to a credential: registration, enrollment, credit, completion, expiry, deadline changes.

Conventions (see STYLE.md): keyword-only arguments, `now` passed in, row locks for transitions,
one CredentialEvent per change, emails through `accounts.emails.email_send_once` (sent on commit, once).
"""

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ImproperlyConfigured
from django.db import IntegrityError, connection, transaction

from accounts.emails import email_send_once
from accounts.models import SentEmail, User
from accounts.services import dashboard_changed
from credentials import files, rules
from credentials.models import (
    Compliance,
    Credential,
    CredentialEvent,
    CredentialStatus,
    CreditEntry,
    ExternalFile,
    Program,
)
from credentials.selectors import with_earned


class CredentialError(Exception):
    """A refused change; the message is meant for the user."""


ALLOWED_TRANSITIONS = {
    CredentialStatus.ACTIVE: {CredentialStatus.COMPLETED, CredentialStatus.EXPIRED},
    CredentialStatus.COMPLETED: set(),
    CredentialStatus.EXPIRED: set(),
}
COMPLIANCE_FOR = {
    CredentialStatus.ACTIVE: Compliance.IN_PROGRESS,
    CredentialStatus.COMPLETED: Compliance.COMPLIANT,
    CredentialStatus.EXPIRED: Compliance.NON_COMPLIANT,
}


def credential_event_record(*, credential, kind, now, actor=None, from_value="", to_value="", note=""):
    return CredentialEvent.objects.create(
        credential=credential,
        kind=kind,
        actor=actor,
        from_value=str(from_value),
        to_value=str(to_value),
        note=note,
        at=now,
    )


def _transition(*, credential_id, to_status, now, actor=None, note="") -> tuple[Credential, bool]:
    """Lock the credential and move it to `to_status`. Returns (credential, changed).

    Safe to repeat: a credential already in the target state is returned unchanged.
    """
    credential = (
        Credential.objects.select_for_update().select_related("program", "user").get(pk=credential_id)
    )
    if credential.status == to_status:
        return credential, False
    if to_status not in ALLOWED_TRANSITIONS[credential.status]:
        raise CredentialError(
            f"{credential.program.credential_name} is {credential.get_status_display()} and cannot become "
            f"{CredentialStatus(to_status).label}."
        )
    from_status = credential.status
    credential.status = to_status
    credential.compliance = COMPLIANCE_FOR[to_status]
    if to_status == CredentialStatus.COMPLETED:
        credential.completed_at = now
    elif to_status == CredentialStatus.EXPIRED:
        credential.expired_at = now
    credential.save(update_fields=["status", "compliance", "completed_at", "expired_at"])
    credential_event_record(
        credential=credential,
        kind="status",
        now=now,
        actor=actor,
        from_value=CredentialStatus(from_status).label,
        to_value=CredentialStatus(to_status).label,
        note=note,
    )
    return credential, True


# --- Reads used by the rules below -------------------------------------------------------------------


def credential_earned(*, credential) -> Decimal:
    """Contact hours earned in this credential's cycle: the sum of its credit ledger (`selectors.with_earned`)."""
    return with_earned(Credential.objects.filter(pk=credential.pk)).values_list("earned", flat=True).get()


def program_registration_refusal(*, user, program, now) -> str | None:
    """Why `user` may not register for `program` now, naming exactly what is missing; None if allowed."""
    if Credential.objects.filter(user=user, program=program, status=CredentialStatus.ACTIVE).exists():
        return f"You are already registered for {program.name}; it is active in your Credentials box."
    missing = list(
        program.prerequisite_courses.exclude(enrollments__user=user, enrollments__completed_at__isnull=False)
        .order_by("title")
        .values_list("title", flat=True)
    )
    if missing:
        return f"Complete these courses before registering for {program.name}: {', '.join(missing)}."
    if program.prerequisite_program_id:
        prereq = program.prerequisite_program
        latest = Credential.objects.filter(user=user, program=prereq).order_by("-cycle_start", "-id").first()
        if latest is None:
            return f"You must be enrolled in {prereq.credential_name} and complete it before registering."
        if latest.status != CredentialStatus.COMPLETED:
            needed = max(prereq.required_hours - credential_earned(credential=latest), Decimal("0"))
            return (
                f"Your {prereq.credential_name} credential must be COMPLETED before you apply for renewal: "
                f"you still need {needed.normalize():f} contact hours."
            )
    elif program.enrolls_in_id and program.is_application:
        current = Credential.objects.filter(
            user=user, program_id=program.enrolls_in_id, status__in=[CredentialStatus.ACTIVE]
        ).first()
        if current is not None:
            return (
                f"You are already certified and enrolled in {current.program.credential_name}; "
                "apply for renewal once you have earned its contact hours."
            )
    return None


# --- Registration and enrollment ------------------------------------------------------------------------


@transaction.atomic
def application_register(*, user, program, now, actor=None) -> Credential:
    """Register `user` for an application program (checkout): cycle, upload deadline, history, email."""
    refusal = program_registration_refusal(user=user, program=program, now=now)
    if refusal:
        raise CredentialError(refusal)
    registered_on = rules.local_date(now)
    if program.is_application:
        start, end = rules.application_cycle(registered_on, program.cycle_days or 60)
        deadline = rules.upload_deadline(registered_on, program.upload_window_days)
    else:
        start, end = rules.renewal_cycle(registered_on, program.cycle_years or 5)
        deadline = None
    try:
        with transaction.atomic():
            credential = Credential.objects.create(
                user=user,
                program=program,
                cycle_start=start,
                cycle_end=end,
                registered_at=now,
                upload_deadline=deadline,
            )
    except IntegrityError as exc:
        raise CredentialError(f"You are already registered for {program.name}.") from exc
    credential_event_record(
        credential=credential, kind="registered", now=now, actor=actor or user, to_value="ACTIVE"
    )
    if deadline:
        email_send_once(
            key=f"credential:{credential.pk}:registered",
            user=user,
            subject=f"You registered for {program.name}",
            template="application_registered",
            context={"credential": credential, "program": program, "deadline": deadline},
        )
    return credential


@transaction.atomic
def renewal_enroll_from_application(*, application, now, actor=None) -> Credential | None:
    """Enroll the learner of an approved application in its renewal-credits program (or open the next cycle).

    Idempotent: the unique `source_application` means a retry, double click or job re-run returns the
    credential created the first time.
    """
    application = Credential.objects.select_for_update().select_related("program").get(pk=application.pk)
    target = application.program.enrolls_in
    if target is None or application.status != CredentialStatus.COMPLETED:
        return None
    existing = Credential.objects.filter(source_application=application).first()
    if existing is not None:
        return existing
    approved_on = rules.local_date(application.completed_at or now)
    current = (
        Credential.objects.select_for_update()
        .filter(user_id=application.user_id, program=target)
        .order_by("-cycle_start", "-id")
        .first()
    )
    if application.program.prerequisite_program_id and current is not None:
        start = rules.next_renewal_cycle_start(current.cycle_end, approved_on)
    else:
        start = approved_on
    start, end = rules.renewal_cycle(start, target.cycle_years or 5)
    if current is not None and current.status == CredentialStatus.ACTIVE:
        # An initial application approved while a cycle is already running: keep the running cycle.
        return current
    credential = Credential.objects.create(
        user_id=application.user_id,
        program=target,
        cycle_start=start,
        cycle_end=end,
        registered_at=now,
        previous=current,
        source_application=application,
    )
    credential_event_record(
        credential=credential,
        kind="enrolled",
        now=now,
        actor=actor,
        to_value="ACTIVE",
        note=f"Enrolled on approval of {application.program.credential_name}.",
    )
    email_send_once(
        key=f"credential:{credential.pk}:enrolled",
        user=application.user,
        subject=f"You are enrolled in {target.credential_name}",
        template="renewal_enrolled",
        context={"credential": credential, "program": target},
    )
    return credential


# --- Decisions and status changes ------------------------------------------------------------------------


@transaction.atomic
def application_complete(*, credential, now, actor, note="") -> Credential:
    """A reviewer approved the application's file: COMPLETED / COMPLIANT, then renewal enrollment, email."""
    credential, changed = _transition(
        credential_id=credential.pk, to_status=CredentialStatus.COMPLETED, now=now, actor=actor, note=note
    )
    if changed:
        email_send_once(
            key=f"credential:{credential.pk}:approved",
            user=credential.user,
            subject=f"{credential.program.credential_name} approved",
            template="application_approved",
            context={"credential": credential, "note": note},
        )
    renewal_enroll_from_application(application=credential, now=now, actor=actor)
    return credential


EXPIRY_EMAIL_TEMPLATE = "credential_expired"


def credential_expiry_email_key(credential_id) -> str:
    """One expiry email per credential, whichever path (one row or a batch) expired it."""
    return f"credential:{credential_id}:expired"


@transaction.atomic
def credential_expire(*, credential, now, actor=None, note="") -> tuple[Credential, bool]:
    """ACTIVE -> EXPIRED / NON-COMPLIANT (upload window closed, or a renewal cycle ended short)."""
    credential, changed = _transition(
        credential_id=credential.pk, to_status=CredentialStatus.EXPIRED, now=now, actor=actor, note=note
    )
    if changed:
        email_send_once(
            key=credential_expiry_email_key(credential.pk),
            user=credential.user,
            subject=f"{credential.program.credential_name} has expired",
            template=EXPIRY_EMAIL_TEMPLATE,
            context={"credential": credential, "note": note},
        )
    return credential, changed


# The statuses a credential may expire from, read off the transitions table. The batch records ACTIVE as
# the from-status of each event, so it refuses to load if the table ever lets another status expire.
_EXPIRABLE = [
    status for status, targets in ALLOWED_TRANSITIONS.items() if CredentialStatus.EXPIRED in targets
]
if _EXPIRABLE != [CredentialStatus.ACTIVE]:
    raise ImproperlyConfigured("credentials_expire_many records ACTIVE as every expired row's from-status")


def credentials_expire_many(*, locked, now, note) -> list[int]:
    """`credential_expire` for many rows at once, set-based (the scheduled sweeps' expiry).

    `locked` is a Credential queryset the caller has already restricted to ACTIVE rows that are due and
    locked (`select_for_update`, in the caller's transaction; it may be ordered and sliced). This writes what
    `credential_expire` writes, in a fixed number of statements whatever the batch size: EXPIRED /
    NON-COMPLIANT with `expired_at`, a status event each, and the email records under the same key (an
    outbox: the caller delivers them on commit, see `credentials.sweeps.expiry_emails_deliver`). Returns the
    ids, in the queryset's order.
    """
    rows = list(locked.values_list("pk", "user_id", "program__credential_name"))
    if not rows:
        return []
    ids = [pk for pk, _, _ in rows]
    if connection.vendor == "postgresql":
        _expire_many_postgresql(ids=ids, note=note, now=now)
    else:
        _expire_many_orm(rows=rows, note=note, now=now)
    return ids


def _expire_many_sql():
    """The expiry statement; table names come from the models' Meta, every value is a query parameter."""
    names = {
        "<credential>": Credential._meta.db_table,
        "<event>": CredentialEvent._meta.db_table,
        "<email>": SentEmail._meta.db_table,
        "<program>": Program._meta.db_table,
        "<user>": User._meta.db_table,
    }
    sql = """
            WITH expired AS (
                UPDATE <credential>
                   SET status = %(to)s, compliance = %(compliance)s, expired_at = %(now)s
                 WHERE id = ANY(%(pks)s) AND status = ANY(%(from)s)
             RETURNING id, user_id, program_id
            ), events AS (
                INSERT INTO <event> (credential_id, kind, from_value, to_value, note, at)
                SELECT id, 'status', %(from_label)s, %(to_label)s, %(note)s, %(now)s FROM expired
            ), dashboards AS (
                -- accounts.services.dashboard_changed, in the same statement (no signal for an UPDATE)
                UPDATE <user> SET dashboard_version = dashboard_version + 1
                 WHERE id IN (SELECT user_id FROM expired)
            )
            INSERT INTO <email> (key, user_id, subject, template, created_at)
            SELECT 'credential:' || e.id || ':expired', e.user_id, p.credential_name || ' has expired',
                   %(template)s, statement_timestamp()
              FROM expired e JOIN <program> p ON p.id = e.program_id
            ON CONFLICT (key) DO NOTHING
    """
    for name, table in names.items():
        sql = sql.replace(name, table)
    return sql


def _expire_many_postgresql(*, ids, note, now):
    """One statement: UPDATE ... RETURNING feeds the status events, the owners' dashboard versions and the
    email records (outbox)."""
    with connection.cursor() as cursor:
        cursor.execute(
            _expire_many_sql(),
            {
                "pks": ids,
                "from": [status.value for status in _EXPIRABLE],
                "to": CredentialStatus.EXPIRED.value,
                "compliance": COMPLIANCE_FOR[CredentialStatus.EXPIRED].value,
                "from_label": CredentialStatus.ACTIVE.label,
                "to_label": CredentialStatus.EXPIRED.label,
                "note": note,
                "now": now,
                "template": EXPIRY_EMAIL_TEMPLATE,
            },
        )


def _expire_many_orm(*, rows, note, now):
    """The same writes as _expire_many_postgresql, for SQLite (development): two UPDATEs and two bulk inserts."""
    pks = [pk for pk, _, _ in rows]
    dashboard_changed(user_ids={user_id for _, user_id, _ in rows})
    Credential.objects.filter(pk__in=pks, status__in=_EXPIRABLE).update(
        status=CredentialStatus.EXPIRED,
        compliance=COMPLIANCE_FOR[CredentialStatus.EXPIRED],
        expired_at=now,
    )
    CredentialEvent.objects.bulk_create(
        [
            CredentialEvent(
                credential_id=pk,
                kind="status",
                from_value=CredentialStatus.ACTIVE.label,
                to_value=CredentialStatus.EXPIRED.label,
                note=note,
                at=now,
            )
            for pk in pks
        ],
        batch_size=1000,
    )
    SentEmail.objects.bulk_create(
        [
            SentEmail(
                key=credential_expiry_email_key(pk),
                user_id=user_id,
                subject=f"{name} has expired",
                template=EXPIRY_EMAIL_TEMPLATE,
            )
            for pk, user_id, name in rows
        ],
        batch_size=1000,
        ignore_conflicts=True,
    )


@transaction.atomic
def credential_refresh_completion(*, credential, now, actor=None) -> Credential:
    """A renewal-credits credential becomes COMPLETED / COMPLIANT as soon as earned >= required."""
    credential = Credential.objects.select_for_update().select_related("program").get(pk=credential.pk)
    if (
        credential.program.kind != Program.Kind.RENEWAL_CREDITS
        or credential.status != CredentialStatus.ACTIVE
    ):
        return credential
    earned = credential_earned(credential=credential)
    if rules.is_completed(earned, credential.program.required_hours):
        credential, changed = _transition(
            credential_id=credential.pk,
            to_status=CredentialStatus.COMPLETED,
            now=now,
            actor=actor,
            note=f"{earned.normalize():f} of {credential.program.required_hours.normalize():f} contact hours earned.",
        )
        if changed:
            email_send_once(
                key=f"credential:{credential.pk}:completed",
                user=credential.user,
                subject=f"{credential.program.credential_name} completed",
                template="credential_completed",
                context={"credential": credential, "earned": earned},
            )
    return credential


@transaction.atomic
def credential_add_credit(
    *, credential, source, source_key, hours, activity_date, title, description="", now, actor=None
) -> CreditEntry:
    """Add one ledger line (idempotent by `source_key`) and complete the credential if it now has enough."""
    entry, created = CreditEntry.objects.get_or_create(
        source_key=source_key,
        defaults={
            "credential": credential,
            "source": source,
            "hours": hours,
            "activity_date": activity_date,
            "title": title,
            "description": description,
            "created_at": now,
        },
    )
    if created:
        credential_event_record(
            credential=credential,
            kind="credit",
            now=now,
            actor=actor,
            to_value=f"+{Decimal(hours).normalize():f}",
            note=title,
        )
        credential_refresh_completion(credential=credential, now=now, actor=actor)
    return entry


def course_completed_credit(*, enrollment, now) -> list[CreditEntry]:
    """A completed course counts toward every ACTIVE renewal-credits credential whose cycle holds its date."""
    completed_on = rules.local_date(enrollment.completed_at)
    targets = Credential.objects.filter(
        user_id=enrollment.user_id,
        status=CredentialStatus.ACTIVE,
        program__kind=Program.Kind.RENEWAL_CREDITS,
        cycle_start__lte=completed_on,
        cycle_end__gte=completed_on,
    )
    course = enrollment.course
    return [
        credential_add_credit(
            credential=credential,
            source=CreditEntry.Source.COURSE,
            source_key=f"enrollment:{enrollment.pk}:credential:{credential.pk}",
            hours=course.contact_hours,
            activity_date=completed_on,
            title=course.title,
            description="Learning Portal course",
            now=now,
        )
        for credential in targets
        if course.contact_hours > 0
    ]


@transaction.atomic
def credential_extend_deadline(*, credential, new_date: dt.date, now, actor, note) -> Credential:
    """A reviewer moves an application's upload deadline; recorded with who, when, from, to and why."""
    credential = Credential.objects.select_for_update().select_related("program").get(pk=credential.pk)
    if credential.status != CredentialStatus.ACTIVE or credential.upload_deadline is None:
        raise CredentialError("Only an active application's upload deadline can be changed.")
    if not note.strip():
        raise CredentialError("Say why the deadline changes.")
    problem = rules.staff_deadline_error(new_date, rules.local_date(now))
    if problem:
        raise CredentialError(problem)
    new_deadline = rules.end_of_day(new_date)
    if new_deadline == credential.upload_deadline:
        return credential
    old = credential.upload_deadline
    credential.upload_deadline = new_deadline
    fields = ["upload_deadline", "reminders_sent"]
    credential.reminders_sent = []
    if new_date > credential.cycle_end:
        credential.cycle_end = new_date
        fields.append("cycle_end")
    credential.save(update_fields=fields)
    credential_event_record(
        credential=credential,
        kind="deadline",
        now=now,
        actor=actor,
        from_value=rules.local_date(old).strftime("%m/%d/%Y"),
        to_value=new_date.strftime("%m/%d/%Y"),
        note=note,
    )
    return credential


# --- External Files ----------------------------------------------------------------------------------


def credential_upload_refusal(*, credential, now) -> str | None:
    """Why a file cannot be uploaded for `credential` now (a message for the learner); None if it can."""
    program = credential.program
    if not program.is_application:
        return f"{program.credential_name} does not take uploaded files."
    if credential.status != CredentialStatus.ACTIVE:
        return (
            f"{program.credential_name} is {credential.get_status_display()}: files can only be uploaded "
            "while it is ACTIVE."
        )
    if credential.upload_deadline is None:
        return f"{program.credential_name} has no upload window."
    if now > credential.upload_deadline:
        closed_on = rules.local_date(credential.upload_deadline).strftime("%m/%d/%Y")
        return f"The upload window for {program.credential_name} closed on {closed_on}."
    pending = credential.files.filter(
        status__in=[ExternalFile.Status.SUBMITTED, ExternalFile.Status.APPROVED, ExternalFile.Status.SCANNING]
    ).first()
    if pending is not None:
        if pending.status == ExternalFile.Status.APPROVED:
            return f"Your file for {program.credential_name} was already approved."
        return (
            f"Your file “{pending.original_name}” is awaiting KDLA review; you can upload another one only "
            "if it is returned to you."
        )
    return None


@transaction.atomic
def external_file_upload(*, user, credential, document_type, description, uploaded_file, now) -> ExternalFile:
    """A learner uploads the required document for their own ACTIVE application before its deadline.

    The content is checked first (nothing is stored for a refused file); the row, the stored file, the
    history event and the "upload received" email happen together; on any error the stored file is deleted.
    Raises CredentialError (rules) or django ValidationError (the file itself).
    """
    credential = (
        Credential.objects.select_for_update().select_related("program", "user").get(pk=credential.pk)
    )
    if credential.user_id != user.pk:
        raise CredentialError("You can only upload files for your own credentials.")
    refusal = credential_upload_refusal(credential=credential, now=now)
    if refusal:
        raise CredentialError(refusal)
    if not credential.program.document_types.filter(pk=document_type.pk).exists():
        raise CredentialError(
            f"{document_type.name} is not a document of {credential.program.credential_name}."
        )
    description = (description or "").strip()
    if not description:
        raise CredentialError("Enter a short description of the file you are uploading.")
    content_type, _extension = files.validate_upload(uploaded_file)
    external_file = ExternalFile(
        owner=user,
        credential=credential,
        document_type=document_type,
        description=description[:300],
        file=uploaded_file,
        original_name=files.display_name(uploaded_file.name),
        content_type=content_type,
        size=uploaded_file.size,
        uploaded_at=now,
        status=ExternalFile.Status.SCANNING if files.virus_scan_enabled() else ExternalFile.Status.SUBMITTED,
    )
    with files.delete_stored_files_on_error(external_file.file):
        external_file.save()
        if external_file.status == ExternalFile.Status.SCANNING:
            from credentials.tasks import scan_external_file

            files.virus_scan_enqueue(scan_external_file, external_file.pk)
        credential_event_record(
            credential=credential,
            kind="file_uploaded",
            now=now,
            actor=user,
            to_value=ExternalFile.Status.SUBMITTED.label,
            note=f"{document_type.name}: {external_file.original_name} ({description[:200]})",
        )
        email_send_once(
            key=f"file:{external_file.pk}:received",
            user=user,
            subject=f"We received your file for {credential.program.credential_name}",
            template="file_received",
            context={"credential": credential, "external_file": external_file},
        )
    return external_file


def _external_file_lock(*, external_file) -> ExternalFile:
    return (
        # Lock only the file row. `decided_by` is not joined: after waiting for another reviewer's lock,
        # PostgreSQL re-reads the locked row but not joined rows, so it is loaded fresh when needed.
        ExternalFile.objects.select_for_update(of=("self",))
        .select_related("credential__program", "owner", "document_type")
        .get(pk=external_file.pk)
    )


def external_file_already_decided(external_file) -> str:
    """The message a second reviewer sees: who decided this file, and when."""
    who = external_file.decided_by.display_name if external_file.decided_by else "another reviewer"
    when = (
        external_file.decided_at.astimezone(rules.EASTERN).strftime("%m/%d/%Y at %I:%M %p").replace(" 0", " ")
        if external_file.decided_at
        else "earlier"
    )
    return f"This file was already {external_file.get_status_display().lower()} by {who} on {when}."


def _external_file_decide(*, external_file, to_status, reviewer, message, now, event_kind, event_note):
    """Lock a submitted file and record the reviewer's decision on it. Returns (file, changed).

    Repeating the same decision changes nothing; any other earlier decision is refused with who and when.
    """
    external_file = _external_file_lock(external_file=external_file)
    if external_file.status == to_status:
        return external_file, False
    if external_file.status != ExternalFile.Status.SUBMITTED:
        raise CredentialError(external_file_already_decided(external_file))
    external_file.status = to_status
    external_file.decided_at = now
    external_file.decided_by = reviewer
    external_file.reviewer_message = message
    external_file.save(update_fields=["status", "decided_at", "decided_by", "reviewer_message"])
    credential_event_record(
        credential=external_file.credential,
        kind=event_kind,
        now=now,
        actor=reviewer,
        from_value=ExternalFile.Status.SUBMITTED.label,
        to_value=ExternalFile.Status(to_status).label,
        note=event_note(external_file),
    )
    return external_file, True


@transaction.atomic
def external_file_approve(*, external_file, reviewer, now, note="") -> ExternalFile:
    """Approve a submitted file: the file is APPROVED and its application COMPLETED / COMPLIANT (which
    enrolls the learner in renewal credits). Repeating it changes nothing; a returned file cannot be approved.
    """
    external_file, changed = _external_file_decide(
        external_file=external_file,
        to_status=ExternalFile.Status.APPROVED,
        reviewer=reviewer,
        message=note,
        now=now,
        event_kind="file_approved",
        event_note=lambda f: note or f"{f.document_type.name}: {f.original_name}",
    )
    if changed:
        application_complete(credential=external_file.credential, now=now, actor=reviewer, note=note)
    return external_file


@transaction.atomic
def external_file_return(*, external_file, reviewer, message, now) -> ExternalFile:
    """Return a submitted file for more information: the learner is emailed the message and may upload again
    before the deadline. Repeating it changes nothing.
    """
    message = (message or "").strip()
    if not message:
        raise CredentialError("Write a message to the learner saying what is needed.")
    external_file, changed = _external_file_decide(
        external_file=external_file,
        to_status=ExternalFile.Status.RETURNED,
        reviewer=reviewer,
        message=message,
        now=now,
        event_kind="file_returned",
        event_note=lambda f: message,
    )
    if changed:
        credential = external_file.credential
        email_send_once(
            key=f"file:{external_file.pk}:returned",
            user=external_file.owner,
            subject=f"More information is needed for {credential.program.credential_name}",
            template="application_returned",
            context={"credential": credential, "external_file": external_file, "message": message},
        )
    return external_file


# --- c3: virus scan verdicts (uploads held as SCANNING while CLAMD_HOST is set) ----------------------------


@transaction.atomic
def external_file_scanned(*, external_file_id, signature, now) -> ExternalFile:
    """Record clamd's verdict on a held upload: clean -> awaiting review; infected -> file deleted, refused.

    Idempotent: a file no longer SCANNING (a redelivered task) is left as it is.
    """
    external_file = (
        ExternalFile.objects.select_for_update(of=("self",))
        .select_related("credential__program", "owner")
        .get(pk=external_file_id)
    )
    if external_file.status != ExternalFile.Status.SCANNING:
        return external_file
    if signature is None:
        external_file.status = ExternalFile.Status.SUBMITTED
        external_file.save(update_fields=["status"])
        return external_file
    name = external_file.file.name
    external_file.status = ExternalFile.Status.INFECTED
    external_file.reviewer_message = files.infected_message(external_file.original_name, signature)
    external_file.decided_at = now
    external_file.save(update_fields=["status", "reviewer_message", "decided_at"])
    credential_event_record(
        credential=external_file.credential,
        kind="file_infected",
        now=now,
        from_value=ExternalFile.Status.SCANNING.label,
        to_value=ExternalFile.Status.INFECTED.label,
        note=f"{external_file.original_name}: {signature}. The stored file was deleted.",
    )
    transaction.on_commit(lambda: external_file.file.storage.delete(name))
    return external_file
