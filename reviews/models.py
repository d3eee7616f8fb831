"""Reviewer decisions. One decision per item, enforced by unique constraints."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from accounts.models import REVIEW_PERMISSION
from credentials.models import ExternalFile
from credit_requests.models import CreditRequest

_FILE = ExternalFile.Status
_CREDIT = CreditRequest.Status


class Decision(models.Model):
    class Outcome(models.TextChoices):
        """The status a decision moved its item to: the item's own status values (defined once, there)."""

        APPROVED = _FILE.APPROVED.value, _FILE.APPROVED.label
        RETURNED = _FILE.RETURNED.value, _FILE.RETURNED.label
        PARTIALLY_APPROVED = _CREDIT.PARTIALLY_APPROVED.value, _CREDIT.PARTIALLY_APPROVED.label.capitalize()
        DENIED = _CREDIT.DENIED.value, _CREDIT.DENIED.label.capitalize()

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
        permissions = [(REVIEW_PERMISSION.split(".")[1], "Can review file submissions and credit requests")]
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
    note = models.TextField(blank=True, max_length=4000)
    approved_credits = models.DecimalField(max_digits=6, decimal_places=2, null=True, blank=True)
    decided_at = models.DateTimeField()
    reopened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reopened_at = models.DateTimeField()
    reason = models.TextField(max_length=2000)

    class Meta:
        ordering = ["reopened_at", "id"]
