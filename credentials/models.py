"""Credential programs, a learner's credentials (one cycle per row), the credit ledger, files, history.

Status, compliance and history-event vocabularies are defined here once, with their labels. Every change of a
Credential's or ExternalFile's status goes through its one transition function (`credentials.services.status`,
`credentials.services.external_files`), which checks the allowed-transitions table and writes a CredentialEvent.
Earned credits are never stored: they are the sum of the credential's CreditEntry rows.
"""

import datetime as dt
import uuid
from decimal import Decimal
from typing import Any, ClassVar, TypeAlias

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db import models
from django.db.models import Q


class DocumentType(models.Model):
    name = models.CharField(max_length=200, unique=True)
    blank_form = models.CharField(
        max_length=200, blank=True, help_text="Path under static/ of the blank form, e.g. forms/x.pdf"
    )

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class Program(models.Model):
    class Kind(models.TextChoices):
        APPLICATION = "application", "Application"
        RENEWAL_CREDITS = "renewal_credits", "Renewal credits"

    code = models.SlugField(max_length=100, unique=True)
    name = models.CharField(max_length=200, unique=True, help_text="Catalog name.")
    credential_name = models.CharField(max_length=200, help_text="Name shown in the Credentials box.")
    kind = models.CharField(max_length=30, choices=Kind.choices)
    catalog_item = models.OneToOneField(
        "courses.CatalogItem",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="program",
        help_text="The catalog card; empty for programs learners are enrolled in automatically.",
    )
    required_hours = models.DecimalField(max_digits=6, decimal_places=2, default=Decimal("0"))
    cycle_years = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Cycle length in years (renewal credits)."
    )
    cycle_days = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Cycle length in days (applications)."
    )
    upload_window_days = models.PositiveSmallIntegerField(
        default=30, help_text="Days from registration to upload the required document."
    )
    reminder_days = models.JSONField(
        default=list,
        blank=True,
        help_text="Days before the deadline (applications) or cycle end (renewal credits) to send reminders.",
    )
    document_types = models.ManyToManyField(DocumentType, blank=True, related_name="programs")
    prerequisite_courses = models.ManyToManyField(
        "courses.CatalogItem",
        blank=True,
        related_name="required_by_programs",
        limit_choices_to={"kind": "course"},
    )
    prerequisite_program = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="A credential of this program must be COMPLETED before registering.",
    )
    enrolls_in = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Approval of an application enrolls the learner in (or renews) this renewal-credits program.",
    )
    # issue 12: renewal-credits programs that an application enrolls in keep a certification valid.
    certification_name = models.CharField(
        max_length=200, blank=True, help_text="Renewal credits: the certification's name on the dashboard."
    )
    certificate_title = models.CharField(
        max_length=200, blank=True, help_text="Renewal credits: the title printed on the certificate."
    )
    certification_reminder_days = models.JSONField(
        default=list, blank=True, help_text="Renewal credits: days before valid-through to send reminders."
    )

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(condition=Q(required_hours__gte=0), name="program_hours_not_negative"),
        ]

    def __str__(self):
        return self.name

    @property
    def is_application(self):
        return self.kind == self.Kind.APPLICATION

    # What each kind of program needs: the cycle and the upload window are read from these fields, never from a
    # default in the code.
    REQUIRED_SETTINGS: ClassVar[dict[str, tuple[str, ...]]] = {
        Kind.APPLICATION: ("cycle_days", "upload_window_days"),
        Kind.RENEWAL_CREDITS: ("cycle_years",),
    }

    def clean(self):
        super().clean()
        missing = [name for name in self.REQUIRED_SETTINGS.get(self.kind, ()) if not getattr(self, name)]
        if missing:
            label = self.Kind(self.kind).label.lower()
            raise ValidationError(dict.fromkeys(missing, f"Required for {label} programs."))

    def required_setting(self, name):
        """The value of `name`, which this kind of program must have (clean() asks for it in the admin). A
        program saved without it some other way is a configuration error, never a silent default."""
        value = getattr(self, name)
        if not value:
            raise ImproperlyConfigured(
                f"Program {self.code!r} ({self.kind}) has no {name}: set it in the admin."
            )
        return value


class CredentialStatus(models.TextChoices):
    ACTIVE = "active", "ACTIVE"
    COMPLETED = "completed", "COMPLETED"
    EXPIRED = "expired", "EXPIRED"


class Compliance(models.TextChoices):
    IN_PROGRESS = "in_progress", "IN PROGRESS"
    COMPLIANT = "compliant", "COMPLIANT"
    NON_COMPLIANT = "non_compliant", "NON-COMPLIANT"


class Credential(models.Model):
    """One learner's credential for one cycle (one row of the Credentials box)."""

    # As ExternalFile.Status and CreditRequest.Status; templates compare with credential.Status.ACTIVE.
    Status: TypeAlias = CredentialStatus

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="credentials")
    program = models.ForeignKey(Program, on_delete=models.PROTECT, related_name="credentials")
    status = models.CharField(max_length=20, choices=CredentialStatus, default=CredentialStatus.ACTIVE)
    compliance = models.CharField(max_length=20, choices=Compliance, default=Compliance.IN_PROGRESS)
    cycle_start = models.DateField()
    cycle_end = models.DateField()
    registered_at = models.DateTimeField()
    upload_deadline = models.DateTimeField(
        null=True, blank=True, help_text="Applications: end of the upload window (11:59 pm Eastern)."
    )
    completed_at = models.DateTimeField(null=True, blank=True)
    expired_at = models.DateTimeField(null=True, blank=True)
    previous = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Previous cycle.",
    )
    source_application = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The approved application that created this renewal-credits cycle.",
    )
    reminders_sent = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["-registered_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(cycle_start__lt=models.F("cycle_end")), name="cycle_start_before_end"
            ),
            models.UniqueConstraint(
                fields=["user", "program"],
                condition=Q(status=CredentialStatus.ACTIVE),
                name="one_active_credential_per_program",
            ),
            models.UniqueConstraint(
                fields=["source_application"],
                condition=Q(source_application__isnull=False),
                name="one_enrollment_per_approved_application",
            ),
            models.UniqueConstraint(fields=["user", "program", "cycle_start"], name="one_cycle_per_start"),
        ]
        indexes = [
            models.Index(fields=["status", "upload_deadline"]),
            models.Index(fields=["status", "cycle_end"]),
            models.Index(fields=["user", "status"]),
        ]

    # Not columns: set only on the rows read through credentials.selectors. `earned` (with_earned and the
    # dashboard) and `certification_data` (credentials.certification.certification_annotation) are query
    # annotations; the rest are the Credentials box's display values (dashboard_credentials, portal.dashboard).
    earned: Decimal
    certification_data: dict[str, Any] | None
    has_file: bool
    returned_message: str | None
    is_renewal_credits: bool
    is_active: bool
    needs_file: bool
    deadline_date: dt.date | None
    days_left: int
    pending_hours: Decimal | None

    def __str__(self):
        return f"{self.program.credential_name} ({self.user})"


class CreditEntry(models.Model):
    """One line of the credit ledger: hours a credential earned from a course or an approved request."""

    class Source(models.TextChoices):
        COURSE = "course", "Portal course"
        REQUEST = "request", "Credit request"
        ADJUSTMENT = "adjustment", "Adjustment"
        IMPORTED = "imported", "Imported from the old portal"

    credential = models.ForeignKey(Credential, on_delete=models.CASCADE, related_name="credit_entries")
    source = models.CharField(max_length=20, choices=Source.choices)
    source_key = models.CharField(
        max_length=100,
        unique=True,
        help_text="e.g. enrollment:12:credential:3 or request:45; makes crediting idempotent.",
    )
    hours = models.DecimalField(max_digits=6, decimal_places=2)
    activity_date = models.DateField()
    title = models.CharField(max_length=200)
    description = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["activity_date", "id"]
        constraints = [
            # Only an adjustment (the reversal of a reopened credit decision) is negative.
            models.CheckConstraint(
                condition=Q(hours__gte=0) | Q(source="adjustment"), name="credit_hours_not_negative"
            )
        ]
        verbose_name_plural = "credit entries"


class EventKind(models.TextChoices):
    """What a CredentialEvent records; the label is what the history tables show."""

    REGISTERED = "registered", "Registered"
    ENROLLED = "enrolled", "Enrolled"
    STATUS = "status", "Status changed"
    CREDIT = "credit", "Credit added"
    DEADLINE = "deadline", "Upload deadline changed"
    REMINDER = "reminder", "Reminder"
    FILE_UPLOADED = "file_uploaded", "File uploaded"
    FILE_APPROVED = "file_approved", "File approved"
    FILE_RETURNED = "file_returned", "File returned"
    FILE_INFECTED = "file_infected", "File infected"
    CREDIT_REQUEST = "credit_request", "Credit request"
    CREDIT_DECISION = "credit_decision", "Credit decision"
    CREDIT_REQUEST_INFECTED = "credit_request_infected", "Credit request infected"
    COMPLIANCE = "compliance", "Compliance changed"  # issue 12: the certification lapsed or was revoked
    IMPORTED = "imported", "Imported from the old system"  # issue 13: manage.py import_history
    REINSTATED = "reinstated", "Application reinstated"
    CREDIT_REVERSED = "credit_reversed", "Credit reversed"
    DECISION_REOPENED = "decision_reopened", "Decision reopened"


class CredentialEvent(models.Model):
    """The history of a credential: registration, uploads, decisions, deadline changes, status changes, emails."""

    # No index of its own: the (credential, at) index below serves every lookup by credential (one index less
    # to write per event; the expiry sweep writes thousands at once).
    credential = models.ForeignKey(
        Credential, on_delete=models.CASCADE, related_name="events", db_index=False
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    kind = models.CharField(max_length=40, choices=EventKind.choices)
    from_value = models.CharField(max_length=100, blank=True)
    to_value = models.CharField(max_length=100, blank=True)
    note = models.TextField(blank=True, max_length=4000)
    at = models.DateTimeField()

    class Meta:
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["credential", "at"])]

    def __str__(self):
        return f"{self.kind} {self.from_value}->{self.to_value}"


def private_upload_path(instance, filename):
    """Generated storage name: no part of the user's file name reaches the storage path."""
    return f"files/{uuid.uuid4().hex}"


class ExternalFileStatus(models.TextChoices):
    """`ExternalFile.Status` (module-level so the model's Meta can name its members)."""

    SUBMITTED = "submitted", "Awaiting review"
    APPROVED = "approved", "Approved"
    RETURNED = "returned", "Returned for more information"
    # c3: only when CLAMD_HOST is set: held until the virus scan is clean, or refused when it is not.
    SCANNING = "scanning", "Checking for viruses"
    INFECTED = "infected", "Refused: a virus was found"


class ExternalFile(models.Model):
    """A document a learner uploaded for a credential (the "External Files" page)."""

    Status: TypeAlias = ExternalFileStatus

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="external_files"
    )
    credential = models.ForeignKey(Credential, on_delete=models.CASCADE, related_name="files")
    document_type = models.ForeignKey(DocumentType, on_delete=models.PROTECT, related_name="+")
    description = models.CharField(max_length=300)
    file = models.FileField(upload_to=private_upload_path, max_length=200)
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_at = models.DateTimeField()
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.SUBMITTED)
    reviewer_message = models.TextField(blank=True, max_length=4000)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-uploaded_at", "-id"]
        indexes = [
            models.Index(fields=["status", "uploaded_at"]),
            # The review queue's keyset pages (reviews.selectors): pending files in (uploaded_at, id) order.
            models.Index(
                fields=["uploaded_at", "id"],
                condition=Q(status=ExternalFileStatus.SUBMITTED),
                name="externalfile_queue_idx",
            ),
        ]

    def __str__(self):
        return self.original_name


# A file "on record" for its application: awaiting review (or the virus scan, c3) or approved. A returned or
# refused file is not: the upload window still needs one, and the deadline sweep may expire the application.
FILE_ON_RECORD = [ExternalFile.Status.SUBMITTED, ExternalFile.Status.APPROVED, ExternalFile.Status.SCANNING]
# Sent back to the learner, who may upload again before the deadline.
FILE_SENT_BACK = [ExternalFile.Status.RETURNED, ExternalFile.Status.INFECTED]


# issue 12: the certification (its own module, models of this app)
from credentials.models_certification import (  # noqa: E402, F401
    Certificate,
    CertificateStatus,
    Certification,
    CertificationEvent,
    CertificationStatus,
)
