import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from credentials import rules, sweeps


def parse_now(value):
    """--now: an ISO date or datetime; a naive value is Kentucky (Eastern) time."""
    try:
        moment = dt.datetime.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(
            f"--now must be an ISO date or datetime, e.g. 2027-03-01T09:00, not {value!r}"
        ) from exc
    if timezone.is_naive(moment):
        moment = moment.replace(tzinfo=rules.EASTERN)
    return moment


class Command(BaseCommand):
    help = (
        "Run every scheduled sweep now (the same code as the Celery tasks): renewal enrollments, upload "
        "windows (reminders, expiry) and renewal cycles (reminders, expiry). Safe to re-run."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Count what would change; change nothing.")
        parser.add_argument("--now", help="Run as of this moment (ISO; naive = Eastern). Default: now.")
        parser.add_argument("--batch-size", type=int, default=sweeps.BATCH_SIZE)

    def handle(self, *args, dry_run=False, now=None, batch_size=sweeps.BATCH_SIZE, **options):
        moment = parse_now(now) if now else timezone.now()
        runs = sweeps.sweeps_run_all(now=moment, dry_run=dry_run, batch_size=batch_size)
        suffix = " (would be; nothing changed)" if dry_run else ""
        heading = "DRY RUN: sweeps" if dry_run else "Sweeps"
        self.stdout.write(f"{heading} as of {timezone.localtime(moment):%m/%d/%Y %I:%M %p %Z}")
        for run in runs:
            counts = ", ".join(f"{key} {value}" for key, value in run.counts.items() if key != "as_of")
            self.stdout.write(f"  {sweeps.JOB_LABELS[run.name]}: {counts}{suffix}")
        self.stdout.write(self.style.SUCCESS("Done."))
