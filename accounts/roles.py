"""The portal's staff roles, defined once: what each grants and the label operators see.

A role is either a group (its permissions come from the group) or a flag on the user. Another role (e.g. a
library director) is one more entry in ROLES; the admin's checkboxes, the role filter, the `grant_role` /
`revoke_role` commands and the person page all read this list.
"""

from dataclasses import dataclass

from django.contrib.auth.models import Group
from django.db import transaction

REVIEWERS_GROUP = "KDLA Reviewers"


@dataclass(frozen=True)
class Role:
    code: str  # what commands accept: `grant_role EMAIL reviewer`
    label: str  # what the admin shows
    group: str | None = None  # granted by membership of this group ...
    flag: str | None = None  # ... or by this boolean field of the user
    help: str = ""


ROLES = [
    Role(
        code="reviewer",
        label="KDLA reviewer",
        group=REVIEWERS_GROUP,
        help="Decides files and credit requests under Review; sees people, credentials and files in the admin.",
    ),
    Role(
        code="operator",
        label="Operator",
        flag="is_superuser",
        help="Runs the program: people, roles, content and programs; can do everything in the admin.",
    ),
]
ROLES_BY_CODE = {role.code: role for role in ROLES}


class RoleError(Exception):
    """An unknown role; the message names the ones that exist."""


def role_get(code: str) -> Role:
    try:
        return ROLES_BY_CODE[(code or "").strip().lower()]
    except KeyError:
        raise RoleError(
            f"Unknown role {code!r}; the roles are: {', '.join(role.code for role in ROLES)}."
        ) from None


def user_has_role(user, role: Role, *, group_names=None) -> bool:
    """`group_names`: the user's group names when already loaded (list pages prefetch them)."""
    if role.flag:
        return bool(getattr(user, role.flag))
    if group_names is None:
        group_names = {group.name for group in user.groups.all()}
    return role.group in group_names


def user_roles(user) -> list[Role]:
    group_names = {group.name for group in user.groups.all()}
    return [role for role in ROLES if user_has_role(user, role, group_names=group_names)]


@transaction.atomic
def role_set(*, user, role: Role, granted: bool, actor, now, note="") -> bool:
    """Grant or revoke `role`; records a PersonEvent (who, when). Returns False if nothing changed."""
    from accounts.models import PersonEvent
    from accounts.people import person_event_record

    if user_has_role(user, role) == granted:
        return False
    if role.flag:
        setattr(user, role.flag, granted)
        fields = [role.flag]
        if role.flag == "is_superuser":
            # Django's admin lets in only is_staff users; an operator is one, a former operator is not.
            user.is_staff = granted
            fields.append("is_staff")
        user.save(update_fields=fields)
    else:
        group, _ = Group.objects.get_or_create(name=role.group)
        (user.groups.add if granted else user.groups.remove)(group)
    person_event_record(
        user=user,
        actor=actor,
        kind=PersonEvent.Kind.ROLE_GRANTED if granted else PersonEvent.Kind.ROLE_REVOKED,
        note=f"{role.label}" + (f": {note}" if note else ""),
        now=now,
    )
    return True
