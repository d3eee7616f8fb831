"""The `hours` filter prints contact hours exactly as floatformat:"-2" does."""

from decimal import Decimal

import pytest
from django.template.defaultfilters import floatformat

from portal.templatetags.hours import hours


@pytest.mark.parametrize(
    "value",
    [
        Decimal("15"),
        Decimal("2.5"),
        Decimal("1.25"),
        Decimal("0"),
        Decimal("0.125"),
        Decimal("100.00"),
        3,
        7.75,
    ],
)
def test_hours_matches_floatformat_minus_two(value):
    assert hours(value) == floatformat(value, "-2")


def test_hours_of_nothing_is_empty():
    assert hours(None) == ""
    assert hours("not a number") == ""
