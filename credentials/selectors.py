"""Reads of a learner's credentials, scoped to the user; a fixed number of queries whatever the data size."""

from decimal import Decimal

from django.db.models import DecimalField, Exists, OuterRef, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from credentials import rules
from credentials.certification import certification_annotation
from credentials.models import (
    FILE_ON_RECORD,
    FILE_SENT_BACK,
    Credential,
    CredentialStatus,
    CreditEntry,
    ExternalFile,
    Program,
)

EARNED_FIELD: "DecimalField[Decimal, Decimal]" = DecimalField(max_digits=8, decimal_places=2)


def earned_expression():
    """Earned contact hours of the credential in the outer query: the sum of its credit ledger, 0 if none.

    The one place this sum is written. A correlated subquery (no join, so no row multiplication and no
    GROUP BY), usable in annotations and filters of any Credential queryset.
    """
    total = (
        CreditEntry.objects.filter(credential=OuterRef("pk"))
        .values("credential")
        .annotate(total=Sum("hours"))
        .values("total")
    )
    return Coalesce(
        Subquery(total, output_field=EARNED_FIELD), Value(Decimal("0")), output_field=EARNED_FIELD
    )


def with_earned(queryset):
    """`queryset` (of Credential) with `earned` on each row; see `earned_expression`."""
    return queryset.annotate(earned=earned_expression())


def dashboard_credentials(*, user, now) -> list[Credential]:
    """The Credentials box: every credential of `user`, newest first, in one query.

    Each row carries `earned` (sum of its credit ledger), `has_file` (a file awaiting review or approved),
    `needs_file` (an ACTIVE application with no such file: "Upload Missing Files"), `days_left` (to the
    upload deadline for applications, to the cycle end otherwise), `is_renewal_credits` and `returned_message`
    (KDLA's message on the last file it returned, or None).
    """
    rows = list(
        Credential.objects.filter(user=user)
        .select_related("program")
        .annotate(
            earned=earned_expression(),
            has_file=Exists(
                ExternalFile.objects.filter(credential=OuterRef("pk"), status__in=FILE_ON_RECORD)
            ),
            # What KDLA said about the last file it sent back, shown beside "Upload Missing Files".
            returned_message=Subquery(
                ExternalFile.objects.filter(credential=OuterRef("pk"), status__in=FILE_SENT_BACK)
                .order_by("-decided_at", "-id")
                .values("reviewer_message")[:1]
            ),
            **certification_annotation(),  # issue 12: the dashboard banner rides on this query
        )
        .order_by("-registered_at", "-id")
    )
    for row in rows:
        program = row.program
        row.is_renewal_credits = program.kind == Program.Kind.RENEWAL_CREDITS
        row.is_active = row.status == CredentialStatus.ACTIVE
        row.needs_file = bool(
            row.is_active and program.is_application and row.upload_deadline and not row.has_file
        )
        if row.upload_deadline and program.is_application:
            row.deadline_date = rules.local_date(row.upload_deadline)
            row.days_left = rules.days_left(row.upload_deadline, now)
        else:
            row.deadline_date = None
            row.days_left = rules.days_left(rules.cycle_end_moment(row.cycle_end), now)
    return rows


def credential_earned(*, credential) -> Decimal:
    """Contact hours earned in this credential's cycle: the sum of its credit ledger (`with_earned`)."""
    return with_earned(Credential.objects.filter(pk=credential.pk)).values_list("earned", flat=True).get()
