"""enforce_deadlines and compliance_report: output, --dry-run, filters, streaming in a fixed number of queries."""

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from portal.models import JobRun
from tests.credentials.sweep_builders import (
    ACTIVE,
    EXPIRED,
    application,
    renewal,
    snapshot,
    status_of,
)
from tests.factories import LibraryFactory, UserFactory

pytestmark = pytest.mark.usefixtures("seeded")


def command(*args):
    out = io.StringIO()
    call_command(*args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_enforce_deadlines_runs_every_sweep_and_prints_counts(django_capture_on_commit_callbacks, mailoutbox):
    lapsed = application(registered_on=dt.date(2026, 3, 2))
    application(registered_on=dt.date(2026, 3, 9))  # 7-day reminder
    ended = renewal(cycle_start=dt.date(2021, 4, 1))
    with django_capture_on_commit_callbacks(execute=True):
        output = command("enforce_deadlines", "--now", "2026-04-02T09:00")
    assert "Sweeps as of 04/02/2026 09:00 AM EDT" in output
    assert "Upload windows (reminders and expiry): reminders 1, expired 1" in output
    assert "Renewal cycles (reminders and expiry): reminders 0, expired 1" in output
    assert "Renewal enrollment safety net: enrolled 0" in output
    assert "Certifications (reminders and lapse): reminders 0, lapsed 0" in output
    assert status_of(lapsed) == EXPIRED and status_of(ended) == EXPIRED
    assert len(mailoutbox) == 3
    with django_capture_on_commit_callbacks(execute=True):
        again = command("enforce_deadlines", "--now", "2026-04-02T09:00")
    assert "reminders 0, expired 0" in again
    assert len(mailoutbox) == 3
    assert JobRun.objects.count() == 8  # 2 runs x 4 sweeps


def test_enforce_deadlines_dry_run_changes_nothing_and_says_so(
    django_capture_on_commit_callbacks, mailoutbox
):
    lapsed = application(registered_on=dt.date(2026, 3, 2))
    state = snapshot()
    with django_capture_on_commit_callbacks(execute=True):
        output = command("enforce_deadlines", "--dry-run", "--now", "2026-04-02")
    assert "DRY RUN: sweeps as of 04/02/2026 12:00 AM EDT" in output
    assert (
        "Upload windows (reminders and expiry): reminders 0, expired 1 (would be; nothing changed)" in output
    )
    assert snapshot() == state and mailoutbox == []
    assert status_of(lapsed) == ACTIVE
    assert set(JobRun.objects.values_list("dry_run", flat=True)) == {True}


def test_enforce_deadlines_refuses_a_bad_now():
    with pytest.raises(CommandError, match="ISO date"):
        command("enforce_deadlines", "--now", "04/02/2026")


def _report(*args):
    return list(csv.reader(io.StringIO(command("compliance_report", "--now", "2027-11-01", *args))))


def test_compliance_report_lists_staff_credentials_and_earned_credits():
    library = LibraryFactory(name="Boone County Public Library")
    user = UserFactory(first_name="Ada", last_name="Able", email="ada@boone.example", library=library)
    renewal(cycle_start=dt.date(2023, 2, 6), earned=Decimal("4.25"), user=user)
    rows = _report()
    assert rows[0] == [
        "Staff",
        "Email",
        "Library",
        "Credential",
        "Current Cycle Start",
        "Current Cycle End",
        "Required Credits",
        "Earned Credits",
        "Status",
        "Compliance",
        "Certified Through",
        "Certification",
    ]
    assert rows[1] == [
        "Ada Able",
        "ada@boone.example",
        "Boone County Public Library",
        "Part-time Certification - Renewal credits",
        "02/06/2023",
        "02/06/2028",
        "15",
        "4.25",
        "ACTIVE",
        "IN PROGRESS",
        "",
        "NOT CERTIFIED",
    ]


def test_compliance_report_writes_formulas_in_names_as_text():
    library = LibraryFactory(name="@SUM(1+1)*cmd|' /C calc'!A0")
    user = UserFactory(
        first_name='=HYPERLINK("http://evil.example","x")',
        last_name="Able",
        email="ada@x.example",
        library=library,
    )
    renewal(cycle_start=dt.date(2023, 2, 6), user=user)
    row = _report()[1]
    assert row[0] == '\'=HYPERLINK("http://evil.example","x") Able'
    assert row[2] == "'@SUM(1+1)*cmd|' /C calc'!A0"
    assert row[1] == "ada@x.example"  # ordinary cells are untouched


def test_compliance_report_filters_by_library_program_status_and_ending_within():
    boone = LibraryFactory(name="Boone County Public Library")
    clark = LibraryFactory(name="Clark County Public Library")
    a = UserFactory(email="a@x.example", library=boone)
    b = UserFactory(email="b@x.example", library=clark)
    renewal(cycle_start=dt.date(2023, 2, 6), user=a)  # ends 02/06/2028: within 120 days of 11/01/2027
    renewal(cycle_start=dt.date(2025, 2, 6), user=b)  # ends 2030
    application(registered_on=dt.date(2027, 10, 1), user=b)
    emails = lambda rows: sorted(row[1] for row in rows[1:])  # noqa: E731
    assert emails(_report("--library", "boone county public library")) == ["a@x.example"]
    assert emails(_report("--library", str(clark.pk))) == ["b@x.example", "b@x.example"]
    assert emails(_report("--program", "part-time-initial-application")) == ["b@x.example"]
    assert emails(_report("--status", "ACTIVE")) == ["a@x.example", "b@x.example", "b@x.example"]
    assert emails(_report("--status", "expired")) == []
    assert emails(_report("--ending-within", "120")) == ["a@x.example", "b@x.example"]
    assert emails(
        _report("--ending-within", "120", "--program", "Part-time Certification - Renewal credits")
    ) == ["a@x.example"]


def test_compliance_report_writes_a_file(tmp_path):
    renewal(cycle_start=dt.date(2023, 2, 6))
    target = tmp_path / "report.csv"
    call_command("compliance_report", "--output", str(target), stdout=io.StringIO(), stderr=io.StringIO())
    rows = list(csv.reader(target.open(newline="")))
    assert len(rows) == 2 and rows[1][3] == "Part-time Certification - Renewal credits"


def test_compliance_report_says_certified_through_and_the_certification_status(seeded):
    from tests.conftest import eastern
    from tests.credentials.certification_helpers import certified

    certified(UserFactory(email="cert@boone.example"), at=eastern(2023, 2, 6, 10))
    rows = [row for row in _report() if row[1] == "cert@boone.example"]
    assert {(row[3], row[-2], row[-1]) for row in rows} == {
        ("Initial Part Time Certification", "02/06/2028", "VALID"),
        ("Part-time Certification - Renewal credits", "02/06/2028", "VALID"),
    }


def test_compliance_report_uses_a_fixed_number_of_queries(django_assert_num_queries):
    for _ in range(3):
        renewal(cycle_start=dt.date(2023, 2, 6), earned=Decimal("2"))
    with django_assert_num_queries(1) as small:
        command("compliance_report")
    for _ in range(20):
        renewal(cycle_start=dt.date(2024, 2, 6), earned=Decimal("2"))
    with django_assert_num_queries(len(small.captured_queries)):
        output = command("compliance_report")
    assert output.count("\n") == 24
