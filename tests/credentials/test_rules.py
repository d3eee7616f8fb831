"""The date and credit arithmetic every deadline and cycle depends on."""

import datetime as dt
from decimal import Decimal

import pytest

from credentials import rules
from credit_requests import rules as credit_rules
from tests.conftest import eastern


def test_application_cycle_matches_the_guides_example():
    assert rules.application_cycle(dt.date(2023, 2, 8), 60) == (dt.date(2023, 2, 8), dt.date(2023, 4, 9))


def test_renewal_cycle_is_five_years_to_the_same_date():
    assert rules.renewal_cycle(dt.date(2023, 2, 6), 5) == (dt.date(2023, 2, 6), dt.date(2028, 2, 6))


def test_renewal_cycle_from_29_february_ends_on_28_february():
    assert rules.renewal_cycle(dt.date(2024, 2, 29), 5)[1] == dt.date(2029, 2, 28)
    assert rules.add_years(dt.date(2024, 2, 29), 4) == dt.date(2028, 2, 29)


def test_upload_deadline_is_1159_pm_eastern_thirty_days_after_registration():
    deadline = rules.upload_deadline(dt.date(2023, 2, 8), 30)
    local = deadline.astimezone(rules.EASTERN)
    assert (local.date(), local.hour, local.minute) == (dt.date(2023, 3, 10), 23, 59)


def test_deadline_across_a_dst_change_keeps_eastern_wall_clock():
    # 03/12/2023 is the spring-forward day: the deadline is still 11:59 pm local, i.e. 03:59 UTC next day.
    deadline = rules.upload_deadline(dt.date(2023, 2, 10), 30)
    assert deadline.astimezone(dt.UTC).replace(microsecond=0) == dt.datetime(
        2023, 3, 13, 3, 59, 59, tzinfo=dt.UTC
    )


def test_local_date_uses_kentucky_time_not_utc():
    late_evening = dt.datetime(2023, 3, 11, 3, 30, tzinfo=dt.UTC)  # 10:30 pm on 03/10 in Kentucky
    assert rules.local_date(late_evening) == dt.date(2023, 3, 10)


def test_days_left_counts_kentucky_calendar_days():
    deadline = rules.upload_deadline(dt.date(2023, 3, 10), 0)
    assert rules.days_left(deadline, eastern(2023, 3, 3, 9)) == 7
    assert rules.days_left(deadline, eastern(2023, 3, 10, 23, 58)) == 0
    assert rules.days_left(deadline, eastern(2023, 3, 11, 0, 1)) == -1


@pytest.mark.parametrize(
    ("current_end", "approved_on", "expected"),
    [
        (dt.date(2028, 2, 6), dt.date(2027, 12, 1), dt.date(2028, 2, 7)),  # still running: day after it ends
        (dt.date(2028, 2, 6), dt.date(2028, 2, 6), dt.date(2028, 2, 7)),  # approved on its last day
        (dt.date(2028, 2, 6), dt.date(2028, 5, 1), dt.date(2028, 5, 1)),  # already ended: approval date
        (None, dt.date(2028, 5, 1), dt.date(2028, 5, 1)),
    ],
)
def test_next_renewal_cycle_start(current_end, approved_on, expected):
    assert rules.next_renewal_cycle_start(current_end, approved_on) == expected


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("0", "more than 0"),
        ("-1", "more than 0"),
        ("100.25", "at most 100"),
        ("1.1", "steps of 0.25"),
    ],
)
def test_requested_credits_refusals(value, message):
    assert message in rules.requested_credits_error(rules.parse_credits(value))


@pytest.mark.parametrize("value", ["0.25", "1.5", "15", "100"])
def test_requested_credits_accepted(value):
    assert rules.requested_credits_error(rules.parse_credits(value)) is None


@pytest.mark.parametrize("value", ["abc", "", "NaN", "Infinity", "1e"])
def test_non_numbers_are_not_credits(value):
    assert rules.parse_credits(value) is None


@pytest.mark.parametrize(
    ("approved", "requested", "status"),
    [("15", "15", "approved"), ("10.75", "15", "partially_approved"), ("0", "15", "denied")],
)
def test_credit_decision_status(approved, requested, status):
    assert credit_rules.credit_decision_status(Decimal(approved), Decimal(requested)) == status


def test_approved_credits_cannot_exceed_requested_or_go_negative():
    assert "more than" in rules.approved_credits_error(Decimal("16"), Decimal("15"))
    assert "negative" in rules.approved_credits_error(Decimal("-1"), Decimal("15"))
    assert rules.approved_credits_error(Decimal("7.25"), Decimal("15")) is None
