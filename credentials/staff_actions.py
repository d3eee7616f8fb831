"""What KDLA staff do to a learner's credentials from the person page or a command (issue 13):
enroll in a renewal-credits program, reinstate an expired application with a new window, and reverse a
ledger line when a credit decision is reopened. Deadline extensions are `services.credential_extend_deadline`.

Same conventions as credentials.services: keyword-only, `now` passed in, row locks, one CredentialEvent per
change, emails once on commit.
"""

import datetime as dt

from django.db import IntegrityError, transaction

from accounts.emails import email_send_once
from credentials import rules
from credentials.models import Credential, CredentialStatus, CreditEntry, EventKind, Program
from credentials.services import CredentialError, credential_event_record, credential_transition


@transaction.atomic
def credential_enroll(*, user, program, start: dt.date, now, actor, note="") -> Credential:
    """Enroll `user` in a renewal-credits `program` (e.g. Paraprofessional I) with a cycle from `start`.

    The cycle must not have ended already; `start` is not in the future. Completions from before the
    credential existed do not carry over (DOMAIN.md). Recorded and emailed like an automatic enrollment.
    """
    if program.kind != Program.Kind.RENEWAL_CREDITS:
        raise CredentialError(f"{program.name} is an application: staff register for it themselves.")
    today = rules.local_date(now)
    if start > today:
        raise CredentialError("The cycle cannot start in the future.", field="start")
    start, end = rules.renewal_cycle(start, program.required_setting("cycle_years"))
    if end <= today:
        raise CredentialError(
            f"A cycle from {start:%m/%d/%Y} would have ended on {end:%m/%d/%Y}: choose a later start date.",
            field="start",
        )
    if Credential.objects.filter(user=user, program=program, status=CredentialStatus.ACTIVE).exists():
        raise CredentialError(
            f"{user.display_name} is already enrolled in {program.credential_name} (ACTIVE)."
        )
    previous = Credential.objects.filter(user=user, program=program).order_by("-cycle_start", "-id").first()
    try:
        with transaction.atomic():
            credential = Credential.objects.create(
                user=user,
                program=program,
                cycle_start=start,
                cycle_end=end,
                registered_at=now,
                previous=previous,
            )
    except IntegrityError as error:
        raise CredentialError(
            f"{user.display_name} already has a {program.credential_name} cycle starting {start:%m/%d/%Y}."
        ) from error
    credential_event_record(
        credential=credential,
        kind=EventKind.ENROLLED,
        now=now,
        actor=actor,
        to_value=CredentialStatus.ACTIVE.label,
        note=note or f"Enrolled by KDLA from {start:%m/%d/%Y}.",
    )
    email_send_once(
        key=f"credential:{credential.pk}:enrolled",
        user=user,
        subject=f"You are enrolled in {program.credential_name}",
        template="renewal_enrolled",
        context={"credential": credential, "program": program},
    )
    return credential


@transaction.atomic
def application_reinstate(*, credential, new_date: dt.date, now, actor, note) -> Credential:
    """EXPIRED application -> ACTIVE / IN PROGRESS with a new upload window ending on `new_date`."""
    credential = (
        Credential.objects.select_for_update().select_related("program", "user").get(pk=credential.pk)
    )
    program = credential.program
    note = (note or "").strip()
    if not note:
        raise CredentialError("Say why the application is reinstated.")
    if not program.is_application:
        raise CredentialError(f"{program.credential_name} is not an application.")
    if credential.status != CredentialStatus.EXPIRED:
        raise CredentialError(
            f"{program.credential_name} is {credential.get_status_display()}: only an EXPIRED application "
            "can be reinstated."
        )
    problem = rules.staff_deadline_error(new_date, rules.local_date(now))
    if problem:
        raise CredentialError(problem, field="new_date")
    if Credential.objects.filter(
        user_id=credential.user_id, program=program, status=CredentialStatus.ACTIVE
    ).exists():
        raise CredentialError(
            f"{credential.user.display_name} has registered for {program.name} again: extend that "
            "application's window instead."
        )
    credential, _changed = credential_transition(
        credential_id=credential.pk,
        to_status=CredentialStatus.ACTIVE,
        now=now,
        actor=actor,
        kind=EventKind.REINSTATED,
        note=f"New upload deadline {new_date:%m/%d/%Y}. {note}",
        fields={
            "expired_at": None,
            "upload_deadline": rules.end_of_day(new_date),
            "reminders_sent": [],
            "cycle_end": max(credential.cycle_end, new_date),
        },
        email=lambda c: {
            "key": f"credential:{c.pk}:reinstated:{now.isoformat()}",
            "user": c.user,
            "subject": f"{program.credential_name} is open again",
            "template": "application_reinstated",
            "context": {"credential": c, "program": program, "deadline": c.upload_deadline},
        },
    )
    return credential


@transaction.atomic
def credit_entry_reverse(*, source_key, reversal_key, now, actor, note) -> CreditEntry | None:
    """Cancel the ledger line `source_key` with a negative line of its own (never editing or deleting it).

    Returns the reversal (the existing one on a repeat), or None if there was nothing to reverse. Refused
    when the credential is no longer ACTIVE: a COMPLETED or EXPIRED cycle is not reopened by a reversal.
    """
    entry = CreditEntry.objects.select_related("credential__program").filter(source_key=source_key).first()
    if entry is None or entry.hours == 0:
        return None
    credential = Credential.objects.select_for_update().get(pk=entry.credential_id)
    existing = CreditEntry.objects.filter(source_key=reversal_key).first()
    if existing is not None:
        return existing
    if credential.status != CredentialStatus.ACTIVE:
        raise CredentialError(
            f"{entry.credential.program.credential_name} is {credential.get_status_display()}: its credits "
            "can no longer be reversed."
        )
    reversal = CreditEntry.objects.create(
        credential=credential,
        source=CreditEntry.Source.ADJUSTMENT,
        source_key=reversal_key,
        hours=-entry.hours,
        activity_date=entry.activity_date,
        title=entry.title,
        description=f"Reversal of {entry.source_key}",
        created_at=now,
    )
    credential_event_record(
        credential=credential,
        kind=EventKind.CREDIT_REVERSED,
        now=now,
        actor=actor,
        to_value=f"-{rules.format_hours(entry.hours)}",
        note=note,
    )
    return reversal
