"""Reviewer decisions. One decision per item, enforced by unique constraints."""

from django.conf import settings
from django.db import models
from django.db.models import Q


class Decision(models.Model):
    class Outcome(models.TextChoices):
        APPROVED = "approved", "Approved"
        RETURNED = "returned", "Returned for more information"
        PARTIALLY_APPROVED = "partially_approved", "Partially approved"
        DENIED = "denied", "Denied"

    external_file = models.OneToOneField(
        "credentials.ExternalFile", null=True, blank=True, on_delete=models.CASCADE, related_name="decision"
    )
    credit_request = models.OneToOneField(
        "credit_requests.CreditRequest",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="decision",
    )
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="decisions")
    outcome = models.CharField(max_length=30, choices=Outcome.choices)
    note = models.TextField(blank=True, max_length=4000)
    approved_credits = models.DecimalField(max_digits=6, decimal_places=2, null=True, blank=True)
    decided_at = models.DateTimeField()

    class Meta:
        ordering = ["-decided_at"]
        permissions = [("review_submissions", "Can review file submissions and credit requests")]
        constraints = [
            models.CheckConstraint(
                condition=(Q(external_file__isnull=False) & Q(credit_request__isnull=True))
                | (Q(external_file__isnull=True) & Q(credit_request__isnull=False)),
                name="decision_about_one_item",
            )
        ]
