"""People and library systems in the admin.

Operators (superusers) edit a person's name, library and job title and tick their roles (accounts.roles);
reviewers see the same pages read-only (their group's view permissions). Nobody with history is deleted:
"Deactivate" is the way out (accounts.people), and every change is recorded as a PersonEvent.
"""

from allauth.account.models import EmailAddress
from django import forms
from django.contrib import admin, messages
from django.contrib.admin.views.main import PAGE_VAR
from django.db.models import Count, Exists, OuterRef, Prefetch
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html

from accounts import people, roles
from accounts.models import Library, PersonEvent, User
from portal.text import FreeTextField


def _role_field(role):
    return f"role_{role.code}"


class _UserAdminFormBase(forms.ModelForm):
    class Meta:
        model = User
        fields = ["first_name", "last_name", "library", "job_title"]
        field_classes = {"first_name": FreeTextField, "last_name": FreeTextField, "job_title": FreeTextField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for role in roles.ROLES:
            self.fields[_role_field(role)].initial = roles.user_has_role(self.instance, role)

    actor = None  # the operator editing (set by UserAdmin.get_form)

    def clean(self):
        super().clean()
        cleaned = self.cleaned_data
        for role in roles.ROLES:
            name = _role_field(role)
            taking_own = self.actor is not None and self.actor.pk == self.instance.pk
            if (
                taking_own
                and role.flag == "is_superuser"
                and self.fields[name].initial
                and not cleaned.get(name)
            ):
                self.add_error(
                    name, f"You cannot take the {role.label} role from yourself; ask another operator."
                )
        return cleaned


# Name, library, job title, and one plain checkbox per role (declared fields, so the admin accepts them).
UserAdminForm = type(
    "UserAdminForm",
    (_UserAdminFormBase,),
    {
        _role_field(role): forms.BooleanField(label=role.label, required=False, help_text=role.help)
        for role in roles.ROLES
    },
)


class RoleFilter(admin.SimpleListFilter):
    title = "role"
    parameter_name = "role"

    def lookups(self, request, model_admin):
        return [(role.code, role.label) for role in roles.ROLES] + [("none", "No role (staff member)")]

    def queryset(self, request, queryset):
        value = self.value()
        if value is None:
            return queryset
        if value == "none":
            for role in roles.ROLES:
                queryset = queryset.exclude(**_role_lookup(role))
            return queryset
        if value in roles.ROLES_BY_CODE:
            return queryset.filter(**_role_lookup(roles.ROLES_BY_CODE[value]))
        return queryset


def _role_lookup(role):
    return {role.flag: True} if role.flag else {"groups__name": role.group}


class LibraryFilter(admin.SimpleListFilter):
    """ "By library" as a drop-down with a Filter button (templates/admin/select_filter.html): as links, the ~120
    library systems made the filter column thousands of pixels long. A GET form with the page's other
    parameters as hidden fields, so it works without JavaScript; typing a name in the drop-down finds it."""

    title = "library"
    parameter_name = "library"
    template = "admin/select_filter.html"
    label = "Library system"

    def __init__(self, request, params, model, model_admin):
        super().__init__(request, params, model, model_admin)
        if self.used_parameters.get(self.parameter_name) == "":  # "All" chosen in the drop-down
            del self.used_parameters[self.parameter_name]
        self.kept_params = [
            (name, value)
            for name, values in request.GET.lists()
            if name not in (self.parameter_name, PAGE_VAR)
            for value in values
        ]

    def lookups(self, request, model_admin):
        return [
            (str(pk), name) for pk, name in Library.objects.order_by("name").values_list("pk", "name")
        ] + [("none", "No library system")]

    def queryset(self, request, queryset):
        value = self.value()
        if value == "none":
            return queryset.filter(library__isnull=True)
        if value and value.isdigit():
            return queryset.filter(library_id=int(value))
        return queryset

    def choices(self, changelist):
        """Django's choices, each with the value its <option> sends."""
        values = ["", *(value for value, _ in self.lookup_choices)]
        for value, choice in zip(values, super().choices(changelist), strict=True):
            yield {**choice, "value": value}


class VerifiedFilter(admin.SimpleListFilter):
    title = "email verified"
    parameter_name = "verified"

    def lookups(self, request, model_admin):
        return [("yes", "Yes"), ("no", "No")]

    def queryset(self, request, queryset):
        if self.value() in ("yes", "no"):
            return queryset.filter(email_verified=self.value() == "yes")
        return queryset


@admin.register(User)
class UserAdmin(admin.ModelAdmin):
    form = UserAdminForm
    list_display = ["email", "full_name", "library", "roles", "is_active", "email_verified", "last_login"]
    list_select_related = ["library"]
    list_filter = [LibraryFilter, RoleFilter, "is_active", VerifiedFilter]
    search_fields = ["email", "first_name", "last_name", "library__name"]
    ordering = ["last_name", "first_name", "email"]
    readonly_fields = ["email", "is_active", "email_verified", "last_login", "date_joined", "person_page"]
    actions = ["deactivate", "reactivate"]

    def get_queryset(self, request):
        verified = EmailAddress.objects.filter(user=OuterRef("pk"), verified=True)
        return (
            super()
            .get_queryset(request)
            .annotate(email_verified=Exists(verified))
            .prefetch_related(Prefetch("groups", to_attr="role_groups"))
        )

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        return type(form.__name__, (form,), {"actor": request.user})

    def get_fieldsets(self, request, obj=None):
        if self.has_change_permission(request, obj):
            role_fields = [_role_field(role) for role in roles.ROLES]
        else:
            role_fields = ["roles"]
        return [
            (None, {"fields": ["email", "first_name", "last_name", "library", "job_title"]}),
            ("Roles", {"fields": role_fields}),
            (
                "Account",
                {"fields": ["is_active", "email_verified", "last_login", "date_joined", "person_page"]},
            ),
        ]

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        return fields if self.has_change_permission(request, obj) else [*fields, "roles"]

    @admin.display(description="name", ordering="last_name")
    def full_name(self, obj):
        return obj.get_full_name()

    @admin.display(description="roles")
    def roles(self, obj):
        groups = obj.role_groups if hasattr(obj, "role_groups") else obj.groups.all()
        names = {group.name for group in groups}
        return ", ".join(
            role.label for role in roles.ROLES if roles.user_has_role(obj, role, group_names=names)
        )

    @admin.display(description="email verified", boolean=True)
    def email_verified(self, obj):
        if hasattr(obj, "email_verified"):
            return obj.email_verified
        return EmailAddress.objects.filter(user=obj, verified=True).exists()

    @admin.display(description="person page")
    def person_page(self, obj):
        return format_html(
            '<a href="{}">Everything about them, and the actions</a>',
            reverse("reviews:person", args=[obj.pk]),
        )

    def has_add_permission(self, request):
        # Staff sign up themselves (or arrive with `manage.py import_staff`); nobody is created here.
        return False

    def has_delete_permission(self, request, obj=None):
        # Only someone with no history at all may be deleted (a mistaken account); everyone else is deactivated.
        if obj is None or not super().has_delete_permission(request, obj):
            return False
        return not people.person_has_history(obj)

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    def save_model(self, request, obj, form, change):
        now = timezone.now()
        before = User.objects.select_related("library").get(pk=obj.pk)
        fields = ["first_name", "last_name", "library", "job_title"]
        note = people.profile_change_note(
            before={name: getattr(before, name) for name in fields},
            after={name: getattr(obj, name) for name in fields},
        )
        obj.save(update_fields=fields)
        if note:
            people.person_event_record(
                user=obj, kind=PersonEvent.Kind.PROFILE_CHANGED, actor=request.user, now=now, note=note
            )
        for role in roles.ROLES:
            roles.role_set(
                user=obj,
                role=role,
                granted=form.cleaned_data[_role_field(role)],
                actor=request.user,
                now=now,
                note="in the admin",
            )

    def save_related(self, request, form, formsets, change):
        # The form has no many-to-many fields of its own (roles are applied in save_model): nothing to save.
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)

    def _set_active(self, request, queryset, *, active):
        now = timezone.now()
        changed = 0
        for user in queryset:
            try:
                changed += people.person_set_active(
                    user=user, active=active, actor=request.user, now=now, note="in the admin"
                )
            except people.PersonError as error:
                self.message_user(request, f"{user.email}: {error}", messages.ERROR)
        verb = "reactivated" if active else "deactivated"
        self.message_user(request, f"{changed} account(s) {verb}.", messages.SUCCESS)

    @admin.action(
        permissions=["deactivate"],
        description="Deactivate the selected accounts (they can no longer sign in)",
    )
    def deactivate(self, request, queryset):
        self._set_active(request, queryset, active=False)

    @admin.action(permissions=["reactivate"], description="Reactivate the selected accounts")
    def reactivate(self, request, queryset):
        self._set_active(request, queryset, active=True)

    def has_deactivate_permission(self, request):
        return request.user.is_superuser

    has_reactivate_permission = has_deactivate_permission


@admin.register(Library)
class LibraryAdmin(admin.ModelAdmin):
    """Library systems: add one or rename one here; no code change. A library with staff is never deleted."""

    list_display = ["name", "staff_count"]
    search_fields = ["name"]
    fields = ["name"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(staff_total=Count("staff"))

    @admin.display(description="staff", ordering="staff_total")
    def staff_count(self, obj):
        return obj.staff_total

    def has_delete_permission(self, request, obj=None):
        return False
