from typing import ClassVar

from django.contrib.auth.models import AbstractUser, BaseUserManager, Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils.text import slugify

REVIEW_PERMISSION = "reviews.review_submissions"


class Region(models.Model):
    """A KDLA region: the library systems one regional consultant serves (seeded by `seed_catalog`)."""

    name = models.CharField(max_length=100, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class Library(models.Model):
    """A Kentucky public library system (seeded by `seed_catalog`)."""

    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(
        max_length=200, unique=True, help_text="Short name for commands: grant_role ... --library SLUG."
    )
    region = models.ForeignKey(
        Region, null=True, blank=True, on_delete=models.SET_NULL, related_name="libraries"
    )

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "libraries"

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = library_slug(self.name)
        super().save(*args, **kwargs)


def library_slug(name: str) -> str:
    """The slug a library system gets from its name (commands name libraries by it)."""
    return slugify(name)[:200]


_USER_WITH_REVIEW_PERMISSION_SQL = """
    SELECT u.*,
           EXISTS (SELECT 1
                     FROM <user_permissions> up
                     JOIN <permission> p ON p.id = up.permission_id
                     JOIN <content_type> ct ON ct.id = p.content_type_id
                    WHERE up.user_id = u.id AND ct.app_label = %(app_label)s AND p.codename = %(codename)s
           ) AS holds_review_permission_directly,
           EXISTS (SELECT 1
                     FROM <user_groups> ug
                     JOIN <group_permissions> gp ON gp.group_id = ug.group_id
                     JOIN <permission> p ON p.id = gp.permission_id
                     JOIN <content_type> ct ON ct.id = p.content_type_id
                    WHERE ug.user_id = u.id AND ct.app_label = %(app_label)s AND p.codename = %(codename)s
           ) AS holds_review_permission_through_group
      FROM <user> u
     WHERE u.id = %(pk)s
"""


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An email address is required")
        email = self.normalize_email(email).lower()
        user = self.model(email=email, **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def get_with_review_permission(self, pk):
        """The user `pk` (or None) with `holds_review_permission_directly` and
        `holds_review_permission_through_group`, in one query: accounts.backends loads `request.user` this way on
        every signed-in request. Hand-written SQL (table names from the models, every value a parameter)
        because the ORM spends longer building the two EXISTS subqueries than the database spends running them.
        """
        app_label, codename = REVIEW_PERMISSION.split(".")
        tables = {
            "<user>": self.model._meta.db_table,
            "<user_permissions>": self.model.user_permissions.through._meta.db_table,
            "<user_groups>": self.model.groups.through._meta.db_table,
            "<group_permissions>": Group.permissions.through._meta.db_table,
            "<permission>": Permission._meta.db_table,
            "<content_type>": ContentType._meta.db_table,
        }
        sql = _USER_WITH_REVIEW_PERMISSION_SQL
        for placeholder, table in tables.items():
            sql = sql.replace(placeholder, table)
        params = {"pk": pk, "app_label": app_label, "codename": codename}
        return next(iter(self.raw(sql, params)), None)

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields["is_staff"] = True
        extra_fields["is_superuser"] = True
        user = self._create_user(email, password, **extra_fields)
        # An operator-created superuser may log in at once: its address counts as verified.
        from allauth.account.models import EmailAddress

        EmailAddress.objects.update_or_create(
            user=user, email=user.email, defaults={"verified": True, "primary": True}
        )
        return user


class User(AbstractUser):
    """A portal user. Email is the login; there is no username."""

    # No username column: AbstractUser's stubs type it as a str field, which is what removing it is about.
    username = None  # type: ignore[assignment]
    email = models.EmailField("email address", unique=True)
    library = models.ForeignKey(
        Library, null=True, blank=True, on_delete=models.PROTECT, related_name="staff"
    )
    job_title = models.CharField(max_length=150, blank=True)
    # Bumped (in the writing transaction) by every change to what the dashboard's boxes show: the cache key of
    # the boxes carries it, so a cached dashboard is never older than the data. See portal/dashboard.py.
    dashboard_version = models.PositiveBigIntegerField(default=0, editable=False)
    # True while the user holds a current LibraryRole (director / CE coordinator): the left panel asks on every
    # page and this column comes with the user row, at no query. Written only by accounts.library_roles.
    directs_libraries = models.BooleanField(default=False, editable=False)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = []

    # The email-login manager (no username) in place of AbstractUser's username-based UserManager.
    objects: ClassVar[UserManager] = UserManager()  # type: ignore[assignment]

    # Set only on a user loaded by UserManager.get_with_review_permission (has_perm asks hasattr first).
    holds_review_permission_directly: bool
    holds_review_permission_through_group: bool

    class Meta:
        ordering = ["last_name", "first_name", "email"]

    def __str__(self):
        return self.get_full_name() or self.email

    @property
    def display_name(self):
        return self.get_full_name() or self.email

    @property
    def is_reviewer(self):
        return self.is_active and self.has_perm(REVIEW_PERMISSION)

    def has_perm(self, perm, obj=None):
        """Django's has_perm, with the user's permissions loaded in one query instead of the backend's two.

        Every signed-in request asks for the review permission (reviewer session timeouts, the left panel), so
        this is on the hot path of every page. The set is the one ModelBackend would cache (`_perm_cache`: the
        user's own permissions and their groups' as "app_label.codename"), for as long as the user object lives
        (one request for `request.user`); ModelBackend then answers from it.
        """
        if obj is None and perm == REVIEW_PERMISSION and hasattr(self, "holds_review_permission_directly"):
            # Loaded with the user (UserManager.get_with_review_permission): ModelBackend's answer, no query.
            return self.is_active and (
                self.is_superuser
                or self.holds_review_permission_directly
                or self.holds_review_permission_through_group
            )
        if obj is None and self.is_active and not self.is_superuser and not hasattr(self, "_perm_cache"):
            # A UNION (each half an index lookup on the user's id), not an OR over two outer joins.
            columns = ("content_type__app_label", "codename")
            direct = Permission.objects.filter(user=self).values_list(*columns).order_by()
            through_groups = Permission.objects.filter(group__user=self).values_list(*columns).order_by()
            self._perm_cache = {
                f"{app_label}.{codename}" for app_label, codename in direct.union(through_groups)
            }
        return super().has_perm(perm, obj)


class SentEmail(models.Model):
    """The outbox: one row per email event, every email the portal sends (accounts.emails). The unique key
    makes every notification idempotent; `sent_at` is set as each message is handed to the mail server.

    The body is rendered when the event is recorded; rows written set-based in SQL (the expiry sweep) leave it
    empty and the template's registered context loader renders it at delivery (`accounts.emails`)."""

    # Unique through Meta's constraint rather than `unique=True`, which on PostgreSQL adds a second index for
    # LIKE queries that nothing makes (one index less to write per email; the expiry sweep writes thousands).
    key = models.CharField(max_length=200)
    # Empty for allauth's emails to an address with no account (e.g. a password reset for an unknown address).
    user = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.CASCADE, related_name="sent_emails"
    )
    to_email = models.EmailField(blank=True, db_default="", help_text="Empty: the user's address.")
    subject = models.CharField(max_length=255)
    template = models.CharField(max_length=200)
    body_text = models.TextField(blank=True, db_default="")
    body_html = models.TextField(blank=True, db_default="")
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["key"], name="one_email_per_key")]

    def __str__(self):
        return self.key


class AuditLog(models.Model):
    """Security audit trail: logins, failed logins, logouts (admin actions are in django_admin_log)."""

    class Kind(models.TextChoices):
        LOGIN = "login", "Logged in"
        LOGIN_FAILED = "login_failed", "Failed login"
        LOGOUT = "logout", "Logged out"

    at = models.DateTimeField(db_index=True)
    kind = models.CharField(max_length=30, choices=Kind.choices)
    user = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="audit_entries"
    )
    identifier = models.CharField(max_length=254, blank=True, help_text="The email address that was tried.")
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=300, blank=True)
    request_id = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["kind", "at"])]

    def __str__(self):
        return f"{self.get_kind_display()} {self.identifier or self.user_id}"


class PersonEvent(models.Model):
    """What KDLA did about a person rather than one credential: notes, roles, deactivation, exports.

    Credential changes stay in credentials.CredentialEvent; the reviewers' person page shows both.
    """

    class Kind(models.TextChoices):
        NOTE = "note", "Note"
        ROLE_GRANTED = "role_granted", "Role granted"
        ROLE_REVOKED = "role_revoked", "Role revoked"
        DEACTIVATED = "deactivated", "Account deactivated"
        REACTIVATED = "reactivated", "Account reactivated"
        PROFILE_CHANGED = "profile_changed", "Profile changed"
        EXPORTED = "exported", "Records exported"

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="person_events")
    actor = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    kind = models.CharField(max_length=30, choices=Kind.choices)
    note = models.TextField(blank=True, max_length=4000)
    at = models.DateTimeField()

    class Meta:
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["user", "at"])]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.user})"


class LibraryRole(models.Model):
    """A person named director (or CE coordinator) of one library system by an operator.

    Read-only sight of that library's staff (My Staff, the staff summary, the monthly digest), never their
    documents. Revoking keeps the row (revoked_at/by): who could see whom, and when, stays on record.
    """

    class Kind(models.TextChoices):
        DIRECTOR = "director", "Library director"
        CE_COORDINATOR = "ce_coordinator", "CE coordinator"

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="library_roles")
    library = models.ForeignKey(Library, on_delete=models.CASCADE, related_name="roles")
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.DIRECTOR)
    granted_at = models.DateTimeField()
    granted_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["library__name", "user__last_name", "user__first_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "library"],
                condition=Q(revoked_at__isnull=True),
                name="one_current_role_per_library",
            )
        ]
        indexes = [models.Index(fields=["library", "revoked_at"])]

    def __str__(self):
        return f"{self.get_kind_display()} of {self.library} ({self.user})"
