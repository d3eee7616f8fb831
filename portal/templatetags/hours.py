"""`{{ value|hours }}`: contact hours in the portal's one format ("15", "2.50", "1.25"), for every app's
templates and the emails. The format itself is `portal.hours.format_hours` (`credentials.rules.format_hours`
for the domain: the PDF transcript, CSVs and event notes)."""

from django import template

from portal.hours import format_hours

register = template.Library()


@register.filter(is_safe=True)
def hours(value):
    return format_hours(value)
