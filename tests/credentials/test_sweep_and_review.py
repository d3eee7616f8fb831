"""The deadline sweep (h6) and file reviews (h4) agree: a file awaiting review holds the application open."""

import datetime as dt

import pytest

from credentials import services, sweeps
from credentials.models import Credential, CredentialStatus, ExternalFile
from tests.conftest import eastern
from tests.credentials.sweep_builders import ACTIVE, application, status_of, upload_file
from tests.factories import ReviewerFactory

pytestmark = pytest.mark.usefixtures("seeded")


def test_file_awaiting_review_past_the_deadline_is_not_expired_and_can_still_be_approved(
    django_capture_on_commit_callbacks, mailoutbox
):
    credential = application(registered_on=dt.date(2026, 3, 2))  # upload deadline 04/01/2026, 11:59 pm
    upload = upload_file(credential)
    with django_capture_on_commit_callbacks(execute=True):
        result = sweeps.upload_windows_enforce(now=eastern(2026, 4, 10, 9))
    assert result.counts["expired"] == 0
    assert status_of(credential) == ACTIVE

    with django_capture_on_commit_callbacks(execute=True):
        services.external_file_approve(
            external_file=upload, reviewer=ReviewerFactory(), now=eastern(2026, 4, 10, 10)
        )

    upload.refresh_from_db()
    credential.refresh_from_db()
    assert upload.status == ExternalFile.Status.APPROVED
    assert credential.status == CredentialStatus.COMPLETED
    assert not [m for m in mailoutbox if "has expired" in m.subject]
    # A later sweep leaves the completed application alone.
    with django_capture_on_commit_callbacks(execute=True):
        sweeps.upload_windows_enforce(now=eastern(2026, 4, 11, 9))
    assert Credential.objects.get(pk=credential.pk).status == CredentialStatus.COMPLETED
