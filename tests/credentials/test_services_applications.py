"""The application's life: registration email, upload, review decisions, approval and renewal enrollment."""

import datetime as dt
import threading

import pytest
from django.db import connection
from django.utils import timezone

from accounts.models import SentEmail
from credentials import rules, services
from credentials.models import Compliance, Credential, CredentialEvent, CredentialStatus, ExternalFile
from reviews import services as review_services
from reviews.models import Decision
from tests.credentials.applications import application_form_type, registered_application, upload
from tests.factories import ReviewerFactory

pytestmark = pytest.mark.django_db


def _upload(credential, *, now=None, name="application.pdf"):
    return services.external_file_upload(
        user=credential.user,
        credential=credential,
        document_type=application_form_type(),
        description="Signed application",
        uploaded_file=upload(name),
        now=now or timezone.now(),
    )


def _renewals(user):
    return Credential.objects.filter(user=user, program__code="part-time-renewal-credits")


def test_registration_emails_the_upload_deadline_once(seeded, django_capture_on_commit_callbacks, mailoutbox):
    with django_capture_on_commit_callbacks(execute=True):
        credential = registered_application()
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    deadline = rules.local_date(credential.upload_deadline).strftime("%m/%d/%Y")
    assert deadline in message.body
    assert "Application for Certification of Part-Time Library Staff" in message.body
    assert deadline in message.alternatives[0][0]
    assert message.from_email == "KDLA Certification Portal <no-reply@kdla.ky.gov>"


def test_upload_records_history_and_emails_receipt_once(
    seeded, django_capture_on_commit_callbacks, mailoutbox
):
    credential = registered_application()
    with django_capture_on_commit_callbacks(execute=True):
        external_file = _upload(credential)
    assert [m.subject for m in mailoutbox] == [
        "[KDLA Portal] We received your file for Initial Part Time Certification"
    ]
    assert "application.pdf" in mailoutbox[0].body
    assert SentEmail.objects.filter(key=f"file:{external_file.pk}:received").count() == 1
    event = CredentialEvent.objects.get(credential=credential, kind="file_uploaded")
    assert event.actor == credential.user
    assert "application.pdf" in event.note


def test_approval_completes_the_application_and_enrolls_in_renewal_credits(
    seeded, django_capture_on_commit_callbacks, mailoutbox
):
    credential = registered_application()
    external_file = _upload(credential)
    reviewer = ReviewerFactory()
    now = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        decision = review_services.file_approve(external_file_id=external_file.pk, reviewer=reviewer, now=now)
    assert decision.outcome == Decision.Outcome.APPROVED
    assert decision.reviewer == reviewer
    credential.refresh_from_db()
    assert (credential.status, credential.compliance) == (CredentialStatus.COMPLETED, Compliance.COMPLIANT)
    external_file.refresh_from_db()
    assert external_file.status == ExternalFile.Status.APPROVED
    assert external_file.decided_by == reviewer
    renewal = _renewals(credential.user).get()
    today = rules.local_date(now)
    assert renewal.program.credential_name == "Part-time Certification - Renewal credits"
    assert renewal.program.required_hours == 15
    assert services.credential_earned(credential=renewal) == 0
    assert renewal.status == CredentialStatus.ACTIVE
    assert (renewal.cycle_start, renewal.cycle_end) == (today, rules.add_years(today, 5))
    subjects = sorted(m.subject for m in mailoutbox)
    assert subjects == [
        "[KDLA Portal] Initial Part Time Certification approved",
        "[KDLA Portal] You are enrolled in Part-time Certification - Renewal credits",
    ]
    kinds = list(CredentialEvent.objects.filter(credential=credential).values_list("kind", flat=True))
    assert kinds == ["registered", "file_uploaded", "file_approved", "status"]


def test_a_second_approval_is_refused_naming_the_first_reviewer(seeded):
    credential = registered_application()
    external_file = _upload(credential)
    first = ReviewerFactory(first_name="Ada", last_name="First")
    second = ReviewerFactory(first_name="Bo", last_name="Second")
    review_services.file_approve(external_file_id=external_file.pk, reviewer=first, now=timezone.now())
    with pytest.raises(review_services.ReviewError, match="already approved by Ada First on"):
        review_services.file_approve(external_file_id=external_file.pk, reviewer=second, now=timezone.now())
    with pytest.raises(review_services.ReviewError, match="already approved by Ada First"):
        review_services.file_return(
            external_file_id=external_file.pk, reviewer=second, message="late", now=timezone.now()
        )
    assert Decision.objects.count() == 1
    assert _renewals(credential.user).count() == 1


def test_approval_services_are_idempotent(seeded, django_capture_on_commit_callbacks, mailoutbox):
    credential = registered_application()
    external_file = _upload(credential)
    reviewer = ReviewerFactory()
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(2):
            services.external_file_approve(external_file=external_file, reviewer=reviewer, now=timezone.now())
            services.application_complete(credential=credential, now=timezone.now(), actor=reviewer)
            services.renewal_enroll_from_application(application=credential, now=timezone.now())
    assert _renewals(credential.user).count() == 1
    assert CredentialEvent.objects.filter(credential=credential, kind="file_approved").count() == 1
    assert len(mailoutbox) == 2  # approved + enrolled, once each


def test_return_emails_the_message_and_the_learner_may_upload_again(
    seeded, django_capture_on_commit_callbacks, mailoutbox
):
    credential = registered_application()
    first_file = _upload(credential)
    reviewer = ReviewerFactory()
    with django_capture_on_commit_callbacks(execute=True):
        review_services.file_return(
            external_file_id=first_file.pk,
            reviewer=reviewer,
            message="Please sign page 2.",
            now=timezone.now(),
        )
        services.external_file_return(
            external_file=first_file, reviewer=reviewer, message="Please sign page 2.", now=timezone.now()
        )
    assert len(mailoutbox) == 1
    assert "Please sign page 2." in mailoutbox[0].body
    assert "Please sign page 2." in mailoutbox[0].alternatives[0][0]
    assert SentEmail.objects.filter(key=f"file:{first_file.pk}:returned").count() == 1
    first_file.refresh_from_db()
    assert first_file.status == ExternalFile.Status.RETURNED
    assert first_file.reviewer_message == "Please sign page 2."
    credential.refresh_from_db()
    assert credential.status == CredentialStatus.ACTIVE
    second_file = _upload(credential, name="signed.pdf")
    review_services.file_approve(external_file_id=second_file.pk, reviewer=reviewer, now=timezone.now())
    credential.refresh_from_db()
    assert credential.status == CredentialStatus.COMPLETED
    assert Decision.objects.count() == 2


def test_a_return_needs_a_message(seeded):
    external_file = _upload(registered_application())
    with pytest.raises(review_services.ReviewError, match="Write a message"):
        review_services.file_return(
            external_file_id=external_file.pk, reviewer=ReviewerFactory(), message="  ", now=timezone.now()
        )
    assert not Decision.objects.exists()


def test_an_approved_application_takes_no_more_uploads(seeded):
    credential = registered_application()
    external_file = _upload(credential)
    review_services.file_approve(
        external_file_id=external_file.pk, reviewer=ReviewerFactory(), now=timezone.now()
    )
    credential.refresh_from_db()
    with pytest.raises(services.CredentialError):
        _upload(credential)


def test_an_extended_deadline_allows_a_late_upload_and_is_recorded(seeded):
    registered = timezone.now() - dt.timedelta(days=40)
    credential = registered_application(now=registered)
    reviewer = ReviewerFactory()
    with pytest.raises(services.CredentialError, match="closed on"):
        _upload(credential)
    new_date = rules.local_date(timezone.now()) + dt.timedelta(days=7)
    services.credential_extend_deadline(
        credential=credential, new_date=new_date, now=timezone.now(), actor=reviewer, note="Family emergency"
    )
    event = CredentialEvent.objects.get(credential=credential, kind="deadline")
    assert (event.actor, event.to_value, event.note) == (
        reviewer,
        new_date.strftime("%m/%d/%Y"),
        "Family emergency",
    )
    credential.refresh_from_db()
    assert _upload(credential).status == ExternalFile.Status.SUBMITTED


@pytest.mark.django_db(transaction=True)
def test_concurrent_approvals_end_with_one_decision_and_one_renewal_credential(seeded):
    """Two reviewers press "Approve" at the same moment (real threads, real locks on either database)."""
    credential = registered_application()
    external_file = _upload(credential)
    reviewers = [ReviewerFactory(first_name="Ada"), ReviewerFactory(first_name="Bo")]
    barrier = threading.Barrier(2)
    outcomes = []

    def decide(reviewer):
        try:
            barrier.wait(timeout=10)
            review_services.file_approve(
                external_file_id=external_file.pk, reviewer=reviewer, now=timezone.now()
            )
            outcomes.append(("ok", reviewer.first_name))
        except review_services.ReviewError as error:
            outcomes.append(("refused", str(error)))
        finally:
            connection.close()

    threads = [threading.Thread(target=decide, args=(r,)) for r in reviewers]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert Decision.objects.count() == 1
    assert _renewals(credential.user).count() == 1
    winners = [name for status, name in outcomes if status == "ok"]
    assert len(winners) == 1
    losers = [(status, text) for status, text in outcomes if status != "ok"]
    assert len(losers) == 1
    # The second reviewer waits (a row lock on PostgreSQL, SQLite's IMMEDIATE write lock), then is told who
    # decided first.
    decision = Decision.objects.select_related("reviewer").get()
    assert losers[0][0] == "refused"
    assert losers[0][1].startswith(f"This file was already approved by {decision.reviewer.display_name} on")
