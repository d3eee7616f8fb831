"""Registration and eligibility: who may register for a program, registering (checkout), and the renewal
enrollment an approved application opens."""

from decimal import Decimal

from django.db import IntegrityError, transaction

from accounts.emails import email_send_once
from credentials import rules
from credentials.certification import certification_award, certification_registration_refusal
from credentials.models import Credential, CredentialStatus, EventKind
from credentials.selectors import credential_earned
from credentials.services.base import CredentialError, credential_event_record
from credentials.services.status import credential_transition


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
    refusal = certification_registration_refusal(user=user, program=program)
    if refusal:
        return refusal
    if program.prerequisite_program_id:
        prereq = program.prerequisite_program
        latest = Credential.objects.filter(user=user, program=prereq).order_by("-cycle_start", "-id").first()
        if latest is None:
            return f"You must be enrolled in {prereq.credential_name} and complete it before registering."
        if latest.status != CredentialStatus.COMPLETED:
            needed = max(prereq.required_hours - credential_earned(credential=latest), Decimal("0"))
            return (
                f"Your {prereq.credential_name} credential must be COMPLETED before you apply for renewal: "
                f"you still need {rules.format_hours(needed)} contact hours."
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


@transaction.atomic
def application_register(*, user, program, now, actor=None) -> Credential:
    """Register `user` for an application program (checkout): cycle, upload deadline, history, email."""
    refusal = program_registration_refusal(user=user, program=program, now=now)
    if refusal:
        raise CredentialError(refusal)
    registered_on = rules.local_date(now)
    if program.is_application:
        start, end = rules.application_cycle(registered_on, program.required_setting("cycle_days"))
        deadline = rules.upload_deadline(registered_on, program.upload_window_days)
    else:
        start, end = rules.renewal_cycle(registered_on, program.required_setting("cycle_years"))
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
        credential=credential,
        kind=EventKind.REGISTERED,
        now=now,
        actor=actor or user,
        to_value=CredentialStatus.ACTIVE.label,
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
    start, end = rules.renewal_cycle(start, target.required_setting("cycle_years"))
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
        kind=EventKind.ENROLLED,
        now=now,
        actor=actor,
        to_value=CredentialStatus.ACTIVE.label,
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


@transaction.atomic
def application_complete(*, credential, now, actor, note="") -> Credential:
    """A reviewer approved the application's file: COMPLETED / COMPLIANT, then renewal enrollment, email."""
    credential, _changed = credential_transition(
        credential_id=credential.pk,
        to_status=CredentialStatus.COMPLETED,
        now=now,
        actor=actor,
        note=note,
        email=lambda c: {
            "key": f"credential:{c.pk}:approved",
            "user": c.user,
            "subject": f"{c.program.credential_name} approved",
            "template": "application_approved",
            "context": {"credential": c, "note": note},
        },
    )
    renewal_enroll_from_application(application=credential, now=now, actor=actor)
    certification_award(application=credential, now=now, actor=actor)
    return credential
