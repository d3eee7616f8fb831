"""KDLA reports: numbers against hand-counted data, page = CSV = compliance_report, fixed queries."""

import csv
import datetime as dt
import io
import re
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.urls import reverse

from credentials.models import CreditEntry, DocumentType, ExternalFile
from reviews import views_reports
from reviews.reports import ReportFilters, percentile
from tests.conftest import eastern
from tests.directors.builders import applying, certified, credit_request_decided, library, revoked, sweeps_due
from tests.factories import ReviewerFactory, UserFactory

pytestmark = pytest.mark.django_db
NOW = eastern(2026, 6, 15)
PARAMS = {"start": "01/01/2026", "end": "06/30/2026"}


@pytest.fixture
def data(seeded, monkeypatch):
    """Hand-counted: Adair (Lake Cumberland) 3 staff, 2 certified; Allen (Barren River) 3 staff, 1 certified
    (one lapsed by the sweep, one revoked whose valid-through date is 25 days away: neither counts)."""
    # Only the reports' clock: the reviewer's session clock keeps the real time.
    monkeypatch.setattr(views_reports, "timezone", SimpleNamespace(now=lambda: NOW))
    adair, allen = library("adair-county-public-library"), library("allen-county-public-library")
    a1 = UserFactory(library=adair, first_name="Ann")
    certified(a1, approved_on=dt.date(2022, 3, 1), cycle_end=dt.date(2026, 7, 1))  # lapses in 16 days
    a2 = UserFactory(library=adair, first_name="Bea")
    certified(a2, approved_on=dt.date(2024, 1, 1), cycle_end=dt.date(2026, 11, 1))  # in 139 days
    a3 = UserFactory(library=adair, first_name="Cal")
    applying(a3, registered_on=dt.date(2026, 6, 1))  # not certified
    b1 = UserFactory(library=allen, first_name="Dee")
    cycle = certified(b1, approved_on=dt.date(2023, 5, 1))  # valid to 2028
    b2 = UserFactory(library=allen, first_name="Eve")
    certified(b2, approved_on=dt.date(2020, 1, 1), cycle_end=dt.date(2025, 1, 1))  # lapsed
    b3 = UserFactory(library=allen, first_name="Fay")
    certified(b3, approved_on=dt.date(2021, 7, 10), cycle_end=dt.date(2026, 7, 10))
    revoked(b3, now=NOW - dt.timedelta(days=2))
    assert sweeps_due(now=NOW) == 1
    ReviewerFactory(library=None)  # KDLA staff are not counted
    # Decisions: two in March (waits 3 and 5 days), one in May (wait 10 days)
    credit_request_decided(b1, decided_at=eastern(2026, 3, 10), created_at=eastern(2026, 3, 7))
    credit_request_decided(b1, decided_at=eastern(2026, 3, 20), created_at=eastern(2026, 3, 15))
    credit_request_decided(b1, decided_at=eastern(2026, 5, 20), created_at=eastern(2026, 5, 10))
    # Backlog: a file waiting 2 days, a file waiting 40 days
    for days in (2, 40):
        external = ExternalFile(
            owner=a3,
            credential=a3.credentials.get(),
            document_type=DocumentType.objects.first(),
            description="Application",
            original_name="a.pdf",
            content_type="application/pdf",
            size=8,
            uploaded_at=NOW - dt.timedelta(days=days),
        )
        external.file.save("a.pdf", ContentFile(b"%PDF-1.4"), save=True)
    # Hours: 3 course hours in April, 1.5 external in April, 2 external in May
    for key, source, hours, month in [
        ("c", "course", "3", 4),
        ("r1", "request", "1.5", 4),
        ("r2", "request", "2", 5),
    ]:
        CreditEntry.objects.create(
            credential=cycle,
            source=source,
            source_key=key,
            hours=Decimal(hours),
            activity_date=dt.date(2026, month, 1),
            title="x",
            created_at=eastern(2026, month, 3),
        )
    return {"adair": adair, "allen": allen}


def page_tables(client, params=PARAMS):
    html = client.get(reverse("reviews:reports"), params).content.decode()
    tables = {}
    for name, body in re.findall(r'<table id="table-([a-z-]+)">.*?<tbody>(.*?)</tbody>', html, re.S):
        rows = []
        for row in re.findall(r"<tr>(.*?)</tr>", body, re.S):
            cells = re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)
            rows.append([cell.strip().replace("—", "") for cell in cells])
        tables[name] = rows
    return html, tables


@pytest.fixture
def reviewer_client(client, data):
    client.force_login(ReviewerFactory())
    return client


def row(table, label):
    return next(r for r in table if r[0] == label)


def test_report_numbers_match_the_hand_counted_data(reviewer_client):
    _, tables = page_tables(reviewer_client)
    assert row(tables["certified-by-library"], "Adair County Public Library") == [
        "Adair County Public Library", "Lake Cumberland", "3", "2", "66.7",
    ]  # fmt: skip
    assert row(tables["certified-by-library"], "Allen County Public Library")[2:] == ["3", "1", "33.3"]
    assert row(tables["certified-by-region"], "Lake Cumberland") == ["Lake Cumberland", "3", "2", "66.7"]
    assert row(tables["certified-by-region"], "All regions") == ["All regions", "6", "3", "50.0"]
    assert tables["lapsing"] == [["30 days", "1"], ["90 days", "1"], ["180 days", "2"]]
    assert row(tables["backlog"], "0-7 days") == ["0-7 days", "1", "0", "1"]
    assert row(tables["backlog"], "31-60 days") == ["31-60 days", "1", "0", "1"]
    assert row(tables["decisions"], "03/2026") == ["03/2026", "2", "3", "5"]
    assert row(tables["decisions"], "05/2026") == ["05/2026", "1", "10", "10"]
    assert row(tables["decisions"], "All months") == ["All months", "3", "5", "10"]
    assert row(tables["hours"], "04/2026") == ["04/2026", "3", "1.50", "4.50"]
    assert row(tables["hours"], "All months") == ["All months", "3", "3.50", "6.50"]


def test_filters_by_region_and_library(reviewer_client, data):
    _, tables = page_tables(reviewer_client, {**PARAMS, "region": data["allen"].region_id})
    assert {r[1] for r in tables["certified-by-library"]} == {"Barren River"}
    assert row(tables["certified-by-region"], "All regions")[1:] == ["3", "1", "33.3"]
    assert row(tables["backlog"], "0-7 days")[3] == "0"
    _, tables = page_tables(reviewer_client, {**PARAMS, "library": data["adair"].pk})
    assert [r[0] for r in tables["certified-by-library"]] == ["Adair County Public Library"]
    assert row(tables["decisions"], "All months")[1] == "0"


@pytest.mark.parametrize(
    ("code", "certified", "lapsing"),
    [
        ("part-time-initial-application", "3", ["1", "1", "2"]),  # the certification it leads to
        ("part-time-renewal-credits", "3", ["1", "1", "2"]),
        ("professional-i-renewal-credits", "0", ["0", "0", "0"]),  # no certification of that program
    ],
)
def test_the_program_filter_counts_the_certification_of_that_program(
    reviewer_client, code, certified, lapsing
):
    from tests.factories import program

    _, tables = page_tables(reviewer_client, {**PARAMS, "program": program(code).pk})
    assert row(tables["certified-by-region"], "All regions")[1:3] == ["6", certified]
    assert [count for _, count in tables["lapsing"]] == lapsing


def test_page_csv_and_compliance_report_give_the_same_numbers(reviewer_client, data):
    _, tables = page_tables(reviewer_client)
    for name, table in tables.items():
        response = reviewer_client.get(reverse("reviews:report_csv", args=[name]), PARAMS)
        header, *rows = list(csv.reader(io.StringIO(response.content.decode())))
        assert rows == table, name
        out = io.StringIO()
        call_command(
            "compliance_report", "--report", name, "--from", PARAMS["start"], "--to", PARAMS["end"],
            "--now", NOW.isoformat(), stdout=out,
        )  # fmt: skip
        command_header, *command_rows = list(csv.reader(io.StringIO(out.getvalue())))
        assert (command_header, command_rows) == (header, rows), name


def test_certified_and_lapsing_numbers_agree_with_compliance_reports_certification_columns(reviewer_client):
    """The page counts what `compliance_report` (one row per credential) says of each person's certification:
    VALID people per library, VALID people by certified-through date; lapsed and revoked count as neither."""
    _, tables = page_tables(reviewer_client)
    out = io.StringIO()
    call_command("compliance_report", "--now", NOW.isoformat(), stdout=out)
    people = {
        (r["Email"], r["Library"], r["Certification"], r["Certified Through"])
        for r in csv.DictReader(io.StringIO(out.getvalue()))
    }
    statuses = sorted(status for _, _, status, _ in people)
    assert statuses == ["LAPSED", "NOT CERTIFIED", "REVOKED", "VALID", "VALID", "VALID"]
    for library_row in tables["certified-by-library"]:
        certified_here = {e for e, lib, status, _ in people if lib == library_row[0] and status == "VALID"}
        assert library_row[3] == str(len(certified_here)), library_row[0]
    through = [dt.datetime.strptime(d, "%m/%d/%Y").date() for _, _, s, d in people if s == "VALID"]  # noqa: DTZ007
    for label, count in tables["lapsing"]:
        days = int(label.split()[0])
        assert count == str(sum(1 for day in through if day <= NOW.date() + dt.timedelta(days))), label


def test_every_chart_is_an_svg_with_a_title_and_description_and_its_numbers(reviewer_client):
    html, _ = page_tables(reviewer_client)
    charts = re.findall(r'<svg role="img" aria-labelledby="([\w-]+)-title \1-desc".*?</svg>', html, re.S)
    assert len(charts) == 5
    assert '<title id="chart-regions-title">Share of staff certified, per KDLA region</title>' in html
    assert ">66.7%</text>" in html  # the bar's number, readable without colour
    assert 'fill="url(#chart-hours-hatch)"' in html  # the second series is hatched, not only coloured


def test_bad_dates_get_a_message_next_to_the_field_and_no_error(reviewer_client):
    response = reviewer_client.get(reverse("reviews:reports"), {"start": "13/45/2026", "end": "01/01/2026x"})
    assert response.status_code == 200
    html = response.content.decode()
    assert '<ul class="errors" id="filter-start-error"><li>Enter a date as MM/DD/YYYY.</li></ul>' in html
    assert '<ul class="errors" id="filter-end-error"><li>Enter a date as MM/DD/YYYY.</li></ul>' in html


def test_reports_run_a_fixed_number_of_queries(reviewer_client, data, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    url = reverse("reviews:reports")
    with CaptureQueriesContext(connection) as small:
        reviewer_client.get(url, PARAMS)
    for n in range(10):
        person = UserFactory(library=data["allen"])
        certified(person, approved_on=dt.date(2023, 1, 1) + dt.timedelta(days=n))
        credit_request_decided(person, decided_at=eastern(2026, 4, 1 + n))
    with django_assert_num_queries(len(small.captured_queries)):
        reviewer_client.get(url, PARAMS)


def test_nearest_rank_percentile_of_a_histogram():
    assert percentile({}, 0.5) is None
    assert percentile({5: 1, 1: 1, 3: 1}, 0.5) == 3
    assert percentile(dict.fromkeys(range(1, 11), 1), 0.9) == 9
    assert percentile({1: 1, 2: 1}, 0.9) == 2
    assert percentile({0: 9, 30: 1}, 0.9) == 0


def test_default_range_is_the_last_twelve_months():
    filters = ReportFilters.from_params({}, today=dt.date(2026, 6, 15))
    assert (filters.start, filters.end) == (dt.date(2025, 7, 1), dt.date(2026, 6, 15))


def test_learners_cannot_open_reports(client, data):
    client.force_login(UserFactory())
    assert client.get(reverse("reviews:reports")).status_code == 403
    assert client.get(reverse("reviews:report_csv", args=["lapsing"])).status_code == 403
