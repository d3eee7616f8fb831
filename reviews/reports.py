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
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, DateTimeField, Q, Sum
from django.db.models.functions import Coalesce, TruncMonth

from accounts.models import REVIEW_PERMISSION, Library, Region, User
from credentials import rules
from credentials.certification_summary import with_certification
from credentials.models import CreditEntry, ExternalFile, Program
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
    def start_moment(self):
        return dt.datetime.combine(self.start, dt.time.min, tzinfo=rules.EASTERN)

    @property
    def end_moment(self):
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


def _certified_counts(filters, today):
    """{library_id: (staff, certified)}: one GROUP BY query over the staff and their certification."""
    rows = (
        with_certification(_staff(filters), today=today, program_id=filters.program_id)
        .order_by()
        .values("library_id")
        .annotate(staff=Count("pk"), certified=Count("pk", filter=Q(cert_valid_through__gte=today)))
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
    """Certified part-time staff per library system (VALID today) and their share of the staff."""
    counts = _certified_counts(filters, rules.local_date(now))
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
    totals = defaultdict(lambda: [0, 0])
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
    horizons = {
        f"d{days}": Count(
            "pk", filter=Q(cert_valid_through__gte=today, cert_valid_through__lte=today + dt.timedelta(days))
        )
        for days in LAPSING_HORIZONS
    }
    counts = (
        with_certification(_staff(filters), today=today, program_id=filters.program_id)
        .order_by()
        .aggregate(**horizons)
    )
    return Table(
        "Certifications lapsing",
        ["Lapsing within", "Certifications"],
        [[f"{days} days", counts[f"d{days}"]] for days in LAPSING_HORIZONS],
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


def percentile(values: list[float], fraction: float) -> float | None:
    """Nearest-rank percentile (the smallest value with at least `fraction` of the values at or below it)."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(0, math.ceil(fraction * len(ordered)) - 1)]


def decisions_by_month(filters: ReportFilters, now) -> Table:
    """Decisions per month of the date range, and the median and 90th percentile of the days from submission
    to decision (files: upload time; credit requests: request time)."""
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
    decisions = (
        Decision.objects.filter(
            program, people, decided_at__gte=filters.start_moment, decided_at__lte=filters.end_moment
        )
        .annotate(
            submitted_at=Coalesce(
                "external_file__uploaded_at", "credit_request__created_at", output_field=DateTimeField()
            )
        )
        .order_by()
        .values_list("decided_at", "submitted_at")
    )
    waits = defaultdict(list)
    for decided_at, submitted_at in decisions.iterator(chunk_size=5000):
        waits[rules.local_date(decided_at).replace(day=1)].append(
            max(0.0, (decided_at - submitted_at).total_seconds() / 86400)
        )
    rows = []
    everything = []
    for month in _months(filters):
        days = waits.get(month, [])
        everything += days
        rows.append(
            [month.strftime("%m/%Y"), len(days), _days(percentile(days, 0.5)), _days(percentile(days, 0.9))]
        )
    rows.append(
        [
            "All months",
            len(everything),
            _days(percentile(everything, 0.5)),
            _days(percentile(everything, 0.9)),
        ]
    )
    return Table(
        "Decisions per month",
        ["Month", "Decisions", "Median days to decision", "90th percentile days"],
        rows,
        note="Days from submission to decision.",
    )


def _days(value):
    return None if value is None else round(value, 1)


def hours_by_month(filters: ReportFilters, now) -> Table:
    """Contact hours credited per month of the date range: portal courses and approved external credits."""
    entries = (
        CreditEntry.objects.filter(
            filters.users("credential__user__"),
            source__in=[CreditEntry.Source.COURSE, CreditEntry.Source.REQUEST],
            created_at__gte=filters.start_moment,
            created_at__lte=filters.end_moment,
        )
        .filter(Q(credential__program_id=filters.program_id) if filters.program_id else Q())
        .annotate(month=TruncMonth("created_at", tzinfo=rules.EASTERN))
        .order_by()
        .values("month", "source")
        .annotate(hours=Sum("hours"))
    )
    totals = defaultdict(lambda: Decimal("0"))
    for row in entries:
        month = row["month"]
        month = month.date() if isinstance(month, dt.datetime) else month
        totals[(month.replace(day=1), row["source"])] += row["hours"]
    rows = []
    for month in _months(filters):
        course, external = (
            totals[(month, CreditEntry.Source.COURSE)],
            totals[(month, CreditEntry.Source.REQUEST)],
        )
        rows.append([month.strftime("%m/%Y"), course, external, course + external])
    rows.append(["All months", *[sum((row[i] for row in rows), Decimal("0")) for i in (1, 2, 3)]])
    return Table(
        "Contact hours approved per month",
        ["Month", "Portal courses", "External credits", "Total"],
        rows,
        note="By the date the hours were credited: course completion or credit-request approval.",
    )


REPORTS = {
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
        from credentials.templatetags.hours import hours

        return hours(value)
    if isinstance(value, float):
        return f"{value:.1f}"
    return str(value)


def report_csv_rows(table: Table) -> list[list[str]]:
    return [[cell_text(cell) for cell in row] for row in table.rows]
