"""Reviewers' person pages: find anyone, see everything about them, and act (extend, enroll, reinstate,
reopen a credit decision, note), each recorded and shown in the history."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import PersonEvent, SentEmail
from credentials import rules
from credentials.models import (
    Certification,
    Compliance,
    Credential,
    CredentialEvent,
    CredentialStatus,
    CreditEntry,
    Program,
)
from credentials.selectors import with_earned
from credentials.services import credential_expire
from credit_requests.models import CreditRequest
from reviews.models import Decision, ReopenedDecision
from reviews.services import credit_request_decide
from tests.credentials.applications import registered_application
from tests.credentials.certification_helpers import certified
from tests.factories import LibraryFactory, ReviewerFactory, UserFactory
from tests.reviews.test_views import _pending_credit_request

pytestmark = pytest.mark.django_db


def _mmddyyyy(day):
    return day.strftime("%m/%d/%Y")


def _today():
    return rules.local_date(timezone.now())


@pytest.fixture
def reviewer(client):
    user = ReviewerFactory()
    client.force_login(user)
    return user


def _post(client, person, action, **fields):
    data = {"action": action, **{f"{action}-{name}": value for name, value in fields.items()}}
    return client.post(reverse("reviews:person", args=[person.pk]), data)


def test_reviewer_finds_a_staff_member_with_nothing_pending_by_email_or_library(client, seeded, reviewer):
    person = UserFactory(
        email="quiet.learner@library.example", library=LibraryFactory(name="Adair County Lib")
    )
    UserFactory(email="someone.else@library.example")
    for query in ["quiet.learner", "Adair County", f"{person.first_name} {person.last_name}"]:
        text = client.get(reverse("reviews:people"), {"q": query}).content.decode()
        assert "quiet.learner@library.example" in text and "someone.else" not in text, query
        assert reverse("reviews:person", args=[person.pk]) in text


def test_people_list_is_paginated(client, seeded, reviewer):
    for number in range(30):
        UserFactory(email=f"paged{number:02d}@library.example", last_name=f"Paged{number:02d}")
    first = client.get(reverse("reviews:people"), {"q": "paged"}).content.decode()
    second = client.get(reverse("reviews:people"), {"q": "paged", "page": 2}).content.decode()
    assert "paged00@" in first and "paged29@" not in first
    assert "paged29@" in second and "Page 2 of 2" in second


def test_person_page_shows_credentials_requests_history_and_emails(client, seeded, reviewer):
    application = registered_application()
    person = application.user
    _pending_credit_request(user=person)
    text = client.get(reverse("reviews:person", args=[person.pk])).content.decode()
    assert "Initial Part Time Certification" in text
    assert "Annual Summation" in text
    assert "Registered" in text  # the history
    assert "You registered for" in text  # the email sent


def test_person_page_has_a_fixed_number_of_queries_whatever_the_history(
    client, seeded, reviewer, django_assert_max_num_queries
):
    application = registered_application()
    person = application.user
    with django_assert_max_num_queries(30) as few:
        client.get(reverse("reviews:person", args=[person.pk]))
    now = timezone.now()
    first_request = _pending_credit_request(user=person)
    for number in range(10):
        first_request.pk = None
        first_request.course = f"Course {number}"  # an identical open request is refused (one per learner)
        first_request.save()
    for number in range(60):
        CredentialEvent.objects.create(
            credential=application, kind="deadline", note=f"n{number}", at=now, actor=reviewer
        )
        PersonEvent.objects.create(
            user=person, kind=PersonEvent.Kind.NOTE, note=f"p{number}", at=now, actor=reviewer
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("reviews:person", args=[person.pk]))
    assert response.content.decode().count("p59") == 1


def test_reviewer_extends_the_window_before_any_upload(client, seeded, reviewer):
    application = registered_application()
    new_date = _today() + dt.timedelta(days=45)
    response = _post(
        client,
        application.user,
        "extend",
        record=application.pk,
        new_date=_mmddyyyy(new_date),
        reason="Phoned",
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert rules.local_date(application.upload_deadline) == new_date
    event = CredentialEvent.objects.get(credential=application, kind="deadline")
    assert event.actor == reviewer and event.note == "Phoned" and event.to_value == _mmddyyyy(new_date)
    page = client.get(reverse("reviews:person", args=[application.user.pk])).content.decode()
    assert "Upload deadline changed" in page and "Phoned" in page


def test_an_extension_too_far_ahead_is_refused_and_nothing_changes(client, seeded, reviewer):
    application = registered_application()
    before = application.upload_deadline
    response = _post(
        client,
        application.user,
        "extend",
        record=application.pk,
        new_date=_mmddyyyy(_today() + dt.timedelta(days=rules.DEADLINE_MAX_DAYS_AHEAD + 1)),
        reason="Typo",
    )
    assert response.status_code == 400
    html = response.content.decode()
    # Next to the date it is about (the field's error list), with what was typed kept in the field.
    error_list = html[html.index('id="id_extend-new_date_error"') :]
    assert "at most 365 days ahead" in error_list[: error_list.index("</ul>")]
    too_far = _mmddyyyy(_today() + dt.timedelta(days=rules.DEADLINE_MAX_DAYS_AHEAD + 1))
    assert f'value="{too_far}"' in html
    application.refresh_from_db()
    assert application.upload_deadline == before


def test_someone_elses_credential_is_not_a_choice(client, seeded, reviewer):
    mine, theirs = registered_application(), registered_application()
    response = _post(
        client,
        mine.user,
        "extend",
        record=theirs.pk,
        new_date=_mmddyyyy(_today() + dt.timedelta(days=9)),
        reason="x",
    )
    assert response.status_code == 400 and "Choose one of the listed items." in response.content.decode()
    assert not CredentialEvent.objects.filter(kind="deadline").exists()


def test_reviewer_enrolls_a_learner_in_paraprofessional_renewal_credits_from_a_start_date(
    client, seeded, reviewer
):
    person = UserFactory()
    program = Program.objects.get(code="paraprofessional-i-renewal-credits")
    start = _today() - dt.timedelta(days=100)
    response = _post(client, person, "enroll", record=program.pk, start=_mmddyyyy(start), note="Full-time")
    assert response.status_code == 302
    credential = Credential.objects.get(user=person, program=program)
    assert credential.cycle_start == start and credential.cycle_end == rules.add_years(start, 5)
    assert credential.status == CredentialStatus.ACTIVE
    assert CredentialEvent.objects.filter(credential=credential, kind="enrolled", actor=reviewer).exists()
    assert SentEmail.objects.filter(user=person, subject__contains=program.credential_name).exists()
    again = _post(client, person, "enroll", record=program.pk, start=_mmddyyyy(start))
    assert again.status_code == 400 and "already enrolled" in again.content.decode()


def test_reviewer_reinstates_an_expired_application_with_a_new_window(client, seeded, reviewer):
    application = registered_application()
    credential_expire(credential=application, now=timezone.now())
    new_date = _today() + dt.timedelta(days=14)
    response = _post(
        client,
        application.user,
        "reinstate",
        record=application.pk,
        new_date=_mmddyyyy(new_date),
        reason="Ill",
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == CredentialStatus.ACTIVE and application.expired_at is None
    assert application.compliance == Compliance.IN_PROGRESS
    assert rules.local_date(application.upload_deadline) == new_date
    event = CredentialEvent.objects.get(credential=application, kind="reinstated")
    assert event.actor == reviewer and event.from_value == "EXPIRED" and "Ill" in event.note
    assert SentEmail.objects.filter(user=application.user, subject__contains="is open again").exists()


def _approved_request(*, reviewer, hours="3"):
    credit_request = _pending_credit_request()
    credit_request_decide(
        credit_request=credit_request, reviewer=reviewer, approved_credits=hours, notes="", now=timezone.now()
    )
    credit_request.refresh_from_db()
    return credit_request


def _earned(credential):
    return with_earned(Credential.objects.filter(pk=credential.pk)).get().earned


def test_reopening_an_approved_credit_reverses_it_in_the_ledger_and_a_new_decision_counts_once(
    client, seeded, reviewer
):
    first_reviewer = ReviewerFactory()
    credit_request = _approved_request(reviewer=first_reviewer)
    credential = credit_request.credential
    assert _earned(credential) == Decimal("3")
    response = _post(
        client, credit_request.user, "reopen", record=credit_request.pk, reason="Wrong certificate"
    )
    assert response.status_code == 302
    credit_request.refresh_from_db()
    assert credit_request.status == CreditRequest.Status.PENDING and credit_request.approved_credits is None
    assert _earned(credential) == Decimal("0")
    original = CreditEntry.objects.get(source_key=f"request:{credit_request.pk}")
    assert original.hours == Decimal("3")  # never edited
    assert CreditEntry.objects.get(source_key=f"request:{credit_request.pk}:reversed").hours == Decimal("-3")
    archived = ReopenedDecision.objects.get(credit_request=credit_request)
    assert archived.reviewer == first_reviewer and archived.reopened_by == reviewer
    assert not Decision.objects.filter(credit_request=credit_request).exists()
    assert SentEmail.objects.filter(subject__contains="reviewed again").count() == 1
    assert credit_request.decided_by is None and credit_request.reopened_count == 1
    event = CredentialEvent.objects.get(credential=credential, kind="decision_reopened")
    assert (event.actor, event.from_value, event.to_value) == (reviewer, "APPROVED", "PENDING")
    assert f"decided by {first_reviewer.display_name}" in event.note and "Wrong certificate" in event.note
    # Decided again: a new round, counted once.
    credit_request_decide(
        credit_request=credit_request,
        reviewer=reviewer,
        approved_credits="2",
        notes="Two hours",
        now=timezone.now(),
    )
    assert _earned(credential) == Decimal("2")
    assert SentEmail.objects.filter(subject__startswith="Your credit request was").count() == 2


def test_the_reviewer_who_decided_cannot_reopen_their_own_decision(client, seeded, reviewer):
    credit_request = _approved_request(reviewer=reviewer)
    response = _post(
        client, credit_request.user, "reopen", record=credit_request.pk, reason="Second thoughts"
    )
    assert response.status_code == 400 and "another reviewer reopens it" in response.content.decode()
    credit_request.refresh_from_db()
    assert credit_request.status == CreditRequest.Status.APPROVED


def test_reviewer_adds_a_note_shown_in_the_history(client, seeded, reviewer):
    person = UserFactory()
    assert _post(client, person, "note", note="Phoned about the certificate.").status_code == 302
    page = client.get(reverse("reviews:person", args=[person.pk])).content.decode()
    assert "Phoned about the certificate." in page and reviewer.display_name in page
    empty = _post(client, person, "note", note="")
    assert empty.status_code == 400 and "Write the note." in empty.content.decode()


def test_decision_screens_link_to_the_person_page(client, seeded, reviewer):
    credit_request = _pending_credit_request()
    text = client.get(reverse("reviews:credit", args=[credit_request.pk])).content.decode()
    assert reverse("reviews:person", args=[credit_request.user_id]) in text


def test_unknown_person_is_a_404(client, seeded, reviewer):
    assert client.get(reverse("reviews:person", args=[999999])).status_code == 404


def test_a_renewal_cycle_credential_can_be_reopened_only_while_active(client, seeded, reviewer):
    first_reviewer = ReviewerFactory()
    credit_request = _approved_request(reviewer=first_reviewer, hours="3")
    Credential.objects.filter(pk=credit_request.credential_id).update(status=CredentialStatus.EXPIRED)
    response = _post(client, credit_request.user, "reopen", record=credit_request.pk, reason="Late")
    assert response.status_code == 400 and "can no longer be reversed" in response.content.decode()
    credit_request.refresh_from_db()
    assert credit_request.status == CreditRequest.Status.APPROVED


def test_person_page_shows_the_certification_its_certificate_and_its_history(client, seeded, reviewer):
    from credentials.certification import certification_revoke
    from tests.conftest import eastern
    from tests.credentials.certification_helpers import certification_of, certified

    person = certified(at=eastern(2026, 2, 6, 10))
    certification = certification_of(person)
    certificate = certification.certificates.get()
    text = client.get(reverse("reviews:person", args=[person.pk])).content.decode()
    assert "Part-time Certification" in text and "VALID" in text
    assert "valid 02/06/2026 through 02/06/2031" in text
    assert certificate.number in text
    assert reverse("certificate_verify", args=[certificate.token]) in text
    assert reverse("reviews:certification", args=[certification.pk]) in text
    assert "<td>Certified</td>" in text  # the award, in the history

    certification_revoke(
        certification=certification,
        reviewer=ReviewerFactory(),
        reason="Forged transcript",
        now=timezone.now(),
    )
    text = client.get(reverse("reviews:person", args=[person.pk])).content.decode()
    assert "REVOKED" in text and "Forged transcript" in text


def test_a_person_never_certified_says_so(client, seeded, reviewer):
    person = registered_application().user
    text = client.get(reverse("reviews:person", args=[person.pk])).content.decode()
    assert "Not certified: no initial application has been approved." in text


def test_person_page_shows_the_certification_and_links_to_its_page_and_back(client, seeded, reviewer):
    # The certification's page (certificates, revocation) was reachable only by typing its address.
    person = certified(at=timezone.now() - dt.timedelta(days=3))
    certification = Certification.objects.get(user=person)
    page = reverse("reviews:certification", args=[certification.pk])
    text = client.get(reverse("reviews:person", args=[person.pk])).content.decode()
    assert f'href="{page}"' in text
    assert (
        f"valid {_mmddyyyy(certification.valid_from)} through {_mmddyyyy(certification.valid_through)}"
        in text
    )
    back = client.get(page).content.decode()
    assert f'href="{reverse("reviews:person", args=[person.pk])}"' in back
