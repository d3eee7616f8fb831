from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from credentials import ops, services
from credentials.models import Credential, CredentialStatus


class Command(BaseCommand):
    help = "Move the upload deadline of EMAIL's ACTIVE application PROGRAM to --to MM/DD/YYYY, with --note."

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("program", help="e.g. part-time-initial-application")
        parser.add_argument("--to", required=True, dest="to", help="The new deadline, MM/DD/YYYY.")
        parser.add_argument("--note", required=True, help="Why (recorded in the credential's history).")
        parser.add_argument("--dry-run", action="store_true", help="Check and report; change nothing.")

    def handle(self, *args, email, program, to, note, dry_run=False, **options):
        user, program = ops.user_by_email(email), ops.program_named(program)
        new_date = ops.us_date(to, "--to")
        credential = Credential.objects.filter(
            user=user, program=program, status=CredentialStatus.ACTIVE
        ).first()
        if credential is None:
            raise CommandError(f"{user.email} has no ACTIVE {program.credential_name}.")
        try:
            with ops.dry_run_rollback(dry_run):
                services.credential_extend_deadline(
                    credential=credential,
                    new_date=new_date,
                    now=timezone.now(),
                    actor=None,
                    note=f"{note.strip()} ({ops.OPS_NOTE.format(command='extend_deadline')})"
                    if note.strip()
                    else "",
                )
        except services.CredentialError as error:
            raise CommandError(str(error)) from error
        message = f"Upload deadline of {program.credential_name} for {user.email} is now {new_date:%m/%d/%Y}."
        self.stdout.write(f"DRY RUN (nothing changed): {message}" if dry_run else message)
