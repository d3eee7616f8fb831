from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from accounts import ops, roles


class Command(BaseCommand):
    help = f"Give EMAIL a role ({', '.join(role.code for role in roles.ROLES)}); recorded in their history."
    granted = True

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("role", help=", ".join(f"{role.code} ({role.label})" for role in roles.ROLES))
        parser.add_argument("--dry-run", action="store_true", help="Say what would change; change nothing.")

    def handle(self, *args, email, role, dry_run=False, **options):
        user = ops.user_by_email(email)
        try:
            role = roles.role_get(role)
        except roles.RoleError as error:
            raise CommandError(str(error)) from error
        with ops.dry_run_rollback(dry_run):
            changed = roles.role_set(
                user=user,
                role=role,
                granted=self.granted,
                actor=None,
                now=timezone.now(),
                note=ops.OPS_NOTE.format(command=self.__module__.rsplit(".", 1)[-1]),
            )
        verb = ("granted" if self.granted else "revoked") if changed else "unchanged"
        state = "has" if self.granted else "does not have"
        message = (
            f"{role.label} {verb} for {user.email}."
            if changed
            else f"{user.email} already {state} the role {role.label}."
        )
        self.stdout.write(f"DRY RUN (nothing changed): {message}" if dry_run else message)
