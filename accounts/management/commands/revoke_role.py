from accounts.management.commands.grant_role import Command as GrantRole
from accounts.management.commands.grant_role import _role_codes


class Command(GrantRole):
    help = (
        f"Take a role ({', '.join(_role_codes())}) away from EMAIL (director / ce_coordinator: of the library "
        "named with --library); recorded in their history."
    )
    granted = False
