"""`{{ value|hours }}`: contact hours as `floatformat:"-2"` shows them ("15", "2.50", "1.25"), much cheaper.

Django's floatformat goes through Decimal contexts and localization on every call (about 0.1 ms); the dashboard
shows dozens of hour values per request (load test hot spot), so its boxes use this instead.
"""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django import template

register = template.Library()
CENT = Decimal("0.01")


@register.filter(is_safe=True)
def hours(value):
    if value is None or value == "":
        return ""
    try:
        number = value if isinstance(value, Decimal) else Decimal(str(value))
        rounded = number.quantize(CENT, rounding=ROUND_HALF_UP)
    except (InvalidOperation, ValueError, TypeError):
        return ""
    if rounded == rounded.to_integral_value():
        return str(int(rounded))
    return f"{rounded:.2f}"
