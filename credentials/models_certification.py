"""What KDLA awards: a learner's certification, its certificates (one per valid period) and its history.

Derived from approvals, never typed in: `credentials.certification` is the only writer. Imported by
`credentials.models`, so these are models of the `credentials` app.
"""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q

TOKEN_BYTES = 24  # secrets.token_urlsafe(24): 32 URL-safe characters, 192 random bits
TOKEN_PATTERN = r"[A-Za-z0-9_-]{32}"


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


class CertificationStatus(models.TextChoices):
    VALID = "valid", "VALID"
    LAPSED = "lapsed", "LAPSED"
    REVOKED = "revoked", "REVOKED"


class CertificateStatus(models.TextChoices):
    """What the public verification page says about one certificate (one valid period)."""

    VALID = "valid", "Valid"
    SUPERSEDED = "superseded", "Superseded"
    LAPSED = "lapsed", "Lapsed"
    REVOKED = "revoked", "Revoked"


class Certification(models.Model):
    """A learner's certification of one renewal-credits program (the part-time certification)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="certifications"
    )
    program = models.ForeignKey(
        "credentials.Program",
        on_delete=models.PROTECT,
        related_name="certifications",
        help_text="The renewal-credits program whose cycles the certification follows.",
    )
    status = models.CharField(max_length=20, choices=CertificationStatus.choices)
    valid_from = models.DateField(help_text="First day of the current continuous certification.")
    valid_through = models.DateField(help_text="Valid through 11:59 pm Eastern on this date.")
    lapsed_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_reason = models.TextField(blank=True, max_length=2000)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "program"], name="one_certification_per_program"),
            models.CheckConstraint(
                condition=Q(valid_from__lte=models.F("valid_through")),
                name="certification_from_before_through",
            ),
        ]
        indexes = [models.Index(fields=["status", "valid_through"])]

    def __str__(self):
        return f"{self.program.credential_name} certification ({self.user})"


class Certificate(models.Model):
    """One valid period of a certification: what the PDF certificate and its public page show."""

    certification = models.ForeignKey(Certification, on_delete=models.CASCADE, related_name="certificates")
    number = models.CharField(max_length=40, unique=True)
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    status = models.CharField(
        max_length=20, choices=CertificateStatus.choices, default=CertificateStatus.VALID
    )
    valid_from = models.DateField()
    valid_through = models.DateField()
    issued_at = models.DateTimeField()
    source_application = models.OneToOneField(
        "credentials.Credential",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The approved application that issued it (one certificate per approval: idempotent).",
    )
    cycle = models.ForeignKey(
        "credentials.Credential", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    superseded_by = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-issued_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_from__lte=models.F("valid_through")), name="certificate_from_before_through"
            ),
            models.UniqueConstraint(
                fields=["certification"],
                condition=Q(status=CertificateStatus.VALID),
                name="one_valid_certificate",
            ),
        ]

    def __str__(self):
        return self.number


class CertificationEvent(models.Model):
    """The history of a certification: who, when, what (awarded, renewed, lapsed, revoked, reminders)."""

    class Kind(models.TextChoices):
        AWARDED = "awarded", "Certified"
        RENEWED = "renewed", "Renewed"
        RECERTIFIED = "recertified", "Certified again"
        LAPSED = "lapsed", "Lapsed"
        REVOKED = "revoked", "Revoked"
        REMINDER = "reminder", "Reminder emailed"

    certification = models.ForeignKey(Certification, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    from_value = models.CharField(max_length=100, blank=True)
    to_value = models.CharField(max_length=100, blank=True)
    note = models.TextField(blank=True, max_length=4000)
    at = models.DateTimeField()

    class Meta:
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["certification", "at"])]
