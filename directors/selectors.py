"""My Staff: the staff of a director's library systems with certification, hours, deadlines and what is pending.

Every read is scoped to the director's library systems (`accounts.library_roles.libraries_seen_by`); someone
outside them is a 404. A page costs a fixed number of queries whatever the data size: the page of people with
their certification, deadlines and pending counts (one query of correlated subqueries), the count, and the
current cycles of the people on the page with their earned hours (one query).
"""

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Count, IntegerField, Min, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import Http404

from accounts.library_roles import libraries_seen_by
from accounts.models import User
from credentials import rules
from credentials.models import Credential, CredentialStatus, CreditEntry, ExternalFile, Program
from credentials.selectors import with_earned
from credentials.selectors_certification import (
    STATUS_CHOICES,
    certification_status_label,
    lapsing_within,
    with_certification,
)
from credit_requests.models import CreditRequest

LAPSING_DAYS = 90
DEADLINE_DAYS = 30
PAGE_SIZE = 25
PENDING_FILE = [ExternalFile.Status.SUBMITTED, ExternalFile.Status.SCANNING]
PENDING_CREDIT = [CreditRequest.Status.PENDING, CreditRequest.Status.SCANNING]
STATUSES = STATUS_CHOICES
SORTS = {
    "name": ("last_name", "first_name", "email", "pk"),
    "status": ("cert_status", "last_name", "first_name", "pk"),
    "valid_through": (models.F("cert_valid_through").asc(nulls_last=True), "last_name", "first_name", "pk"),
    "cycle_end": (models.F("cycle_end").asc(nulls_last=True), "last_name", "first_name", "pk"),
    "pending": ("-pending_files", "-pending_credits", "last_name", "first_name", "pk"),
}
SORT_LABELS = {
    "name": "Name",
    "status": "Certification status",
    "valid_through": "Valid through (soonest first)",
    "cycle_end": "Cycle end (soonest first)",
    "pending": "Pending review (most first)",
}


@dataclass(frozen=True)
class StaffFilters:
    status: str = ""
    lapsing: bool = False  # a VALID certification, valid through within LAPSING_DAYS
    deadline: bool = False  # an upload window or a cycle ending within DEADLINE_DAYS
    query: str = ""
    sort: str = "name"

    @classmethod
    def from_params(cls, params):
        status = params.get("status", "")
        sort = params.get("sort", "name")
        return cls(
            status=status if status in dict(STATUSES) else "",
            lapsing=params.get("lapsing") == "1",
            deadline=params.get("deadline") == "1",
            query=" ".join(params.get("q", "").split())[:100],
            sort=sort if sort in SORTS else "name",
        )


def _count(queryset, column):
    counted = queryset.values(column).annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def director_library_ids(director) -> list[int]:
    """The library systems `director` sees, or PermissionDenied (403: nobody else has a My Staff)."""
    ids = libraries_seen_by(director)
    if not ids:
        raise PermissionDenied
    return ids


def staff_queryset(*, library_ids, filters: StaffFilters, now):
    """The director's staff, annotated, filtered and sorted (not yet paginated)."""
    today = rules.local_date(now)
    # The current renewal-credits cycle: the one hours count toward today, ACTIVE (the sweep expires it at its
    # end) or already COMPLETED and not yet ended (15 of 15 hours is still the current cycle; after an early
    # renewal, the next one). Written as an OR, not `status IN (...) AND cycle_end >= today`: SQLite then
    # picks the (status, cycle_end) index over the person's rows and scans every cycle for each person
    # (27 s instead of 0.2 s for the deadline filter at 10,000 staff).
    current_cycle = Credential.objects.filter(
        Q(status=CredentialStatus.ACTIVE) | Q(status=CredentialStatus.COMPLETED, cycle_end__gte=today),
        user=OuterRef("pk"),
        program__kind=Program.Kind.RENEWAL_CREDITS,
    ).order_by("-cycle_start", "-pk")
    open_windows = (
        Credential.objects.filter(
            user=OuterRef("pk"),
            status=CredentialStatus.ACTIVE,
            program__kind=Program.Kind.APPLICATION,
        )
        .values("user")
        .annotate(first=Min("upload_deadline"))
        .values("first")
    )
    users = with_certification(
        User.objects.filter(library_id__in=library_ids, is_active=True).select_related("library")
    ).annotate(
        cycle_id=Subquery(current_cycle.values("pk")[:1]),
        cycle_end=Subquery(current_cycle.values("cycle_end")[:1], output_field=models.DateField()),
        upload_deadline=Subquery(open_windows, output_field=models.DateTimeField()),
        pending_files=_count(
            ExternalFile.objects.filter(owner=OuterRef("pk"), status__in=PENDING_FILE), "owner"
        ),
        pending_credits=_count(
            CreditRequest.objects.filter(user=OuterRef("pk"), status__in=PENDING_CREDIT), "user"
        ),
    )
    if filters.status:
        users = users.filter(cert_status=filters.status)
    if filters.lapsing:
        users = users.filter(lapsing_within(LAPSING_DAYS, today=today))
    if filters.deadline:
        horizon = today + dt.timedelta(DEADLINE_DAYS)
        users = users.filter(
            Q(upload_deadline__lte=rules.end_of_day(horizon))
            | Q(cycle_end__gte=today, cycle_end__lte=horizon)
        )
    for word in filters.query.split():
        users = users.filter(
            Q(first_name__icontains=word) | Q(last_name__icontains=word) | Q(email__icontains=word)
        )
    return users.order_by(*SORTS[filters.sort])


def staff_ids(*, library_ids, filters: StaffFilters, now):
    """The ids of the director's staff, filtered and sorted: paginate these, then load the page with staff_rows.
    The database then computes only what the filters and the order need for everyone, the rest for one page."""
    return staff_queryset(library_ids=library_ids, filters=filters, now=now).values_list("pk", flat=True)


def staff_rows(*, library_ids, ids, now) -> list:
    """The people `ids` (in that order) with their certification, deadlines and pending counts, `cycle` (their
    current renewal-credits cycle with `earned`, or None), `next_deadline` (date) and `next_deadline_label`:
    two queries whatever the number of people."""
    by_pk = {
        user.pk: user
        for user in staff_queryset(library_ids=library_ids, filters=StaffFilters(), now=now).filter(
            pk__in=ids
        )
    }
    users = [by_pk[pk] for pk in ids if pk in by_pk]
    cycle_ids = [user.cycle_id for user in users if user.cycle_id]
    cycles = {
        cycle.pk: cycle
        for cycle in with_earned(Credential.objects.filter(pk__in=cycle_ids).select_related("program"))
    }
    for user in users:
        user.cycle = cycles.get(user.cycle_id)
        window = rules.local_date(user.upload_deadline) if user.upload_deadline else None
        user.next_deadline, user.next_deadline_label = min(
            [
                (day, label)
                for day, label in ((window, "upload window"), (user.cycle_end, "cycle end"))
                if day
            ],
            default=(None, ""),
        )
        user.pending = user.pending_files + user.pending_credits
    return users


def staff_member_for_director(*, director, pk) -> User:
    """One of the director's staff, or Http404 (another library system's staff do not exist for them)."""
    user = (
        User.objects.filter(pk=pk, library_id__in=director_library_ids(director), is_active=True)
        .select_related("library")
        .first()
    )
    if user is None:
        raise Http404("No such staff member.")
    return user


def staff_summary(*, user, now) -> dict:
    """The read-only summary of one staff member: certification, credentials (cycles with hours), ledger,
    decisions. Never the uploaded documents: only their kind, the date and the outcome."""
    from reviews.models import Decision

    person = with_certification(User.objects.filter(pk=user.pk).select_related("library")).get()
    person.cert_status_label = certification_status_label(person.cert_status)
    credentials = list(
        with_earned(Credential.objects.filter(user=user).select_related("program")).order_by(
            "-cycle_start", "-pk"
        )
    )
    entries = list(
        CreditEntry.objects.filter(credential__user=user)
        .select_related("credential__program")
        .order_by("-activity_date", "-pk")
    )
    decisions = list(
        Decision.objects.filter(Q(external_file__owner=user) | Q(credit_request__user=user))
        .select_related(
            "external_file__document_type", "external_file__credential__program", "credit_request"
        )
        .order_by("-decided_at", "-pk")
    )
    return {
        "person": person,
        "credentials": credentials,
        "entries": entries,
        "decisions": decisions,
    }
