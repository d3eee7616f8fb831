"""Contact hours as every page, email, PDF and CSV shows them. The shared base (portal.templatetags, every
app's templates) and the domain (`credentials.rules.format_hours`) both use this one function."""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

HOURS_CENT = Decimal("0.01")


def format_hours(value) -> str:
    """Contact hours as every page, email, PDF and CSV shows them: "15", "2.50", "1.25" (floatformat:"-2").

    The one hours format of the portal (templates use it as `{{ value|hours }}`). Plain Decimal arithmetic:
    floatformat's localisation costs about 0.1 ms a call and the dashboard shows dozens of values.
    """
    if value is None or value == "":
        return ""
    try:
        number = value if isinstance(value, Decimal) else Decimal(str(value))
        rounded = number.quantize(HOURS_CENT, rounding=ROUND_HALF_UP)
    except (InvalidOperation, ValueError, TypeError):
        return ""
    if rounded == rounded.to_integral_value():
        return str(int(rounded))
    return f"{rounded:.2f}"
