"""Pure date and credit arithmetic (no ORM). Every deadline, cycle date and credit rule lives here once.

All dates are Kentucky dates (America/New_York); a deadline ends at 11:59 pm Eastern that day.
"""

import calendar
import datetime as dt
from decimal import Decimal, InvalidOperation
from zoneinfo import ZoneInfo

from portal.hours import format_hours  # noqa: F401  # the one hours format, re-exported for the domain

EASTERN = ZoneInfo("America/New_York")
CREDIT_STEP = Decimal("0.25")
MAX_REQUESTED_CREDITS = Decimal("100")


def local_date(moment: dt.datetime) -> dt.date:
    """The Kentucky (Eastern) calendar date of an aware datetime."""
    return moment.astimezone(EASTERN).date()


# Every date a person types is bounded here (the forms' DateFields and the services check it): 12/31/9999 used
# to reach `end_of_day` and overflow into a 500.
EARLIEST_DATE = dt.date(1900, 1, 1)
LATEST_DATE = dt.date(2099, 12, 31)


def date_out_of_range(day: dt.date) -> str | None:
    """A message when `day` is outside the dates the portal accepts, else None."""
    if EARLIEST_DATE <= day <= LATEST_DATE:
        return None
    return f"Enter a date between {EARLIEST_DATE:%m/%d/%Y} and {LATEST_DATE:%m/%d/%Y}."


def end_of_day(day: dt.date) -> dt.datetime:
    """11:59:59.999999 pm Eastern on `day`, as an aware datetime (DST-correct)."""
    return dt.datetime.combine(day, dt.time.max, tzinfo=EASTERN)


def add_years(day: dt.date, years: int) -> dt.date:
    """The same calendar date `years` later; 29 February becomes 28 February in a common year."""
    year = day.year + years
    last = calendar.monthrange(year, day.month)[1]
    return day.replace(year=year, day=min(day.day, last))


def application_cycle(registered_on: dt.date, cycle_days: int) -> tuple[dt.date, dt.date]:
    """An application's cycle: from the registration date to `cycle_days` later (02/08/2023 -> 04/09/2023)."""
    return registered_on, registered_on + dt.timedelta(days=cycle_days)


def upload_deadline(registered_on: dt.date, window_days: int) -> dt.datetime:
    """The end of the upload window: 11:59 pm Eastern, `window_days` after registration."""
    return end_of_day(registered_on + dt.timedelta(days=window_days))


def renewal_cycle(start: dt.date, years: int) -> tuple[dt.date, dt.date]:
    """A renewal-credits cycle: `years` years, same calendar date (02/06/2023 -> 02/06/2028)."""
    return start, add_years(start, years)


def next_renewal_cycle_start(current_end: dt.date | None, approved_on: dt.date) -> dt.date:
    """The next cycle starts the day after the current one ends, or on the approval date if it already ended."""
    if current_end is None or current_end < approved_on:
        return approved_on
    return current_end + dt.timedelta(days=1)


def cycle_end_moment(cycle_end: dt.date) -> dt.datetime:
    """A cycle is open through 11:59 pm Eastern on its end date."""
    return end_of_day(cycle_end)


def days_left(deadline: dt.datetime, now: dt.datetime) -> int:
    """Whole Kentucky calendar days from today until the deadline's date (0 on the last day, negative after)."""
    return (local_date(deadline) - local_date(now)).days


def date_in_cycle(day: dt.date, cycle_start: dt.date, cycle_end: dt.date) -> bool:
    return cycle_start <= day <= cycle_end


def activity_date_error(day: dt.date, *, today: dt.date, cycle_start=None, cycle_end=None) -> str | None:
    """Why an external activity's date is refused, or None: not in the future, inside the chosen cycle."""
    if day > today:
        return "The Activity Date cannot be in the future."
    if cycle_start is not None and not date_in_cycle(day, cycle_start, cycle_end):
        return (
            "The Activity Date must be within the Start and End Date of the selected Credential "
            f"({cycle_start:%m/%d/%Y} to {cycle_end:%m/%d/%Y})."
        )
    return None


def is_completed(earned: Decimal, required: Decimal) -> bool:
    return earned >= required


def parse_credits(value) -> Decimal | None:
    """A credit amount as a Decimal, or None when it is not a number."""
    try:
        number = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        return None
    return number if number.is_finite() else None


def requested_credits_error(value: Decimal) -> str | None:
    """Why a requested amount is refused, or None: > 0, at most 100, in steps of 0.25."""
    if value <= 0:
        return "Requested Credits must be more than 0."
    if value > MAX_REQUESTED_CREDITS:
        return f"Requested Credits can be at most {MAX_REQUESTED_CREDITS}."
    if value % CREDIT_STEP:
        return "Requested Credits must be in steps of 0.25 (for example 1, 1.25, 1.5 or 1.75)."
    return None


def approved_credits_error(approved: Decimal, requested: Decimal) -> str | None:
    if approved < 0:
        return "Approved credits cannot be negative."
    if approved > requested:
        return f"Approved credits cannot be more than the {requested} requested."
    if approved % CREDIT_STEP:
        return "Approved credits must be in steps of 0.25."
    return None


# --- issue 12: the certification and the cycle each hour counts toward -----------------------------------


def counting_start(cycle_start: dt.date, opened_on: dt.date) -> dt.date:
    """The first day whose hours count toward a cycle: its start, or the day it was opened if earlier.

    An early renewal approval opens the next cycle before it starts; from that day on, hours count toward
    the next cycle (the current one is complete and renewed), so none earned in between is lost.
    """
    return min(cycle_start, opened_on)


def cycle_for_day(day: dt.date, cycles):
    """The one cycle an hour earned on `day` counts toward, or None (no cycle holds the day).

    `cycles` are (key, cycle_start, cycle_end, opened_on) of ONE program's cycles of one learner. A day
    belongs to the cycles whose counting window (`counting_start` .. end) holds it; where two windows
    overlap (the days between an early renewal approval and the next cycle's start) the later-opened cycle
    takes it. So every day of a certified learner belongs to exactly one cycle.
    """
    holding = [
        (counting_start(start, opened_on), key)
        for key, start, end, opened_on in cycles
        if counting_start(start, opened_on) <= day <= end
    ]
    return max(holding, key=lambda item: item[0])[1] if holding else None


def certification_lapse_moment(valid_through: dt.date) -> dt.datetime:
    """A certification is valid through 11:59 pm Eastern on its valid-through date, then lapses."""
    return end_of_day(valid_through)


# issue 13: how far ahead a reviewer may move an upload deadline or reinstate a window (a typo like 2062 is
# refused rather than leaving an application open for decades).
DEADLINE_MAX_DAYS_AHEAD = 365


def staff_deadline_error(new_date: dt.date, today: dt.date) -> str | None:
    """Why `new_date` cannot be a new upload deadline set by KDLA staff on `today`; None if it can."""
    if new_date < today:
        return "The new deadline cannot be in the past."
    if new_date > today + dt.timedelta(days=DEADLINE_MAX_DAYS_AHEAD):
        latest = (today + dt.timedelta(days=DEADLINE_MAX_DAYS_AHEAD)).strftime("%m/%d/%Y")
        return f"The new deadline can be at most {DEADLINE_MAX_DAYS_AHEAD} days ahead (by {latest})."
    return None


def parse_us_date(value: str) -> dt.date | None:
    """MM/DD/YYYY (the portal's date format) -> date; None if it is not one."""
    try:
        return dt.datetime.strptime((value or "").strip(), "%m/%d/%Y").date()  # noqa: DTZ007 (a calendar date)
    except ValueError:
        return None
