"""A staff member's part-time certification (status and valid-through), read from today's credentials.

The one place My Staff, the monthly digest and the KDLA reports get certification status from. DOMAIN.md: a
certification starts on the approval of the initial application and is valid through the end of the
renewal-credits cycle it opened; each approved renewal application opens (extends it by) one more cycle; it
lapses after the valid-through date. So valid-through = the latest cycle end of the renewal-credits programs
that an application enrolls in, and a person with no such cycle was never certified.

Everything is an annotation (`with_certification`) so lists can sort, filter and count in the database, and
`certifications_approved` lists the approvals (who was certified or renewed, and when). Should certification
get a model of its own, these two functions are what changes.
"""

import datetime as dt

from django.db import models
from django.db.models import Case, OuterRef, Q, Subquery, Value, When

from credentials.models import Credential, CredentialStatus, Program


class CertificationStatus(models.TextChoices):
    VALID = "valid", "VALID"
    LAPSED = "lapsed", "LAPSED"
    NONE = "none", "NOT CERTIFIED"


def certification_programs(program_id: int | None = None):
    """The renewal-credits programs that make up a certification (those an application enrolls in)."""
    programs = Program.objects.filter(
        kind=Program.Kind.RENEWAL_CREDITS,
        pk__in=Program.objects.filter(kind=Program.Kind.APPLICATION, enrolls_in__isnull=False).values(
            "enrolls_in"
        ),
    )
    if program_id:
        programs = programs.filter(
            Q(pk=program_id) | Q(pk__in=Program.objects.filter(pk=program_id).values("enrolls_in"))
        )
    return programs


def with_certification(users, *, today: dt.date, program_id: int | None = None):
    """`users` (a User queryset) with `cert_valid_through` (date or None) and `cert_status` on each row."""
    # The program ids as constants (one small query): a nested IN (SELECT ...) inside the correlated subquery
    # would be run again for every person on SQLite.
    program_ids = list(certification_programs(program_id).values_list("pk", flat=True))
    latest_end = (
        Credential.objects.filter(user=OuterRef("pk"), program_id__in=program_ids)
        .order_by("-cycle_end")
        .values("cycle_end")[:1]
    )
    return users.annotate(cert_valid_through=Subquery(latest_end, output_field=models.DateField())).annotate(
        cert_status=Case(
            When(cert_valid_through__isnull=True, then=Value(CertificationStatus.NONE.value)),
            When(cert_valid_through__gte=today, then=Value(CertificationStatus.VALID.value)),
            default=Value(CertificationStatus.LAPSED.value),
            output_field=models.CharField(),
        )
    )


def certifications_approved(*, start: dt.datetime, end: dt.datetime, program_id: int | None = None):
    """Approved applications that certified or renewed someone in [start, end): Credential rows (the
    application) with `completed_at` the approval time; `program.credential_name` says initial or renewal."""
    applications = Credential.objects.filter(
        program__kind=Program.Kind.APPLICATION,
        program__enrolls_in__in=certification_programs(program_id),
        status=CredentialStatus.COMPLETED,
        completed_at__gte=start,
        completed_at__lt=end,
    )
    return applications
