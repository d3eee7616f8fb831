"""Builders for the certification tests: a learner certified (and renewed) through the real services."""

import datetime as dt
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile

from credentials import services
from credentials.models import Certification, Credential, CreditEntry, Program
from tests.credentials.applications import application_form_type, registered_application
from tests.factories import ReviewerFactory, pdf_bytes

RENEWAL_CREDITS = "part-time-renewal-credits"
RENEWAL_APPLICATION = "part-time-renewal-application"


def _approve(application, *, at, reviewer=None):
    external_file = services.external_file_upload(
        user=application.user,
        credential=application,
        document_type=application_form_type(),
        description="Signed application",
        uploaded_file=SimpleUploadedFile("application.pdf", pdf_bytes(), content_type="application/pdf"),
        now=at - dt.timedelta(hours=1),
    )
    services.external_file_approve(
        external_file=external_file, reviewer=reviewer or ReviewerFactory(), now=at
    )
    application.refresh_from_db()
    return application


def certified(user=None, *, at):
    """A learner whose initial application is approved at `at` (an aware datetime)."""
    application = registered_application(user, now=at - dt.timedelta(days=3))
    _approve(application, at=at)
    return application.user


def current_cycle(user) -> Credential:
    return (
        Credential.objects.filter(user=user, program__code=RENEWAL_CREDITS).order_by("-cycle_start").first()
    )


def earn(user, hours="15", *, on, at=None, key=None):
    """Hours counted toward the current cycle (an adjustment line) on day `on`."""
    cycle = current_cycle(user)
    return services.credential_add_credit(
        credential=cycle,
        source=CreditEntry.Source.ADJUSTMENT,
        source_key=key or f"test:{cycle.pk}:{on}:{hours}",
        hours=Decimal(hours),
        activity_date=on,
        title="Annual Summation",
        now=at or dt.datetime.combine(on, dt.time(12), tzinfo=dt.UTC),
    )


def renewed(user, *, at):
    """The learner registers for the renewal application (hours must be complete) and it is approved at `at`."""
    program = Program.objects.get(code=RENEWAL_APPLICATION)
    application = services.application_register(user=user, program=program, now=at - dt.timedelta(days=2))
    return _approve(application, at=at)


def certification_of(user) -> Certification:
    return Certification.objects.get(user=user)
