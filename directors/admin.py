"""Operators name library directors / CE coordinators here (or with `grant_role EMAIL director --library SLUG`)
and keep the KDLA regions. Every change goes through accounts.library_roles, so the panel flag and the
record of who granted or revoked what, and when, stay right."""

from django.contrib import admin, messages
from django.utils import timezone

from accounts.library_roles import library_role_grant, library_role_revoke
from accounts.models import Library, LibraryRole, Region


@admin.register(LibraryRole)
class LibraryRoleAdmin(admin.ModelAdmin):
    list_display = ["user", "library", "kind", "granted_at", "granted_by", "revoked_at", "revoked_by"]
    list_filter = ["kind", ("revoked_at", admin.EmptyFieldListFilter), "library__region"]
    search_fields = ["user__email", "user__first_name", "user__last_name", "library__name"]
    list_select_related = ["user", "library", "granted_by", "revoked_by"]
    raw_id_fields = ["user"]
    actions = ["revoke"]

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["user", "library", "kind"]
        return ["user", "library", "kind", "granted_at", "granted_by", "revoked_at", "revoked_by"]

    def get_readonly_fields(self, request, obj=None):
        return self.get_fields(request, obj) if obj is not None else []

    def has_delete_permission(self, request, obj=None):
        return False  # revoke instead: the record of who could see whom stays

    def save_model(self, request, obj, form, change):
        if change:
            return
        granted = library_role_grant(
            user=obj.user, library=obj.library, kind=obj.kind, actor=request.user, now=timezone.now()
        )
        current = LibraryRole.objects.get(user=obj.user, library=obj.library, revoked_at__isnull=True)
        obj.pk = current.pk
        if not granted:
            messages.info(request, f"{obj.user} already had this role at {obj.library}.")

    @admin.action(description="Revoke the selected roles")
    def revoke(self, request, queryset):
        now = timezone.now()
        count = sum(
            library_role_revoke(user=role.user, library=role.library, actor=request.user, now=now)
            for role in queryset.filter(revoked_at__isnull=True).select_related("user", "library")
        )
        messages.success(request, f"{count} role(s) revoked.")


class LibraryInline(admin.TabularInline):
    model = Library
    fields = ["name", "slug"]
    readonly_fields = ["name", "slug"]
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["name"]
    search_fields = ["name"]
    inlines = [LibraryInline]
