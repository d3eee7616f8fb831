"""KDLA staff edit programs and document types here and look at credentials with their history.

Status, compliance, cycles and credits change only through credentials.services (reviews, sweeps), so
those fields are read-only here and credit entries are read-only.
"""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html

from courses.admin import StaffCanEdit, StaffCanView
from credentials.models import Credential, CredentialEvent, CreditEntry, DocumentType, Program


@admin.register(DocumentType)
class DocumentTypeAdmin(StaffCanEdit, admin.ModelAdmin):
    list_display = ["name", "blank_form"]
    search_fields = ["name"]


@admin.register(Program)
class ProgramAdmin(StaffCanEdit, admin.ModelAdmin):
    list_display = [
        "name",
        "credential_name",
        "kind",
        "required_hours",
        "cycle_years",
        "cycle_days",
        "upload_window_days",
    ]
    list_filter = ["kind"]
    search_fields = ["name", "credential_name", "code"]
    list_select_related = ["catalog_item"]
    filter_horizontal = ["document_types", "prerequisite_courses"]
    fieldsets = [
        (None, {"fields": ["code", "name", "credential_name", "kind", "catalog_item"]}),
        (
            "Rules",
            {
                "fields": [
                    "required_hours",
                    "cycle_years",
                    "cycle_days",
                    "upload_window_days",
                    "reminder_days",
                    "document_types",
                    "prerequisite_courses",
                    "prerequisite_program",
                    "enrolls_in",
                ]
            },
        ),
    ]


class CredentialEventInline(StaffCanView, admin.TabularInline):
    model = CredentialEvent
    extra = 0
    fields = ["at", "kind", "from_value", "to_value", "actor", "note"]
    readonly_fields = fields
    can_delete = False
    ordering = ["at", "id"]

    def has_add_permission(self, request, obj=None):
        return False


class CreditEntryInline(StaffCanView, admin.TabularInline):
    model = CreditEntry
    extra = 0
    fields = ["activity_date", "source", "title", "hours", "source_key", "created_at"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Credential)
class CredentialAdmin(StaffCanView, admin.ModelAdmin):
    list_display = [
        "__str__",
        "program",
        "cycle_start",
        "cycle_end",
        "status",
        "compliance",
        "upload_deadline",
    ]
    list_filter = ["program", "status", "compliance"]
    search_fields = ["user__email", "user__first_name", "user__last_name", "program__name"]
    list_select_related = ["user", "program"]
    raw_id_fields = ["user", "previous", "source_application"]
    readonly_fields = [
        "person_page",
        "status",
        "compliance",
        "registered_at",
        "upload_deadline",
        "completed_at",
        "expired_at",
        "reminders_sent",
    ]
    inlines = [CreditEntryInline, CredentialEventInline]

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return super().get_readonly_fields(request, obj)
        # An existing credential's cycle and owner change only through services (deadline extensions).
        return [
            *super().get_readonly_fields(request, obj),
            "user",
            "program",
            "cycle_start",
            "cycle_end",
            "previous",
            "source_application",
        ]

    @admin.display(description="changes")
    def person_page(self, obj):
        # Status, cycle and deadline change only through the services: the person page's actions call them.
        if obj.pk is None:
            return "-"
        return format_html(
            '<a href="{}">Extend, reinstate or enroll on the person page</a>',
            reverse("reviews:person", args=[obj.user_id]),
        )

    def has_add_permission(self, request):
        # Enrolling someone is an action on the reviewers' person page (or `manage.py enroll`): the service
        # sets the cycle, records the event and emails the learner.
        return False


@admin.register(CreditEntry)
class CreditEntryAdmin(StaffCanView, admin.ModelAdmin):
    list_display = ["credential", "activity_date", "source", "title", "hours"]
    list_filter = ["source"]
    search_fields = ["credential__user__email", "title", "source_key"]
    list_select_related = ["credential__user", "credential__program"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
