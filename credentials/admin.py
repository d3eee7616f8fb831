"""KDLA staff edit programs and document types here and look at credentials with their history.

Status, compliance, cycles and credits change only through credentials.services (reviews, sweeps), so
those fields are read-only here and credit entries are read-only.
"""

from django import forms
from django.contrib import admin, messages
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html

from accounts.models import REVIEW_PERMISSION
from courses.admin import StaffCanEdit, StaffCanView
from credentials import services
from credentials.models import Credential, CredentialEvent, CreditEntry, DocumentType, Program
from portal.text import FreeTextField


class ExtendDeadlineForm(forms.Form):
    new_date = forms.DateField(label="New upload deadline", help_text="MM/DD/YYYY, at most a year ahead.")
    reason = FreeTextField(
        label="Reason", max_length=1000, help_text="Recorded in each credential's history."
    )


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
    readonly_fields = ("at", "kind", "from_value", "to_value", "actor", "note")
    fields = readonly_fields
    can_delete = False
    ordering = ["at", "id"]

    def has_add_permission(self, request, obj=None):
        return False


class CreditEntryInline(StaffCanView, admin.TabularInline):
    model = CreditEntry
    extra = 0
    readonly_fields = ("activity_date", "source", "title", "hours", "source_key", "created_at")
    fields = readonly_fields
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

    actions = ["extend_upload_window"]

    @admin.action(permissions=["extend"], description="Extend the upload window of the selected applications")
    def extend_upload_window(self, request, queryset):
        """Through `credential_extend_deadline`, one credential at a time: recorded, refusals listed."""
        form = ExtendDeadlineForm(request.POST if request.POST.get("apply") else None)
        if form.is_bound and form.is_valid():
            now, changed = timezone.now(), 0
            for credential in queryset.select_related("program", "user"):
                try:
                    services.credential_extend_deadline(
                        credential=credential,
                        new_date=form.cleaned_data["new_date"],
                        now=now,
                        actor=request.user,
                        note=form.cleaned_data["reason"],
                    )
                    changed += 1
                except services.CredentialError as error:
                    self.message_user(request, f"{credential}: {error}", messages.ERROR)
            self.message_user(request, f"{changed} upload deadline(s) changed.", messages.SUCCESS)
            return None
        return TemplateResponse(
            request,
            "admin/credentials/credential/extend_deadline.html",
            {
                **self.admin_site.each_context(request),
                "form": form,
                "credentials": list(queryset.select_related("program", "user")),
                "action_name": "extend_upload_window",
                "opts": self.model._meta,
            },
        )

    def has_extend_permission(self, request):
        return request.user.has_perm(REVIEW_PERMISSION)

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
