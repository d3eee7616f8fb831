"""Builders for the sweep, task and command tests: applications, renewal cycles, files, a DB snapshot."""

import datetime as dt
from decimal import Decimal

from django.core.files.base import ContentFile

from accounts.models import SentEmail
from credentials import rules
from credentials.models import (
    Credential,
    CredentialEvent,
    CredentialStatus,
    CreditEntry,
    DocumentType,
    ExternalFile,
)
from tests.factories import CredentialFactory, program


def application(*, registered_on: dt.date, user=None, code="part-time-initial-application", **extra):
    """An ACTIVE application registered on `registered_on` (Eastern), deadline 30 days later at 11:59 pm."""
    prog = program(code)
    start, end = rules.application_cycle(registered_on, prog.cycle_days)
    kwargs = {
        "program": prog,
        "cycle_start": start,
        "cycle_end": end,
        "registered_at": dt.datetime.combine(registered_on, dt.time(10), tzinfo=rules.EASTERN),
        "upload_deadline": rules.upload_deadline(registered_on, prog.upload_window_days),
        **extra,
    }
    if user is not None:
        kwargs["user"] = user
    return CredentialFactory(**kwargs)


def renewal(
    *, cycle_start: dt.date, earned=Decimal("0"), user=None, code="part-time-renewal-credits", **extra
):
    prog = program(code)
    start, end = rules.renewal_cycle(cycle_start, prog.cycle_years)
    kwargs = {
        "program": prog,
        "cycle_start": start,
        "cycle_end": end,
        "registered_at": dt.datetime.combine(start, dt.time(10), tzinfo=rules.EASTERN),
        **extra,
    }
    if user is not None:
        kwargs["user"] = user
    credential = CredentialFactory(**kwargs)
    if earned:
        CreditEntry.objects.create(
            credential=credential,
            source=CreditEntry.Source.ADJUSTMENT,
            source_key=f"test:{credential.pk}",
            hours=earned,
            activity_date=start,
            title="Earlier credits",
            created_at=credential.registered_at,
        )
    return credential


def upload_file(credential, *, status=ExternalFile.Status.SUBMITTED):
    document_type, _ = DocumentType.objects.get_or_create(
        name="Application for Certification of Part-Time Library Staff"
    )
    return ExternalFile.objects.create(
        owner=credential.user,
        credential=credential,
        document_type=document_type,
        description="Signed application",
        file=ContentFile(b"%PDF-1.4 test", name="application.pdf"),
        original_name="application.pdf",
        content_type="application/pdf",
        size=13,
        uploaded_at=credential.registered_at,
        status=status,
    )


def snapshot():
    """Everything a sweep may change: credential rows, their history and the email records."""
    return (
        sorted(
            Credential.objects.values_list(
                "pk", "status", "compliance", "expired_at", "completed_at", "source_application_id"
            )
        ),
        CredentialEvent.objects.count(),
        sorted(SentEmail.objects.values_list("key", flat=True)),
    )


def status_of(credential):
    credential.refresh_from_db()
    return credential.status, credential.compliance


EXPIRED = (CredentialStatus.EXPIRED, "non_compliant")
ACTIVE = (CredentialStatus.ACTIVE, "in_progress")
