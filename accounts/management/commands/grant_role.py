from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from accounts.library_roles import ROLE_KINDS, LibraryRoleError, library_get, library_role_grant
from accounts.models import User


class Command(BaseCommand):
    help = (
        "Name a person director (or CE coordinator) of a library system: grant_role EMAIL director --library SLUG. "
        "They then see that library's staff under My Staff (read-only)."
    )
    verb = "grant"

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("role", choices=sorted(ROLE_KINDS), help="director or ce_coordinator")
        parser.add_argument(
            "--library",
            required=True,
            action="append",
            metavar="SLUG",
            help="Library slug; repeat for several.",
        )
        parser.add_argument("--dry-run", action="store_true", help="Check the arguments; change nothing.")

    def handle(self, *args, email, role, library, dry_run=False, **options):
        user = User.objects.filter(email__iexact=email.strip()).first()
        if user is None:
            raise CommandError(f"No account with the email {email!r}.")
        try:
            libraries = [library_get(slug=slug) for slug in library]
        except LibraryRoleError as exc:
            raise CommandError(str(exc)) from exc
        now = timezone.now()
        for lib in libraries:
            if dry_run:
                self.stdout.write(f"Would {self.verb} {role} of {lib.slug} for {user.email}.")
                continue
            changed = self.change(user=user, library=lib, role=role, now=now)
            self.stdout.write(self.message(changed, user=user, role=role, library=lib))

    def change(self, *, user, library, role, now):
        return library_role_grant(user=user, library=library, kind=role, actor=None, now=now)

    def message(self, changed, *, user, role, library):
        if changed:
            return f"{user.email} is now {ROLE_KINDS[role].label.lower()} of {library.name}."
        return (
            f"{user.email} already was {ROLE_KINDS[role].label.lower()} of {library.name}: nothing changed."
        )
