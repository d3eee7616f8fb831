"""A library director's pages (read-only): My Staff, its CSV, and one staff member's summary."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from directors import selectors
from portal.csv_export import csv_response
from portal.hours import format_hours as hours

CSV_CHUNK = 500
# The columns of the CSV, each with the key the page's template names it by.
COLUMNS = [
    ("name", "Name"),
    ("email", "Email"),
    ("library", "Library"),
    ("certification", "Certification"),
    ("valid_through", "Valid through"),
    ("earned", "Earned hours"),
    ("required", "Required hours"),
    ("deadline", "Next deadline"),
    ("deadline_kind", "Deadline kind"),
    ("pending_files", "Pending files"),
    ("pending_credits", "Pending credit requests"),
]
CSV_HEADER = [header for _, header in COLUMNS]


def _date(value):
    return value.strftime("%m/%d/%Y") if value else ""


def staff_cells(user) -> list[str]:
    """One row of My Staff, as the table shows it and the CSV writes it (the same function for both)."""
    return [
        user.display_name,
        user.email,
        user.library.name if user.library else "",
        selectors.certification_status_label(user.cert_status),
        _date(user.cert_valid_through),
        hours(user.cycle.earned) if user.cycle else "",
        hours(user.cycle.program.required_hours) if user.cycle else "",
        _date(user.next_deadline),
        user.next_deadline_label,
        str(user.pending_files),
        str(user.pending_credits),
    ]


@login_required
@require_GET
def staff_list(request):
    now = timezone.now()
    library_ids = selectors.director_library_ids(request.user)
    filters = selectors.StaffFilters.from_params(request.GET)
    page = Paginator(
        selectors.staff_ids(library_ids=library_ids, filters=filters, now=now), selectors.PAGE_SIZE
    ).get_page(request.GET.get("page"))
    rows = selectors.staff_rows(library_ids=library_ids, ids=list(page.object_list), now=now)
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "directors/staff_list.html",
        {
            "page": page,
            # The CSV's values by key: the page pairs some of them in one column (email under the name, hours
            # as "earned of required", ...) so the list fits a 1,280-pixel screen; each value is the CSV's.
            "rows": [
                (user, dict(zip((key for key, _ in COLUMNS), staff_cells(user), strict=True)))
                for user in rows
            ],
            "filters": filters,
            "statuses": selectors.STATUSES,
            "sorts": selectors.SORT_LABELS,
            "filter_query": params.urlencode(),
            "lapsing_days": selectors.LAPSING_DAYS,
            "deadline_days": selectors.DEADLINE_DAYS,
        },
    )


@login_required
@require_GET
def staff_csv(request):
    """Every row the list shows with the same filters and order, across all its pages, in the same columns."""
    now = timezone.now()
    library_ids = selectors.director_library_ids(request.user)
    filters = selectors.StaffFilters.from_params(request.GET)
    ids = list(selectors.staff_ids(library_ids=library_ids, filters=filters, now=now))

    def rows():
        for start in range(0, len(ids), CSV_CHUNK):
            chunk = ids[start : start + CSV_CHUNK]
            for user in selectors.staff_rows(library_ids=library_ids, ids=chunk, now=now):
                yield staff_cells(user)

    return csv_response(filename="my-staff.csv", header=CSV_HEADER, rows=rows())


@login_required
@require_GET
def staff_member(request, pk):
    now = timezone.now()
    user = selectors.staff_member_for_director(director=request.user, pk=pk)
    return render(request, "directors/staff_member.html", selectors.staff_summary(user=user, now=now))
