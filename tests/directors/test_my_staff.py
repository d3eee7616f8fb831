"""My Staff: a director's read-only view of their library systems' staff, its CSV and the staff summary."""

import csv
import datetime as dt
import io
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from credentials.models import CreditEntry
from directors.views import CSV_HEADER
from tests.conftest import eastern
from tests.directors.builders import (
    applying,
    certified,
    credit_request_decided,
    director_of,
    library,
    revoked,
    sweeps_due,
)
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
NOW = eastern(2026, 6, 15)


@pytest.fixture
def frozen(monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: NOW)
    return NOW


@pytest.fixture
def staff(seeded, frozen):
    adair, allen = library("adair-county-public-library"), library("allen-county-public-library")
    director = director_of(adair, now=NOW, first_name="Dana", last_name="Director")
    valid = UserFactory(library=adair, first_name="Vera", last_name="Valid")
    cycle = certified(valid, approved_on=dt.date(2022, 3, 1))
    CreditEntry.objects.create(
        credential=cycle,
        source="course",
        source_key="t:1",
        hours=Decimal("4.5"),
        activity_date=dt.date(2024, 1, 1),
        title="Reference Basics",
        created_at=NOW,
    )
    lapsing = UserFactory(library=adair, first_name="Lars", last_name="Lapsing")
    certified(lapsing, approved_on=dt.date(2021, 8, 1), cycle_end=dt.date(2026, 8, 1))
    new = UserFactory(library=adair, first_name="Nina", last_name="Newcomer")
    applying(new, registered_on=dt.date(2026, 6, 1))
    lapsed = UserFactory(library=adair, first_name="Luke", last_name="Lapsed")
    certified(lapsed, approved_on=dt.date(2020, 1, 1), cycle_end=dt.date(2025, 1, 1))
    elsewhere = UserFactory(library=allen, first_name="Olga", last_name="Otherlibrary")
    certified(elsewhere, approved_on=dt.date(2023, 1, 1))
    assert sweeps_due(now=NOW) == 1  # Luke's certification, by the sweep
    return {
        "director": director,
        "valid": valid,
        "lapsing": lapsing,
        "new": new,
        "lapsed": lapsed,
        "elsewhere": elsewhere,
    }


def table_rows(html):
    """Each row's values in the CSV's columns: the page pairs some values in one cell (email under the name,
    "earned of required" hours, ...), each in an element that names its CSV column; one missing is empty."""
    body = re.search(r'<table id="my-staff"[^>]*>.*?<tbody>(.*?)</tbody>', html, re.S).group(1)
    rows = []
    for row in re.findall(r"<tr>(.*?)</tr>", body, re.S):
        values = dict(re.findall(r'data-column="([^"]+)"[^>]*>([^<]*)<', row))
        rows.append([values.get(column, "").strip().replace("—", "") for column in CSV_HEADER])
    return rows


def test_director_sees_their_staff_with_status_hours_and_deadlines_and_not_another_library(client, staff):
    client.force_login(staff["director"])
    html = client.get(reverse("directors:staff")).content.decode()
    rows = {row[0]: row for row in table_rows(html)}
    assert "Olga Otherlibrary" not in html
    assert rows["Vera Valid"][3:8] == ["VALID", "03/01/2027", "4.50", "15", "03/01/2027"]
    assert rows["Lars Lapsing"][3:5] == ["VALID", "08/01/2026"]
    assert rows["Luke Lapsed"][3] == "LAPSED"
    assert rows["Nina Newcomer"][3] == "NOT CERTIFIED"
    assert rows["Nina Newcomer"][7:9] == ["07/01/2026", "upload window"]


@pytest.mark.parametrize(
    ("params", "names"),
    [
        ({"status": "lapsed"}, ["Luke Lapsed"]),
        ({"lapsing": "1"}, ["Lars Lapsing"]),
        ({"deadline": "1"}, ["Nina Newcomer"]),
        ({"q": "vera"}, ["Vera Valid"]),
        (
            {"sort": "valid_through"},
            ["Luke Lapsed", "Lars Lapsing", "Vera Valid", "Dana Director", "Nina Newcomer"],
        ),
    ],
)
def test_filters_search_and_sort(client, staff, params, names):
    client.force_login(staff["director"])
    rows = table_rows(client.get(reverse("directors:staff"), params).content.decode())
    shown = [row[0] for row in rows]
    assert shown == names if "sort" in params else sorted(shown) == sorted(names)


def test_csv_has_exactly_the_rows_and_cells_of_the_table(client, staff):
    client.force_login(staff["director"])
    params = {"sort": "valid_through", "status": "valid"}
    table = table_rows(client.get(reverse("directors:staff"), params).content.decode())
    response = client.get(reverse("directors:staff_csv"), params)
    assert response["Content-Type"].startswith("text/csv")
    header, *rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert header[:4] == ["Name", "Email", "Library", "Certification"]
    assert rows == table


def test_csv_neutralises_formula_cells(client, staff):
    staff["valid"].first_name = "=HYPERLINK(1)"
    staff["valid"].save()
    client.force_login(staff["director"])
    text = client.get(reverse("directors:staff_csv"), {"q": "Valid"}).content.decode()
    assert "'=HYPERLINK(1) Valid" in text


def test_staff_summary_shows_credentials_hours_decisions_and_no_document(client, staff):
    request = credit_request_decided(staff["valid"], course="Library Law Workshop")
    client.force_login(staff["director"])
    html = client.get(reverse("directors:staff_member", args=[staff["valid"].pk])).content.decode()
    main = html.split('<main id="main"', 1)[1]
    assert "Vera Valid" in main and "Reference Basics" in main and "VALID" in main
    assert "Initial Part Time Certification" in main
    # An application has no credits to earn: its row shows "–" as on the learner's own dashboard, not 0 of 0.
    application_row = re.search(
        r"<tr>\s*<th scope=\"row\">Initial Part Time Certification</th>.*?</tr>", main, re.S
    )
    cells = re.findall(r"<td>(.*?)</td>", application_row.group(0))
    assert cells[2:4] == ["–", "–"], cells
    assert "Credit request: Library Law Workshop" in main and "Partially approved" in main
    assert request.original_name not in main
    assert "/credentials/files/" not in main and "/credits/" not in main and "download" not in main.lower()


def test_director_gets_404_for_staff_of_another_library(client, staff):
    client.force_login(staff["director"])
    response = client.get(reverse("directors:staff_member", args=[staff["elsewhere"].pk]))
    assert response.status_code == 404


def test_non_directors_have_no_my_staff(client, staff):
    client.force_login(staff["valid"])
    assert client.get(reverse("directors:staff")).status_code == 403
    assert client.get(reverse("directors:staff_csv")).status_code == 403


def test_my_staff_runs_a_fixed_number_of_queries_whatever_the_data_size(
    client, staff, django_assert_num_queries
):
    client.force_login(staff["director"])
    url = reverse("directors:staff")
    client.get(url)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        client.get(url)
    adair = library("adair-county-public-library")
    for n in range(30):
        person = UserFactory(library=adair)
        certified(person, approved_on=dt.date(2023, 1, 1) + dt.timedelta(days=n))
        applying(UserFactory(library=adair), registered_on=dt.date(2026, 6, 1))
    with django_assert_num_queries(len(small.captured_queries)):
        response = client.get(url)
    assert "Page 1 of 3" in response.content.decode()


def test_a_revoked_certification_shows_revoked_everywhere_and_is_not_valid_or_lapsing(client, staff):
    revoked(staff["lapsing"], now=NOW)
    client.force_login(staff["director"])
    rows = {row[0]: row for row in table_rows(client.get(reverse("directors:staff")).content.decode())}
    assert rows["Lars Lapsing"][3:5] == ["REVOKED", "08/01/2026"]

    def names(params):
        html = client.get(reverse("directors:staff"), params).content.decode()
        return sorted(row[0] for row in table_rows(html)) if 'id="my-staff"' in html else []

    assert names({"status": "revoked"}) == ["Lars Lapsing"]
    assert "Lars Lapsing" not in names({"status": "valid"})
    assert names({"lapsing": "1"}) == []  # revoked is not "lapsing within 90 days"
    html = client.get(reverse("directors:staff")).content.decode()
    assert '<option value="revoked">REVOKED</option>' in html
    summary = client.get(reverse("directors:staff_member", args=[staff["lapsing"].pk])).content.decode()
    assert "<dt>Status</dt><dd>REVOKED</dd>" in summary


def test_lapsed_by_the_sweep_stays_lapsed_when_kdla_enrolls_them_in_a_new_cycle(client, staff):
    """The certification, not the latest cycle's dates: after the lapse KDLA may enroll the person in renewal
    credits again (to follow their hours while they re-apply); they are still LAPSED until an approval."""
    from credentials.staff_actions import credential_enroll
    from tests.factories import ReviewerFactory, program

    credential_enroll(
        user=staff["lapsed"],
        program=program("part-time-renewal-credits"),
        start=NOW.date(),
        now=NOW,
        actor=ReviewerFactory(),
    )
    client.force_login(staff["director"])
    rows = {row[0]: row for row in table_rows(client.get(reverse("directors:staff")).content.decode())}
    assert rows["Luke Lapsed"][3:5] == ["LAPSED", "01/01/2025"]
    assert rows["Nina Newcomer"][3:5] == ["NOT CERTIFIED", ""]


def test_hours_of_a_cycle_whose_hours_are_complete_still_show(client, staff):
    """15 of 15 hours: the cycle is COMPLETED (not ACTIVE) but it is still the current cycle until it ends."""
    from credentials.models import Credential, CredentialStatus
    from credentials.services import credential_add_credit

    cycle = Credential.objects.get(user=staff["valid"], program__code="part-time-renewal-credits")
    credential_add_credit(
        credential=cycle,
        source=CreditEntry.Source.ADJUSTMENT,
        source_key="t:complete",
        hours=Decimal("10.5"),
        activity_date=dt.date(2025, 1, 1),
        title="Annual Summation",
        now=NOW,
    )
    cycle.refresh_from_db()
    assert cycle.status == CredentialStatus.COMPLETED
    client.force_login(staff["director"])
    rows = {row[0]: row for row in table_rows(client.get(reverse("directors:staff")).content.decode())}
    assert rows["Vera Valid"][3:9] == ["VALID", "03/01/2027", "15", "15", "03/01/2027", "cycle end"]


def test_staff_summary_runs_a_fixed_number_of_queries_whatever_the_history(client, staff):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(staff["director"])
    url = reverse("directors:staff_member", args=[staff["valid"].pk])
    credit_request_decided(staff["valid"], course="First")
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    for n in range(5):
        credit_request_decided(staff["valid"], course=f"Workshop {n}")
    with CaptureQueriesContext(connection) as large:
        html = client.get(url).content.decode()
    assert "Credit request: Workshop 4" in html
    assert len(large.captured_queries) == len(small.captured_queries)
