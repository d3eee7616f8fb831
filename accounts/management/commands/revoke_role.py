from accounts import roles
from accounts.management.commands.grant_role import Command as GrantRole


class Command(GrantRole):
    help = f"Take a role ({', '.join(role.code for role in roles.ROLES)}) away from EMAIL; recorded in their history."
    granted = False
