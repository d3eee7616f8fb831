import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile

from credentials import rules
from credentials.models import CreditEntry, DocumentType, ExternalFile
from credentials.selectors import dashboard_credentials
from tests.conftest import eastern
from tests.factories import CredentialFactory, UserFactory, program

pytestmark = pytest.mark.django_db

NOW = eastern(2026, 3, 10, 9)


def _application(user, registered=NOW):
    on = rules.local_date(registered)
    start, end = rules.application_cycle(on, 60)
    return CredentialFactory(
        user=user,
        program=program("part-time-initial-application"),
        cycle_start=start,
        cycle_end=end,
        registered_at=registered,
        upload_deadline=rules.upload_deadline(on, 30),
    )


def _file(credential, status):
    return ExternalFile.objects.create(
        owner=credential.user,
        credential=credential,
        document_type=DocumentType.objects.first(),
        description="Application",
        file=ContentFile(b"%PDF-1.4", name="a.pdf"),
        original_name="a.pdf",
        content_type="application/pdf",
        size=8,
        uploaded_at=NOW,
        status=status,
    )


def test_application_without_a_file_needs_one_with_days_left(seeded):
    user = UserFactory()
    credential = _application(user)
    [row] = dashboard_credentials(user=user, now=NOW + dt.timedelta(days=10))
    assert row.pk == credential.pk
    assert row.needs_file is True
    assert row.deadline_date == dt.date(2026, 4, 9)
    assert row.days_left == 20


def test_a_submitted_file_clears_the_flag_and_a_returned_one_does_not(seeded):
    user = UserFactory()
    credential = _application(user)
    returned = _file(credential, ExternalFile.Status.RETURNED)
    assert dashboard_credentials(user=user, now=NOW)[0].needs_file is True
    _file(credential, ExternalFile.Status.SUBMITTED)
    assert dashboard_credentials(user=user, now=NOW)[0].needs_file is False
    assert returned.pk


def test_earned_credits_are_the_sum_of_the_ledger(seeded):
    user = UserFactory()
    credential = CredentialFactory(user=user)
    for n, hours in enumerate(["2.00", "1.50"]):
        CreditEntry.objects.create(
            credential=credential,
            source=CreditEntry.Source.COURSE,
            source_key=f"test:{n}",
            hours=Decimal(hours),
            activity_date=credential.cycle_start,
            title="Course",
            created_at=NOW,
        )
    [row] = dashboard_credentials(user=user, now=NOW)
    assert row.earned == Decimal("3.50")
    assert row.is_renewal_credits and not row.needs_file


def test_only_the_users_own_credentials_in_a_fixed_number_of_queries(seeded, django_assert_num_queries):
    user = UserFactory()
    CredentialFactory()  # someone else's
    for n in range(5):
        CredentialFactory(user=user, cycle_start=dt.date(2020, 1, 1) + dt.timedelta(days=n), status="expired")
    _application(user)
    with django_assert_num_queries(1):
        rows = dashboard_credentials(user=user, now=NOW)
    assert len(rows) == 6
    assert {row.user_id for row in rows} == {user.pk}
