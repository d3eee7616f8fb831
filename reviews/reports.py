"""KDLA compliance reports: one selector per number, shared by the Reports page, its CSVs and
`manage.py compliance_report --report NAME`.

Each report is a table (`REPORTS[name](filters, now) -> Table`): the page draws its chart from the table's
rows and prints the same rows beside it, the CSV writes them, the command writes them. A fixed number of
queries each, whatever the data size. Percentiles are computed in Python over the decisions of the chosen date
range (a bounded set), so SQLite and PostgreSQL give the same answer.
"""

import datetime as dt
import math
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Case, Count, DateTimeField, F, Func, IntegerField, Q, Sum, Value, When
from django.db.models.functions import Coalesce

from accounts.models import REVIEW_PERMISSION, Library, Region, User
from credentials import rules
from credentials.models import CreditEntry, ExternalFile, Program
from credentials.selectors_certification import certified_now, lapsing_within, with_certification
from credit_requests.models import CreditRequest
from reviews.models import Decision

LAPSING_HORIZONS = [30, 90, 180]
BACKLOG_BUCKETS = [(0, 7, "0-7 days"), (8, 14, "8-14 days"), (15, 30, "15-30 days"), (31, 60, "31-60 days")]
BACKLOG_OLDEST = "over 60 days"
DEFAULT_MONTHS = 12
MAX_RANGE_DAYS = 5 * 366


@dataclass(frozen=True)
class ReportFilters:
    library_id: int | None = None
    region_id: int | None = None
    program_id: int | None = None
    start: dt.date | None = None  # first day of the date range (decisions, hours)
    end: dt.date | None = None  # last day, included
    errors: dict = field(default_factory=dict, compare=False)

    @classmethod
    def from_params(cls, params, *, today: dt.date):
        """From a query string (or the command's options); bad values are dropped with a message in `errors`."""
        errors = {}

        def number(name):
            value = str(params.get(name) or "").strip()
            if value and not value.isdigit():
                errors[name] = "Choose one from the list."
            return int(value) if value.isdigit() else None

        def day(name):
            value = str(params.get(name) or "").strip()
            if not value:
                return None
            for fmt in ("%Y-%m-%d", "%m/%d/%Y"):
                try:
                    return dt.datetime.strptime(value, fmt).date()  # noqa: DTZ007 (a calendar date, no time)
                except ValueError:
                    continue
            errors[name] = "Enter a date as MM/DD/YYYY."
            return None

        end = day("end") or today
        months_back = end.year * 12 + end.month - 1 - (DEFAULT_MONTHS - 1)
        start = day("start") or dt.date(months_back // 12, months_back % 12 + 1, 1)
        if start > end:
            errors["start"] = "The start date must be on or before the end date."
            start = end.replace(day=1)
        if (end - start).days > MAX_RANGE_DAYS:
            errors["start"] = "Choose a range of at most five years."
            start = end - dt.timedelta(days=MAX_RANGE_DAYS)
        return cls(
            library_id=number("library"),
            region_id=number("region"),
            program_id=number("program"),
            start=start,
            end=end,
            errors=errors,
        )

    def users(self, path=""):
        """A Q over users (at `path`, e.g. "credential__user__") for the library system / region filters."""
        q = Q()
        if self.library_id:
            q &= Q(**{f"{path}library_id": self.library_id})
        if self.region_id:
            q &= Q(**{f"{path}library__region_id": self.region_id})
        return q

    @property
    def start_moment(self) -> dt.datetime:
        assert self.start is not None, "from_params() sets the date range"
        return dt.datetime.combine(self.start, dt.time.min, tzinfo=rules.EASTERN)

    @property
    def end_moment(self) -> dt.datetime:
        assert self.end is not None, "from_params() sets the date range"
        return rules.end_of_day(self.end)


@dataclass
class Table:
    title: str
    header: list[str]
    rows: list[list]  # cells: str, int, Decimal, float or None
    note: str = ""


def _share(part, whole):
    return round(100 * part / whole, 1) if whole else None


def _staff(filters):
    """Part-time staff: active accounts with a library system, not KDLA reviewers, staff or operators."""
    app_label, codename = REVIEW_PERMISSION.split(".")
    reviewers = User.objects.filter(
        Q(groups__permissions__codename=codename, groups__permissions__content_type__app_label=app_label)
        | Q(user_permissions__codename=codename, user_permissions__content_type__app_label=app_label)
    )
    return User.objects.filter(
        filters.users(), library__isnull=False, is_active=True, is_staff=False
    ).exclude(pk__in=reviewers.values("pk"))


def _certified_counts(filters):
    """{library_id: (staff, certified)}: one GROUP BY query over the staff and their certification (VALID)."""
    rows = (
        with_certification(_staff(filters), program_id=filters.program_id)
        .order_by()
        .values("library_id")
        .annotate(staff=Count("pk"), certified=Count("pk", filter=certified_now()))
    )
    return {row["library_id"]: (row["staff"], row["certified"]) for row in rows}


def _libraries(filters):
    libraries = Library.objects.select_related("region").order_by("name")
    if filters.library_id:
        libraries = libraries.filter(pk=filters.library_id)
    if filters.region_id:
        libraries = libraries.filter(region_id=filters.region_id)
    return list(libraries)


def certified_by_library(filters: ReportFilters, now) -> Table:
    """Certified part-time staff per library system (a VALID certification) and their share of the staff."""
    counts = _certified_counts(filters)
    rows = []
    for library in _libraries(filters):
        staff, certified = counts.get(library.pk, (0, 0))
        rows.append(
            [
                library.name,
                library.region.name if library.region else "",
                staff,
                certified,
                _share(certified, staff),
            ]
        )
    return Table(
        "Certified staff per library system",
        ["Library system", "Region", "Staff", "Certified", "Share certified (%)"],
        rows,
    )


def certified_by_region(filters: ReportFilters, now, *, by_library: Table | None = None) -> Table:
    """The same counts per KDLA region, and the state total (sums of certified_by_library's rows; pass them
    as `by_library` when already computed)."""
    totals: defaultdict[str, list[int]] = defaultdict(lambda: [0, 0])
    for _, region, staff, certified, _ in (by_library or certified_by_library(filters, now)).rows:
        totals[region][0] += staff
        totals[region][1] += certified
    names = [region.name for region in Region.objects.order_by("name")] + [""]
    rows = [
        [name or "No region", staff, certified, _share(certified, staff)]
        for name in names
        if name in totals
        for staff, certified in [totals[name]]
    ]
    staff, certified = sum(t[0] for t in totals.values()), sum(t[1] for t in totals.values())
    rows.append(["All regions", staff, certified, _share(certified, staff)])
    return Table(
        "Certified staff per KDLA region", ["Region", "Staff", "Certified", "Share certified (%)"], rows
    )


def certifications_lapsing(filters: ReportFilters, now) -> Table:
    """VALID certifications whose valid-through date falls within 30 / 90 / 180 days (each includes the shorter)."""
    today = rules.local_date(now)
    # One GROUP BY on the valid-through date of those lapsing within the longest horizon (Count(filter=...)
    # would repeat the certification subqueries for every bound), then the shorter horizons in Python over at
    # most a few hundred dates.
    by_date = (
        with_certification(_staff(filters), program_id=filters.program_id)
        .filter(lapsing_within(max(LAPSING_HORIZONS), today=today))
        .order_by()
        .values("cert_valid_through")
        .annotate(n=Count("pk"))
    )
    counts = dict.fromkeys(LAPSING_HORIZONS, 0)
    for row in by_date:
        for days in LAPSING_HORIZONS:
            if row["cert_valid_through"] <= today + dt.timedelta(days):
                counts[days] += row["n"]
    return Table(
        "Certifications lapsing",
        ["Lapsing within", "Certifications"],
        [[f"{days} days", counts[days]] for days in LAPSING_HORIZONS],
        note="Counted from today; each horizon includes the shorter ones.",
    )


def review_backlog(filters: ReportFilters, now) -> Table:
    """Items waiting for a decision now, by age in days since submission (files and credit requests)."""
    today = rules.local_date(now)

    def day_start(days_ago):  # midnight Eastern starting the Kentucky day `days_ago` days before today
        return dt.datetime.combine(today - dt.timedelta(days_ago), dt.time.min, tzinfo=rules.EASTERN)

    def buckets(queryset, column):
        aggregates = {
            f"b{i}": Count(
                "pk", filter=Q(**{f"{column}__gte": day_start(high), f"{column}__lt": day_start(low - 1)})
            )
            for i, (low, high, _) in enumerate(BACKLOG_BUCKETS)
        }
        aggregates["oldest"] = Count("pk", filter=Q(**{f"{column}__lt": day_start(BACKLOG_BUCKETS[-1][1])}))
        counts = queryset.order_by().aggregate(**aggregates)
        return [counts[f"b{i}"] for i in range(len(BACKLOG_BUCKETS))] + [counts["oldest"]]

    program = Q(credential__program_id=filters.program_id) if filters.program_id else Q()
    files = buckets(
        ExternalFile.objects.filter(program, filters.users("owner__"), status=ExternalFile.Status.SUBMITTED),
        "uploaded_at",
    )
    credits = buckets(
        CreditRequest.objects.filter(program, filters.users("user__"), status=CreditRequest.Status.PENDING),
        "created_at",
    )
    labels = [label for _, _, label in BACKLOG_BUCKETS] + [BACKLOG_OLDEST]
    return Table(
        "Review backlog by age",
        ["Waiting", "File submissions", "Credit requests", "Total"],
        [[label, f, c, f + c] for label, f, c in zip(labels, files, credits, strict=True)],
        note="Items waiting for a decision now; age in days since submission.",
    )


def _months(filters):
    months, day = [], filters.start.replace(day=1)
    while day <= filters.end:
        months.append(day)
        day = (day + dt.timedelta(days=32)).replace(day=1)
    return months


def _month_index(column, months):
    """A CASE giving each row the index of its Kentucky calendar month in `months` (plain comparisons with the
    month boundaries: no per-row time-zone function, the same SQL on SQLite and PostgreSQL)."""
    boundaries = [dt.datetime.combine(m, dt.time.min, tzinfo=rules.EASTERN) for m in months[1:]]
    whens = [When(**{f"{column}__lt": boundary}, then=Value(i)) for i, boundary in enumerate(boundaries)]
    return Case(*whens, default=Value(len(months) - 1), output_field=IntegerField())


class WholeDaysBetween(Func):
    """Days from `start` to `end` (two datetime columns) to the nearest whole day (so 71 hours across the spring
    clock change is 3 days, as the calendar says): the database does the arithmetic."""

    output_field = IntegerField()
    arity = 2
    template = "CAST(ROUND(EXTRACT(EPOCH FROM (%(expressions)s)) / 86400) AS INTEGER)"
    arg_joiner = " - "

    def __init__(self, end, start):
        super().__init__(end, start)

    def as_sqlite(self, compiler, connection, **extra):
        return self.as_sql(
            compiler,
            connection,
            template="CAST(ROUND(julianday(%(expressions)s)) AS INTEGER)",
            arg_joiner=") - julianday(",
            **extra,
        )


def percentile(counts: dict[int, int], fraction: float) -> int | None:
    """Nearest-rank percentile of a histogram {value: how many}: the smallest value with at least `fraction` of
    all the values at or below it."""
    total = sum(counts.values())
    if not total:
        return None
    rank, seen = max(1, math.ceil(fraction * total)), 0
    for value in sorted(counts):
        seen += counts[value]
        if seen >= rank:
            return value
    return None


def decisions_by_month(filters: ReportFilters, now) -> Table:
    """Decisions per month of the date range, and the median and 90th percentile of the whole days from
    submission to decision (files: upload time; credit requests: request time).

    The database returns a histogram (month, whole days waited) -> count, a few hundred rows whatever the number
    of decisions; the percentiles are read from it in Python.
    """
    months = _months(filters)
    program = (
        Q(external_file__credential__program_id=filters.program_id)
        | Q(credit_request__credential__program_id=filters.program_id)
        if filters.program_id
        else Q()
    )
    people = (
        filters.users("external_file__owner__") | filters.users("credit_request__user__")
        if (filters.library_id or filters.region_id)
        else Q()
    )
    submitted = Coalesce(
        "external_file__uploaded_at", "credit_request__created_at", output_field=DateTimeField()
    )
    histogram = (
        Decision.objects.filter(
            program, people, decided_at__gte=filters.start_moment, decided_at__lte=filters.end_moment
        )
        .annotate(
            month=_month_index("decided_at", months), waited=WholeDaysBetween(F("decided_at"), submitted)
        )
        .order_by()
        .values("month", "waited")
        .annotate(n=Count("pk"))
    )
    waits: defaultdict[int, defaultdict[int, int]] = defaultdict(lambda: defaultdict(int))
    everything: defaultdict[int, int] = defaultdict(int)
    for row in histogram:
        waited = max(0, row["waited"] or 0)
        waits[row["month"]][waited] += row["n"]
        everything[waited] += row["n"]
    rows = [
        [
            month.strftime("%m/%Y"),
            sum(waits[i].values()),
            percentile(waits[i], 0.5),
            percentile(waits[i], 0.9),
        ]
        for i, month in enumerate(months)
    ]
    rows.append(
        ["All months", sum(everything.values()), percentile(everything, 0.5), percentile(everything, 0.9)]
    )
    return Table(
        "Decisions per month",
        ["Month", "Decisions", "Median days to decision", "90th percentile days"],
        rows,
        note="Days from submission to decision, to the nearest whole day.",
    )


def hours_by_month(filters: ReportFilters, now) -> Table:
    """Contact hours credited per month of the date range: portal courses and approved external credits."""
    months = _months(filters)
    entries = (
        CreditEntry.objects.filter(
            filters.users("credential__user__"),
            source__in=[CreditEntry.Source.COURSE, CreditEntry.Source.REQUEST],
            created_at__gte=filters.start_moment,
            created_at__lte=filters.end_moment,
        )
        .filter(Q(credential__program_id=filters.program_id) if filters.program_id else Q())
        .annotate(month=_month_index("created_at", months))
        .order_by()
        .values("month", "source")
        .annotate(hours=Sum("hours"))
    )
    totals: defaultdict[tuple[int, str], Decimal] = defaultdict(lambda: Decimal("0"))
    for row in entries:
        totals[(row["month"], row["source"])] += row["hours"]
    rows = []
    for i, month in enumerate(months):
        course, external = totals[(i, CreditEntry.Source.COURSE)], totals[(i, CreditEntry.Source.REQUEST)]
        rows.append([month.strftime("%m/%Y"), course, external, course + external])
    rows.append(["All months", *[sum((row[i] for row in rows), Decimal("0")) for i in (1, 2, 3)]])
    return Table(
        "Contact hours approved per month",
        ["Month", "Portal courses", "External credits", "Total"],
        rows,
        note="By the date the hours were credited: course completion or credit-request approval.",
    )


REPORTS: dict[str, Callable[[ReportFilters, dt.datetime], Table]] = {
    "certified-by-region": certified_by_region,
    "certified-by-library": certified_by_library,
    "lapsing": certifications_lapsing,
    "backlog": review_backlog,
    "decisions": decisions_by_month,
    "hours": hours_by_month,
}


def report_programs():
    """The programs a report may be filtered by."""
    return list(Program.objects.order_by("name"))


def report_regions():
    return list(Region.objects.order_by("name"))


def report_libraries():
    return list(Library.objects.order_by("name").only("pk", "name"))


def cell_text(value) -> str:
    """How a report cell reads on the page, in its CSV and in the command's CSV (one format for all three)."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        from portal.hours import format_hours as hours

        return hours(value)
    if isinstance(value, float):
        return f"{value:.1f}"
    return str(value)


def report_csv_rows(table: Table) -> list[list[str]]:
    return [[cell_text(cell) for cell in row] for row in table.rows]
