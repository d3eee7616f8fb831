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
    note = models.TextField(blank=True)
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


class ReopenedDecision(models.Model):
    """A decision taken back by another reviewer (issue 13): the decision as it was, who reopened it, why.

    The Decision row itself is removed so that the item can be decided again (one live decision per item);
    this row and the credential's history keep what was decided.
    """

    credit_request = models.ForeignKey(
        "credit_requests.CreditRequest", on_delete=models.CASCADE, related_name="reopened_decisions"
    )
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    outcome = models.CharField(max_length=30, choices=Decision.Outcome.choices)
    note = models.TextField(blank=True)
    approved_credits = models.DecimalField(max_digits=6, decimal_places=2, null=True, blank=True)
    decided_at = models.DateTimeField()
    reopened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reopened_at = models.DateTimeField()
    reason = models.TextField()

    class Meta:
        ordering = ["reopened_at", "id"]
