"""Read-only admin pages for what reviewers decide: External Files and decisions (credit requests: credit_requests/admin.py).

Decisions are made under /review/ (reviews.services); nothing here writes a status.
"""

from django.contrib import admin

from credentials.models import ExternalFile
from reviews.models import Decision


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ExternalFile)
class ExternalFileAdmin(ReadOnlyAdmin):
    list_display = ["original_name", "owner", "credential", "document_type", "status", "uploaded_at"]
    list_filter = ["status", "document_type"]
    search_fields = ["owner__email", "owner__first_name", "owner__last_name", "original_name"]
    list_select_related = ["owner", "credential__program", "credential__user", "document_type"]
    exclude = ["file"]


@admin.register(Decision)
class DecisionAdmin(ReadOnlyAdmin):
    list_display = ["decided_at", "reviewer", "outcome", "external_file", "credit_request"]
    list_filter = ["outcome"]
    list_select_related = ["reviewer", "external_file", "credit_request"]
