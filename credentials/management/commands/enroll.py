from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from credentials import ops, rules, staff_actions
from credentials.services import CredentialError


class Command(BaseCommand):
    help = "Enroll EMAIL in a renewal-credits PROGRAM (code or name), the cycle starting --start (default today)."

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("program", help="e.g. paraprofessional-i-renewal-credits")
        parser.add_argument("--start", help="MM/DD/YYYY, today or earlier (default: today).")
        parser.add_argument("--note", default="")
        parser.add_argument(
            "--dry-run", action="store_true", help="Check and report; change nothing, email nobody."
        )

    def handle(self, *args, email, program, start=None, note="", dry_run=False, **options):
        user, program = ops.user_by_email(email), ops.program_named(program)
        now = timezone.now()
        start = ops.us_date(start, "--start") if start else rules.local_date(now)
        try:
            with ops.dry_run_rollback(dry_run):
                credential = staff_actions.credential_enroll(
                    user=user,
                    program=program,
                    start=start,
                    now=now,
                    actor=None,
                    note=note or f"Enrolled {ops.OPS_NOTE.format(command='enroll')} from {start:%m/%d/%Y}.",
                )
        except CredentialError as error:
            raise CommandError(str(error)) from error
        message = (
            f"{user.email} enrolled in {program.credential_name}: "
            f"{credential.cycle_start:%m/%d/%Y} to {credential.cycle_end:%m/%d/%Y}."
        )
        self.stdout.write(f"DRY RUN (nothing changed): {message}" if dry_run else message)
