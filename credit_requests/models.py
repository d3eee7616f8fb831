"""External credit requests ("Request new Credit") and their evidence file."""

from typing import TypeAlias

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from credentials.models import private_upload_path


class CreditRequestStatus(models.TextChoices):
    """`CreditRequest.Status` (module-level so the model's Meta can name its members)."""

    PENDING = "pending", "PENDING"
    APPROVED = "approved", "APPROVED"
    PARTIALLY_APPROVED = "partially_approved", "PARTIALLY APPROVED"
    DENIED = "denied", "DENIED"
    # c3: only when CLAMD_HOST is set: held until the virus scan is clean, or refused when it is not.
    SCANNING = "scanning", "CHECKING FOR VIRUSES"
    INFECTED = "infected", "REFUSED (VIRUS FOUND)"


class CreditRequest(models.Model):
    Status: TypeAlias = CreditRequestStatus

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="credit_requests"
    )
    credential = models.ForeignKey(
        "credentials.Credential", on_delete=models.PROTECT, related_name="credit_requests"
    )
    activity_date = models.DateField()
    course = models.CharField(max_length=200)
    description = models.CharField(max_length=500)
    requested_credits = models.DecimalField(max_digits=6, decimal_places=2)
    approved_credits = models.DecimalField(max_digits=6, decimal_places=2, null=True, blank=True)
    status = models.CharField(max_length=30, choices=Status.choices, default=Status.PENDING)
    notes = models.TextField(blank=True, max_length=2000)
    file = models.FileField(upload_to=private_upload_path, max_length=200)
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    created_at = models.DateTimeField()
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # issue 13: how many times a decision was reopened; each round has its own ledger line and email key.
    reopened_count = models.PositiveSmallIntegerField(default=0, editable=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(requested_credits__gt=0) & Q(requested_credits__lte=100),
                name="requested_in_range",
            ),
            # One open request per (learner, credential, activity date, course, credits): a double click or two
            # parallel POSTs make one row, so the same hours cannot be approved twice (services refuse it first).
            models.UniqueConstraint(
                fields=["user", "credential", "activity_date", "course", "requested_credits"],
                condition=Q(status__in=[CreditRequestStatus.PENDING, CreditRequestStatus.SCANNING]),
                name="creditrequest_one_open_identical",
            ),
            models.CheckConstraint(
                condition=Q(approved_credits__isnull=True)
                | (Q(approved_credits__gte=0) & Q(approved_credits__lte=F("requested_credits"))),
                name="approved_not_over_requested",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "created_at"]),
            # The review queue's keyset pages (reviews.selectors): pending requests in (created_at, id) order.
            models.Index(
                fields=["created_at", "id"],
                condition=Q(status=CreditRequestStatus.PENDING),
                name="creditrequest_queue_idx",
            ),
        ]

    def __str__(self):
        return f"{self.course} ({self.requested_credits} h)"

    @property
    def round_key(self) -> str:
        """This decision round's part of the ledger key and email key: `12`, then `12:1` after a reopening."""
        return f"{self.pk}:{self.reopened_count}" if self.reopened_count else str(self.pk)
