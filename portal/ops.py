"""What every ops command (`manage.py grant_role`, `enroll`, ...) shares: finding the person and the program
named on the command line with errors that name the value, MM/DD/YYYY dates, and --dry-run as a rollback
(the real service runs, so a dry run refuses exactly what the real run would; nothing is kept or emailed)."""

from contextlib import contextmanager

from django.core.management.base import CommandError
from django.db import transaction
from django.db.models import Q

from accounts.models import User
from credentials import rules
from credentials.models import Program

OPS_NOTE = "by manage.py {command}"


def user_by_email(email) -> User:
    user = User.objects.select_related("library").filter(email__iexact=(email or "").strip()).first()
    if user is None:
        raise CommandError(f"No account has the email address {email!r}.")
    return user


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


def us_date(value, option) -> object:
    day = rules.parse_us_date(value)
    if day is None:
        raise CommandError(f"{option} {value!r} is not a date as MM/DD/YYYY.")
    return day


class _Rollback(Exception):
    pass


@contextmanager
def dry_run_rollback(dry_run):
    """Run the block in a transaction; with `dry_run` roll it back (on-commit emails are then never sent)."""
    try:
        with transaction.atomic():
            yield
            if dry_run:
                raise _Rollback
    except _Rollback:
        pass
