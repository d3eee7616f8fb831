"""A person's certification as lists show it: the one reader of `Certification` for My Staff, the directors'
digest, the KDLA reports and `compliance_report`.

The status and valid-through date are those of the person's `Certification` row (written only by
`credentials.certification` and the lapse sweep): VALID, LAPSED or REVOKED with the model's labels, and
NOT CERTIFIED for someone KDLA never certified. Never derived again from credential cycles: a revoked
certification is REVOKED whatever its cycle says, a lapsed one LAPSED even if KDLA enrolled the person in a
new cycle.

Everything is an annotation (two correlated subqueries per row), so lists filter, sort and count in the
database at a fixed number of queries.
"""

import datetime as dt

from django.db.models import CharField, DateField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce

from credentials.models import Certificate, Certification, CertificationStatus, Program

NOT_CERTIFIED = "none"
NOT_CERTIFIED_LABEL = "NOT CERTIFIED"
# (value, label) of every status a person can have, in the order filters offer them.
STATUS_CHOICES = [*CertificationStatus.choices, (NOT_CERTIFIED, NOT_CERTIFIED_LABEL)]


def certification_status_label(value) -> str:
    """VALID / LAPSED / REVOKED (the model's labels), or NOT CERTIFIED."""
    return dict(STATUS_CHOICES).get(value or NOT_CERTIFIED, NOT_CERTIFIED_LABEL)


def latest_certification(user_ref: str = "pk", program_ids=None):
    """The certification of the person at `OuterRef(user_ref)`: their latest by valid-through (one per
    renewal-credits program; part-time is the only one today). The dashboard banner reads the same row."""
    certifications = Certification.objects.filter(user_id=OuterRef(user_ref))
    if program_ids is not None:
        certifications = certifications.filter(program_id__in=program_ids)
    return certifications.order_by("-valid_through", "-pk")


def certification_program_ids(program_id: int | None) -> list[int] | None:
    """The certification programs a report's program filter means: the renewal-credits program itself, or the
    one an application enrolls in. None (no filter) for no program. One query, only when filtered."""
    if not program_id:
        return None
    row = Program.objects.filter(pk=program_id).values_list("pk", "enrolls_in_id").first()
    return [pk for pk in (row or ()) if pk]


def certification_columns(user_ref: str = "pk", *, program_ids=None) -> dict:
    """Annotations for a queryset whose rows have a person at `user_ref` (a User's "pk", a Credential's
    "user_id"): `cert_status` (a CertificationStatus value or NOT_CERTIFIED) and `cert_valid_through`."""
    latest = latest_certification(user_ref, program_ids)
    return {
        "cert_status": Coalesce(
            Subquery(latest.values("status")[:1]), Value(NOT_CERTIFIED), output_field=CharField()
        ),
        "cert_valid_through": Subquery(latest.values("valid_through")[:1], output_field=DateField()),
    }


def with_certification(users, *, program_id: int | None = None):
    """`users` (a User queryset) with `cert_status` and `cert_valid_through` on each row."""
    return users.annotate(**certification_columns(program_ids=certification_program_ids(program_id)))


def certified_now() -> Q:
    """Rows (annotated by `certification_columns`) of people certified now."""
    return Q(cert_status=CertificationStatus.VALID)


def lapsing_within(days: int, *, today: dt.date) -> Q:
    """Rows of people whose VALID certification runs out within `days` days of `today` (revoked, lapsed and
    not certified people are not "lapsing")."""
    return certified_now() & Q(cert_valid_through__lte=today + dt.timedelta(days=days))


def certificates_issued(*, start: dt.datetime, end: dt.datetime):
    """What KDLA awarded in [start, end): the certificates issued then (one per approval that certified,
    re-certified or renewed someone), by their issue time: the approval, also for certificates derived later
    by `backfill_certifications` (whose events carry the day it ran)."""
    return Certificate.objects.filter(issued_at__gte=start, issued_at__lt=end).select_related(
        "certification__user", "source_application__program"
    )


def certificate_is_renewal(certificate) -> bool:
    """Whether the certificate was issued by a renewal application (one with a prerequisite program)."""
    application = certificate.source_application
    return bool(application and application.program.prerequisite_program_id)
