"""Bulk approval in the queue: one confirmation, then each item its own decision; refusals listed with reasons."""

import pytest
from django.urls import reverse

from accounts.models import SentEmail
from credentials.models import CredentialEvent, ExternalFile
from credit_requests.models import CreditRequest
from reviews.models import Decision
from tests.factories import ReviewerFactory
from tests.reviews.test_views import _pending_credit_request, _pending_file

pytestmark = pytest.mark.django_db


@pytest.fixture
def reviewer(client):
    user = ReviewerFactory()
    client.force_login(user)
    return user


def test_queue_items_can_be_ticked(client, seeded, reviewer):
    external_file = _pending_file()
    text = client.get(reverse("reviews:queue")).content.decode()
    assert f'value="file:{external_file.pk}"' in text and "Approve selected in full" in text


def test_bulk_approval_asks_once_then_decides_each_item_with_its_own_event_and_email(
    client, seeded, reviewer
):
    files = [_pending_file() for _ in range(2)]
    credit_request = _pending_credit_request()
    items = [f"file:{f.pk}" for f in files] + [f"credit:{credit_request.pk}"]
    confirm = client.post(reverse("reviews:bulk_approve"), {"item": items})
    assert confirm.status_code == 200 and "Approve 3 in full" in confirm.content.decode()
    assert not Decision.objects.exists()
    result = client.post(reverse("reviews:bulk_approve"), {"item": items, "confirm": "yes"})
    assert "Approved (3)" in result.content.decode()
    assert Decision.objects.filter(reviewer=reviewer).count() == 3
    assert all(f.status == ExternalFile.Status.APPROVED for f in ExternalFile.objects.all())
    credit_request.refresh_from_db()
    assert credit_request.status == CreditRequest.Status.APPROVED
    assert credit_request.approved_credits == credit_request.requested_credits
    assert CredentialEvent.objects.filter(kind="file_approved").count() == 2
    assert SentEmail.objects.filter(key__endswith=":approved").count() == 2
    assert SentEmail.objects.filter(key=f"credit:{credit_request.pk}:decided").exists()


def test_items_that_cannot_be_decided_are_listed_with_the_reason_and_the_rest_go_through(
    client, seeded, reviewer
):
    decided, fresh = _pending_file(), _pending_file()
    own_request = _pending_credit_request(user=reviewer)
    client.post(
        reverse("reviews:bulk_approve"), {"item": [f"file:{decided.pk}"], "confirm": "yes"}
    )  # decided first
    result = client.post(
        reverse("reviews:bulk_approve"),
        {"item": [f"file:{decided.pk}", f"file:{fresh.pk}", f"credit:{own_request.pk}"], "confirm": "yes"},
    ).content.decode()
    assert "Approved (1)" in result and "Not decided (2)" in result
    assert "already approved" in result
    assert "You cannot decide your own credit request: another reviewer must do it." in result
    fresh.refresh_from_db()
    assert fresh.status == ExternalFile.Status.APPROVED


def test_nothing_ticked_or_tampered_keys_decide_nothing(client, seeded, reviewer):
    response = client.post(reverse("reviews:bulk_approve"), {"item": ["file:abc", "x:1"], "confirm": "yes"})
    assert "Nothing was selected" in response.content.decode()
    assert not Decision.objects.exists()
