from django.contrib import admin

from credit_requests.models import CreditRequest


@admin.register(CreditRequest)
class CreditRequestAdmin(admin.ModelAdmin):
    """Read-only in the admin: requests are decided on the review screen so the decision is recorded once."""

    list_display = (
        "course",
        "user",
        "credential",
        "requested_credits",
        "approved_credits",
        "status",
        "created_at",
    )
    list_filter = ("status",)
    search_fields = ("course", "description", "user__email", "user__last_name")
    list_select_related = ("user", "credential__program")
    readonly_fields = [f.name for f in CreditRequest._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
