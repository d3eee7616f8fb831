"""Nobody decides (approves, returns, decides credits) or extends the deadline of their own item: the domain
refuses with a clear message, the review pages show it and change nothing (issues 11, 13, 15)."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from credentials import rules, services
from credentials.models import CredentialEvent, CredentialStatus, ExternalFile
from credit_requests.models import CreditRequest
from credit_requests.services import CreditRequestError
from reviews import services as review_services
from reviews.models import Decision
from reviews.services import credit_request_decide
from tests.credentials.applications import application_form_type, registered_application, upload
from tests.credit_requests.helpers import submit
from tests.factories import CredentialFactory, ReviewerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def own_file(seeded):
    """A reviewer who is also a learner uploaded the file of their own application."""
    reviewer = ReviewerFactory(first_name="Sam", last_name="Self")
    credential = registered_application(reviewer)
    return services.external_file_upload(
        user=reviewer,
        credential=credential,
        document_type=application_form_type(),
        description="Signed application",
        uploaded_file=upload("application.pdf"),
        now=timezone.now(),
    )


def _nothing_changed(external_file):
    external_file.refresh_from_db()
    assert external_file.status == ExternalFile.Status.SUBMITTED
    assert external_file.credential.status == CredentialStatus.ACTIVE
    assert not Decision.objects.exists()
    assert not CredentialEvent.objects.filter(
        kind__in=["file_approved", "file_returned", "deadline"]
    ).exists()


def test_a_reviewer_cannot_approve_their_own_file(own_file):
    with pytest.raises(review_services.ReviewError, match="You cannot decide your own file"):
        review_services.file_approve(
            external_file_id=own_file.pk, reviewer=own_file.owner, now=timezone.now()
        )
    with pytest.raises(services.CredentialError, match="You cannot decide your own file"):
        services.external_file_approve(external_file=own_file, reviewer=own_file.owner, now=timezone.now())
    _nothing_changed(own_file)


def test_a_reviewer_cannot_return_their_own_file(own_file):
    with pytest.raises(review_services.ReviewError, match="You cannot decide your own file"):
        review_services.file_return(
            external_file_id=own_file.pk, reviewer=own_file.owner, message="Sign it", now=timezone.now()
        )
    _nothing_changed(own_file)


def test_a_reviewer_cannot_extend_their_own_deadline(own_file):
    new_date = rules.local_date(timezone.now()) + dt.timedelta(days=45)
    with pytest.raises(services.CredentialError, match="extend the deadline of your own application"):
        services.credential_extend_deadline(
            credential=own_file.credential,
            new_date=new_date,
            now=timezone.now(),
            actor=own_file.owner,
            note="x",
        )
    _nothing_changed(own_file)


@pytest.mark.parametrize(
    "data",
    [
        {"action": "approve", "note": ""},
        {"action": "return", "message": "Please sign page 2."},
        {"action": "extend", "new_date": "", "reason": "Library closed"},
    ],
    ids=["approve", "return", "extend"],
)
def test_the_review_page_shows_the_refusal_and_changes_nothing(client, own_file, data):
    if data["action"] == "extend":
        data["new_date"] = (rules.local_date(timezone.now()) + dt.timedelta(days=45)).strftime("%m/%d/%Y")
    old_deadline = own_file.credential.upload_deadline
    client.force_login(own_file.owner)
    response = client.post(reverse("reviews:file", args=[own_file.pk]), data, follow=True)
    html = response.content.decode()
    assert "You cannot" in html and "your own" in html and "another reviewer must do it." in html
    _nothing_changed(own_file)
    own_file.credential.refresh_from_db()
    assert own_file.credential.upload_deadline == old_deadline


def test_another_reviewer_may_decide_the_reviewers_file(own_file):
    decision = review_services.file_approve(
        external_file_id=own_file.pk, reviewer=ReviewerFactory(), now=timezone.now()
    )
    assert decision.external_file.status == ExternalFile.Status.APPROVED


def test_a_reviewer_cannot_decide_their_own_credit_request(seeded):
    reviewer = ReviewerFactory()
    credential = CredentialFactory(user=reviewer)
    request = submit(credential=credential, now=timezone.now(), credits="4")
    with pytest.raises(CreditRequestError, match="You cannot decide your own credit request"):
        credit_request_decide(
            credit_request=request, reviewer=reviewer, approved_credits="4", notes="", now=timezone.now()
        )
    request.refresh_from_db()
    assert request.status == CreditRequest.Status.PENDING
    assert not Decision.objects.exists()


def test_the_credit_decision_page_shows_the_own_request_refusal(client, seeded):
    reviewer = ReviewerFactory()
    request = submit(credential=CredentialFactory(user=reviewer), now=timezone.now(), credits="4")
    client.force_login(reviewer)
    response = client.post(
        reverse("reviews:credit", args=[request.pk]), {"approved_credits": "4", "notes": ""}, follow=True
    )
    assert "You cannot decide your own credit request" in response.content.decode()
    request.refresh_from_db()
    assert request.status == CreditRequest.Status.PENDING
    assert not Decision.objects.exists()
