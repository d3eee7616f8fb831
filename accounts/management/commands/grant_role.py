"""grant_role EMAIL ROLE: a KDLA role (reviewer, ...: accounts.roles), or a library role (director,
ce_coordinator: accounts.library_roles) of the library systems named with --library. Recorded either way."""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from accounts import ops, roles
from accounts.library_roles import (
    ROLE_KINDS,
    LibraryRoleError,
    library_get,
    library_role_grant,
    library_role_revoke,
)


def _role_codes():
    return [role.code for role in roles.ROLES] + sorted(ROLE_KINDS)


class Command(BaseCommand):
    help = (
        f"Give EMAIL a role ({', '.join(_role_codes())}); director and ce_coordinator need --library SLUG and "
        "let the person see that library's staff under My Staff (read-only). Recorded in their history."
    )
    granted = True

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("role", help=", ".join(_role_codes()))
        parser.add_argument(
            "--library",
            action="append",
            metavar="SLUG",
            help="For director / ce_coordinator: the library system's slug; repeat for several.",
        )
        parser.add_argument("--dry-run", action="store_true", help="Say what would change; change nothing.")

    def handle(self, *args, email, role, library=None, dry_run=False, **options):
        user = ops.user_by_email(email)
        if role in ROLE_KINDS:
            return self._library_role(user=user, role=role, slugs=library or [], dry_run=dry_run)
        if library:
            raise CommandError(f"--library is only for {' and '.join(sorted(ROLE_KINDS))}.")
        try:
            kdla_role = roles.role_get(role)
        except roles.RoleError as error:
            raise CommandError(str(error)) from error
        with ops.dry_run_rollback(dry_run):
            changed = roles.role_set(
                user=user,
                role=kdla_role,
                granted=self.granted,
                actor=None,
                now=timezone.now(),
                note=ops.OPS_NOTE.format(command=self.__module__.rsplit(".", 1)[-1]),
            )
        verb = ("granted" if self.granted else "revoked") if changed else "unchanged"
        state = "has" if self.granted else "does not have"
        message = (
            f"{kdla_role.label} {verb} for {user.email}."
            if changed
            else f"{user.email} already {state} the role {kdla_role.label}."
        )
        self.stdout.write(f"DRY RUN (nothing changed): {message}" if dry_run else message)
        return None

    def _library_role(self, *, user, role, slugs, dry_run):
        if not slugs:
            raise CommandError(f"{role} needs --library SLUG (the library system).")
        try:
            libraries = [library_get(slug=slug) for slug in slugs]
        except LibraryRoleError as exc:
            raise CommandError(str(exc)) from exc
        label, now = ROLE_KINDS[role].label.lower(), timezone.now()
        for lib in libraries:
            # The real service in a transaction rolled back on --dry-run: it says and refuses exactly what the
            # real run would.
            with ops.dry_run_rollback(dry_run):
                if self.granted:
                    changed = library_role_grant(user=user, library=lib, kind=role, actor=None, now=now)
                else:
                    changed = library_role_revoke(user=user, library=lib, actor=None, now=now)
            if self.granted:
                message = (
                    f"{user.email} is now {label} of {lib.name}."
                    if changed
                    else f"{user.email} already was {label} of {lib.name}: nothing changed."
                )
            else:
                message = (
                    f"{user.email} is no longer {label} of {lib.name}."
                    if changed
                    else f"{user.email} had no role at {lib.name}: nothing changed."
                )
            self.stdout.write(f"DRY RUN (nothing changed): {message}" if dry_run else message)
