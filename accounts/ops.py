"""What every ops command (`manage.py grant_role`, `enroll`, ...) shares: finding the person named on the
command line with an error that names the value, and --dry-run as a rollback (the real service runs, so a dry
run refuses exactly what the real run would; nothing is kept or emailed). Programs and dates:
`credentials.ops`."""

from contextlib import contextmanager

from django.core.management.base import CommandError
from django.db import transaction

from accounts.models import User

OPS_NOTE = "by manage.py {command}"


def user_by_email(email) -> User:
    user = User.objects.select_related("library").filter(email__iexact=(email or "").strip()).first()
    if user is None:
        raise CommandError(f"No account has the email address {email!r}.")
    return user


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
