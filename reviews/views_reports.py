"""KDLA reports (reviewers and operators): charts beside their tables, and a CSV of each table."""

from django.contrib.auth.decorators import login_required, permission_required
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from accounts.models import REVIEW_PERMISSION
from credentials import rules
from portal.csv_export import csv_response
from reviews import reports
from reviews.charts import bar_chart


def _charts(tables):
    """The chart of each report, drawn from the rows of its table (total rows left out)."""
    region = [row for row in tables["certified-by-region"].rows if row[0] != "All regions"]
    backlog = tables["backlog"].rows
    decisions = tables["decisions"].rows[:-1]
    hours = tables["hours"].rows[:-1]
    lapsing = tables["lapsing"].rows
    return {
        "certified-by-region": bar_chart(
            chart_id="chart-regions",
            title="Share of staff certified, per KDLA region",
            desc="Horizontal bars, one per region: the percentage of part-time staff with a valid certification "
            "today. The table that follows has the same numbers.",
            labels=[row[0] for row in region],
            series=[("Share certified", [row[3] for row in region])],
            unit="%",
            maximum=100,
        ),
        "lapsing": bar_chart(
            chart_id="chart-lapsing",
            title="Certifications lapsing within 30, 90 and 180 days",
            desc="Three bars: valid certifications ending within 30, 90 and 180 days from today.",
            labels=[row[0] for row in lapsing],
            series=[("Certifications", [row[1] for row in lapsing])],
        ),
        "backlog": bar_chart(
            chart_id="chart-backlog",
            title="Review backlog by age",
            desc="Stacked bars per age band: file submissions (solid) then credit requests (hatched) waiting now.",
            labels=[row[0] for row in backlog],
            series=[
                ("File submissions", [row[1] for row in backlog]),
                ("Credit requests", [row[2] for row in backlog]),
            ],
        ),
        "decisions": bar_chart(
            chart_id="chart-decisions",
            title="Decisions per month",
            desc="One bar per month of the date range: the number of decisions made.",
            labels=[row[0] for row in decisions],
            series=[("Decisions", [row[1] for row in decisions])],
        ),
        "hours": bar_chart(
            chart_id="chart-hours",
            title="Contact hours approved per month",
            desc="Stacked bars per month: portal course hours (solid) then approved external credits (hatched).",
            labels=[row[0] for row in hours],
            series=[
                ("Portal courses", [row[1] for row in hours]),
                ("External credits", [row[2] for row in hours]),
            ],
            unit=" h",
        ),
    }


def report_tables(filters, now):
    by_library = reports.certified_by_library(filters, now)
    tables = dict.fromkeys(reports.REPORTS)
    tables["certified-by-library"] = by_library
    tables["certified-by-region"] = reports.certified_by_region(filters, now, by_library=by_library)
    for name, selector in reports.REPORTS.items():
        if tables[name] is None:
            tables[name] = selector(filters, now)
    return tables


@login_required
@permission_required(REVIEW_PERMISSION, raise_exception=True)
@require_GET
def reports_page(request):
    now = timezone.now()
    filters = reports.ReportFilters.from_params(request.GET, today=rules.local_date(now))
    tables = report_tables(filters, now)
    charts = _charts(tables)
    sections = [
        {
            "name": name,
            "table": table,
            "rows": reports.report_csv_rows(table),
            "chart": charts.get(name),
        }
        for name, table in tables.items()
    ]
    return render(
        request,
        "reviews/reports.html",
        {
            "sections": sections,
            "filters": filters,
            "query": request.GET.urlencode(),
            "libraries": reports.report_libraries(),
            "regions": reports.report_regions(),
            "programs": reports.report_programs(),
        },
    )


@login_required
@permission_required(REVIEW_PERMISSION, raise_exception=True)
@require_GET
def report_csv(request, name):
    if name not in reports.REPORTS:
        raise Http404("No such report.")
    now = timezone.now()
    filters = reports.ReportFilters.from_params(request.GET, today=rules.local_date(now))
    table = reports.REPORTS[name](filters, now)
    return csv_response(filename=f"kdla-{name}.csv", header=table.header, rows=reports.report_csv_rows(table))
