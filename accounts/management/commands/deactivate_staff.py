from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from accounts import ops, people


class Command(BaseCommand):
    help = "Deactivate EMAIL's account: they can no longer sign in; every record about them is kept."

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("--note", default="", help="Why (recorded in their history).")
        parser.add_argument("--dry-run", action="store_true", help="Say what would change; change nothing.")

    def handle(self, *args, email, note="", dry_run=False, **options):
        user = ops.user_by_email(email)
        note = " ".join(
            part for part in [ops.OPS_NOTE.format(command="deactivate_staff"), note.strip()] if part
        )
        try:
            with ops.dry_run_rollback(dry_run):
                changed = people.person_set_active(
                    user=user, active=False, actor=None, now=timezone.now(), note=note
                )
        except people.PersonError as error:
            raise CommandError(str(error)) from error
        message = f"{user.email} deactivated." if changed else f"{user.email} is already deactivated."
        self.stdout.write(f"DRY RUN (nothing changed): {message}" if dry_run else message)
