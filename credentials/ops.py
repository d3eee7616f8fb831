"""The ops commands' programs and MM/DD/YYYY dates, named on the command line (the rest: `accounts.ops`)."""

import datetime as dt

from django.core.management.base import CommandError
from django.db.models import Q

from accounts.ops import OPS_NOTE, dry_run_rollback, user_by_email  # noqa: F401  # one import for the commands
from credentials import rules
from credentials.models import Program


def program_named(name) -> Program:
    """A program by its code, catalog name or credential name (any case)."""
    name = (name or "").strip()
    matches = list(
        Program.objects.filter(Q(code__iexact=name) | Q(name__iexact=name) | Q(credential_name__iexact=name))
    )
    if len(matches) != 1:
        known = ", ".join(Program.objects.order_by("code").values_list("code", flat=True))
        raise CommandError(f"No program is called {name!r}; use one of: {known}.")
    return matches[0]


def us_date(value, option) -> dt.date:
    day = rules.parse_us_date(value)
    if day is None:
        raise CommandError(f"{option} {value!r} is not a date as MM/DD/YYYY.")
    return day
