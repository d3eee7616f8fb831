"""The credit ledger: hours a credential earns (courses, approved requests) and the completion they bring.

Earned hours are never stored: `credentials.selectors.with_earned` sums the ledger (its one owner).
"""

from django.db import transaction

from credentials import cycles, rules
from credentials.models import Credential, CredentialStatus, CreditEntry, EventKind, Program
from credentials.selectors import credential_earned
from credentials.services.base import credential_event_record
from credentials.services.status import credential_transition


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
        credential, _changed = credential_transition(
            credential_id=credential.pk,
            to_status=CredentialStatus.COMPLETED,
            now=now,
            actor=actor,
            note=f"{rules.format_hours(earned)} of {rules.format_hours(credential.program.required_hours)} contact hours earned.",
            email=lambda c: {
                "key": f"credential:{c.pk}:completed",
                "user": c.user,
                "subject": f"{c.program.credential_name} completed",
                "template": "credential_completed",
                "context": {"credential": c, "earned": earned},
            },
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
            kind=EventKind.CREDIT,
            now=now,
            actor=actor,
            to_value=f"+{rules.format_hours(hours)}",
            note=title,
        )
        credential_refresh_completion(credential=credential, now=now, actor=actor)
    return entry


def course_completed_credit(*, enrollment, now) -> list[CreditEntry]:
    """A completed course counts toward one cycle of each renewal-credits program: the one whose counting
    window holds its date (`credentials.cycles`: after an early renewal, the next cycle)."""
    completed_on = rules.local_date(enrollment.completed_at)
    targets = cycles.cycles_counting_day(user_id=enrollment.user_id, day=completed_on)
    # Never twice in one program: a retry after an early renewal opened the next cycle finds the first line.
    counted = set(
        CreditEntry.objects.filter(
            source=CreditEntry.Source.COURSE, source_key__startswith=f"enrollment:{enrollment.pk}:credential:"
        ).values_list("credential__program_id", flat=True)
    )
    targets = [credential for credential in targets if credential.program_id not in counted]
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
