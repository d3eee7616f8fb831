"""Library directors and CE coordinators: who may follow which library system's staff (read-only).

One owner for naming and un-naming (`library_role_grant` / `library_role_revoke`: the admin and the
`grant_role` / `revoke_role` commands call them) and for the question "which library systems does this person
see" (`libraries_seen_by`): every director page, the digest and the staff profile ask it here.
"""

from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef

from accounts.models import Library, LibraryRole, User

ROLE_KINDS = {kind.value: kind for kind in LibraryRole.Kind}  # the codes commands accept: director, ...


class LibraryRoleError(Exception):
    """Bad input for a role change; the message says what to fix."""


def library_get(*, slug: str) -> Library:
    """A library system by its slug (or its exact name), or LibraryRoleError naming close matches."""
    value = (slug or "").strip()
    library = (
        Library.objects.filter(slug=value.lower()).first()
        or Library.objects.filter(name__iexact=value).first()
    )
    if library is None:
        close = list(
            Library.objects.filter(slug__icontains=value.lower()[:12]).values_list("slug", flat=True)[:5]
        )
        hint = f" Did you mean: {', '.join(close)}?" if close else ""
        raise LibraryRoleError(f"No library system with the slug {value!r}.{hint}")
    return library


def library_role_grant(*, user: User, library: Library, kind: str, actor: User | None, now) -> bool:
    """Name `user` director (or CE coordinator) of `library`. Returns False when they already are. A grant of
    the other kind ends the current row and starts a new one, so who changed the role, and when, stays on
    record like any grant or revocation."""
    if kind not in ROLE_KINDS:
        raise LibraryRoleError(f"Unknown library role {kind!r}; the roles are: {', '.join(ROLE_KINDS)}.")
    with transaction.atomic():
        current = (
            LibraryRole.objects.select_for_update()
            .filter(user=user, library=library, revoked_at__isnull=True)
            .first()
        )
        if current is not None:
            if current.kind == kind:
                return False
            current.revoked_at, current.revoked_by = now, actor
            current.save(update_fields=["revoked_at", "revoked_by"])
        try:
            with transaction.atomic():
                LibraryRole.objects.create(
                    user=user, library=library, kind=kind, granted_at=now, granted_by=actor
                )
        except IntegrityError:  # granted by someone else at the same moment
            return False
        _directs_libraries_refresh(user)
    return True


def library_role_revoke(*, user: User, library: Library, actor: User | None, now) -> bool:
    """End `user`'s role at `library` (the row stays, with who ended it and when). False if they had none."""
    with transaction.atomic():
        updated = LibraryRole.objects.filter(user=user, library=library, revoked_at__isnull=True).update(
            revoked_at=now, revoked_by=actor
        )
        _directs_libraries_refresh(user)
    return bool(updated)


def _directs_libraries_refresh(user):
    """Keep User.directs_libraries (the left panel's flag) equal to "has a current role"."""
    current = Exists(LibraryRole.objects.filter(user=OuterRef("pk"), revoked_at__isnull=True))
    User.objects.filter(pk=user.pk).update(directs_libraries=current)
    user.refresh_from_db(fields=["directs_libraries"])


def libraries_seen_by(user) -> list[int]:
    """Ids of the library systems `user` currently directs or coordinates (empty for everyone else)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active or not user.directs_libraries:
        return []
    return list(
        LibraryRole.objects.filter(user=user, revoked_at__isnull=True)
        .values_list("library_id", flat=True)
        .order_by()
    )


def viewers_of(user) -> list[LibraryRole]:
    """Who can see `user`'s progress through a library role (shown on the staff member's profile)."""
    if user.library_id is None:
        return []
    return list(
        LibraryRole.objects.filter(library_id=user.library_id, revoked_at__isnull=True)
        .exclude(user=user)
        .select_related("user", "library")
        .order_by("user__last_name", "user__first_name")
    )
