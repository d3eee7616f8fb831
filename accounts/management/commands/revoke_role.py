from accounts.library_roles import ROLE_KINDS, library_role_revoke
from accounts.management.commands.grant_role import Command as GrantCommand


class Command(GrantCommand):
    help = "End a person's director (or CE coordinator) role at a library system: revoke_role EMAIL director --library SLUG."
    verb = "revoke"

    def change(self, *, user, library, role, now):
        return library_role_revoke(user=user, library=library, actor=None, now=now)

    def message(self, changed, *, user, role, library):
        label = ROLE_KINDS[role].label.lower()
        if changed:
            return f"{user.email} is no longer {label} of {library.name}."
        return f"{user.email} had no role at {library.name}: nothing changed."
