import datetime as dt
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from credentials import rules
from credentials.models import CredentialStatus
from credit_requests.models import CreditRequest
from reviews.services import credit_request_decide
from tests.conftest import eastern
from tests.credit_requests.helpers import PDF_BYTES, submit
from tests.factories import CredentialFactory, ReviewerFactory, UserFactory

NOW = eastern(2025, 6, 15)


@pytest.fixture
def credential(seeded):
    start = rules.local_date(timezone.now()) - dt.timedelta(days=200)
    return CredentialFactory(cycle_start=start, cycle_end=rules.add_years(start, 5))


@pytest.fixture
def reviewer(seeded):
    return ReviewerFactory(first_name="Robin", last_name="Reyes")


def post_data(cred, **overrides):
    data = {
        "activity_date": (cred.cycle_start + dt.timedelta(days=10)).strftime("%m/%d/%Y"),
        "course": "Annual Summation",
        "description": "CE Activities",
        "credential": str(cred.pk),
        "requested_credits": "15",
        "file": SimpleUploadedFile("LARs.pdf", PDF_BYTES, content_type="application/pdf"),
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def test_request_window_has_the_guides_fields_and_blank_forms(client, credential):
    client.force_login(credential.user)
    html = client.get(reverse("credit_requests:new")).content.decode()
    assert "Fill all information below and submit for request your credits" in html
    for label in (
        "Activity Date",
        "Course",
        "Description",
        "Credentials to count against",
        "Requested Credits",
    ):
        assert f'>{label} <span aria-hidden="true">(*)</span>' in html
    assert (
        "The Activity Date must be within the Start and End Date of the selected Credential in order to count "
        "towards its completion." in html
    )
    assert 'placeholder="MM/dd/yyyy"' in html
    assert "Select..." in html
    assert "Drop files here to upload" in html
    assert ">Request Credit<" in html and ">Close<" in html
    assert "/static/forms/annual-summation.pdf" in html
    assert "/static/forms/learning-activity-report.pdf" in html


def test_catalog_page_has_the_request_new_credit_button_and_dialog(client, credential):
    client.force_login(credential.user)
    html = client.get(reverse("courses:catalog")).content.decode()
    assert (
        f'href="{reverse("credit_requests:new")}" data-dialog="request-credit-dialog">Request new Credit<'
        in html
    )
    assert '<dialog id="request-credit-dialog"' in html
    assert "js/dialog.js" in html and "js/dropzone.js" in html


def test_credentials_choice_lists_only_the_learners_active_renewal_credits(client, credential):
    other = CredentialFactory()
    finished = CredentialFactory(
        user=credential.user,
        status=CredentialStatus.COMPLETED,
        cycle_start=dt.date(2015, 1, 1),
        cycle_end=dt.date(2020, 1, 1),
    )
    client.force_login(credential.user)
    html = client.get(reverse("credit_requests:new")).content.decode()
    assert f'value="{credential.pk}"' in html
    assert f'value="{other.pk}"' not in html
    assert f'value="{finished.pk}"' not in html


def test_submitting_the_window_saves_a_pending_request_shown_on_the_dashboard(client, credential):
    client.force_login(credential.user)
    response = client.post(reverse("credit_requests:new"), post_data(credential), follow=True)
    assert response.redirect_chain[-1][0] == reverse("dashboard")
    html = response.content.decode()
    assert "Your credit request was sent to KDLA" in html
    request = CreditRequest.objects.get()
    assert request.requested_credits == Decimal("15")
    assert "Part-time Certification - Renewal credits" in html
    assert timezone.localtime(request.created_at).strftime("%m/%d/%Y") in html
    assert ">PENDING<" in html


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"activity_date": "2020-13-45"}, "activity_date", "MM/dd/yyyy"),
        ({"activity_date": "01/01/2001"}, "activity_date", "within the Start and End Date"),
        ({"requested_credits": "ten"}, "requested_credits", "Enter the number"),
        ({"requested_credits": "0"}, "requested_credits", "more than 0"),
        ({"requested_credits": "-3"}, "requested_credits", "more than 0"),
        ({"requested_credits": "101"}, "requested_credits", "at most 100"),
        ({"requested_credits": "1.3"}, "requested_credits", "steps of 0.25"),
        ({"course": ""}, "course", "Course is required."),
        ({"description": ""}, "description", "Description is required."),
        ({"credential": ""}, "credential", "Credentials to count against is required."),
        ({"file": None}, "file", "Upload your documentation"),
        (
            {
                "file": SimpleUploadedFile(
                    "evil.pdf", b"<script>alert(1)</script>", content_type="application/pdf"
                )
            },
            "file",
            "PDF, Word, .jpg, .png",
        ),
    ],
)
def test_bad_input_shows_a_message_next_to_the_field_and_saves_nothing(
    client, credential, overrides, field, message
):
    client.force_login(credential.user)
    response = client.post(reverse("credit_requests:new"), post_data(credential, **overrides))
    assert response.status_code == 200
    html = response.content.decode()
    errors_id = f'id="id_{field}_error"'
    assert errors_id in html
    block = html[html.index(errors_id) :][:400]
    assert message in block
    assert CreditRequest.objects.count() == 0


def test_future_activity_date_is_refused_by_the_view(client, credential):
    client.force_login(credential.user)
    tomorrow = (rules.local_date(timezone.now()) + dt.timedelta(days=1)).strftime("%m/%d/%Y")
    html = client.post(
        reverse("credit_requests:new"), post_data(credential, activity_date=tomorrow)
    ).content.decode()
    assert "The Activity Date cannot be in the future." in html
    assert not CreditRequest.objects.exists()


def test_someone_elses_credential_id_in_the_post_is_refused(client, credential):
    stranger = UserFactory()
    client.force_login(stranger)
    html = client.post(reverse("credit_requests:new"), post_data(credential)).content.decode()
    assert "Choose one of your active renewal-credits credentials." in html
    assert not CreditRequest.objects.exists()


def test_request_window_requires_login(client):
    response = client.get(reverse("credit_requests:new"))
    assert response.status_code == 302


# --- Files: owner or reviewer only -----------------------------------------------------------------------


def test_file_download_is_for_the_owner_and_reviewers_only(client, credential, reviewer):
    request = submit(
        credential=credential,
        now=timezone.now(),
        activity_date=credential.cycle_start,
        uploaded_file=SimpleUploadedFile('My "LARs"\r\n.pdf', PDF_BYTES),
    )
    url = reverse("credit_requests:file", args=[request.pk])
    client.force_login(credential.user)
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF_BYTES
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert "\r" not in disposition and "\n" not in disposition
    assert response["Content-Type"] == "application/pdf"
    client.force_login(reviewer)
    assert client.get(url).status_code == 200
    inline = client.get(reverse("credit_requests:file_inline", args=[request.pk]))
    assert inline.status_code == 200 and inline["Content-Disposition"].startswith("inline;")
    # The decision screen frames it: the portal-wide CSP's frame-ancestors 'none' is replaced here.
    assert inline._csp_replace == {"frame-ancestors": ["'self'"]}
    client.force_login(UserFactory())
    assert client.get(url).status_code == 404
    client.force_login(credential.user)
    assert client.get(reverse("credit_requests:file_inline", args=[request.pk])).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302


# --- Dashboard box ------------------------------------------------------------------------------------------


def test_request_credits_box_shows_decided_requests_like_the_guide(client, credential, reviewer):
    request = submit(
        credential=credential, now=timezone.now(), credits="20", activity_date=credential.cycle_start
    )
    credential.program.required_hours = Decimal("100")
    credit_request_decide(
        credit_request=request, reviewer=reviewer, approved_credits="20", notes="good", now=timezone.now()
    )
    client.force_login(credential.user)
    html = client.get(reverse("dashboard")).content.decode()
    for header in ("Credential", "Request Date", "Status", "Requested Credits", "Approved Credits", "Notes"):
        assert f">{header}</th>" in html
    assert ">APPROVED<" in html
    assert ">20<" in html
    assert ">good<" in html


def test_dashboard_query_count_does_not_grow_with_requests(client, credential, django_assert_num_queries):
    client.force_login(credential.user)
    submit(credential=credential, now=timezone.now(), activity_date=credential.cycle_start)
    client.get(reverse("dashboard"))
    # Warm: the session, and the user with their review permission; the boxes come from the cache
    # (portal/dashboard.py).
    with django_assert_num_queries(2):
        client.get(reverse("dashboard"))
    cache.clear()
    with django_assert_num_queries(5) as one:
        client.get(reverse("dashboard"))
    for n in range(1, 6):  # five other activities (an identical request would be refused as a duplicate)
        submit(
            credential=credential,
            now=timezone.now(),
            activity_date=credential.cycle_start + dt.timedelta(days=n),
        )
    # Each submission changed the boxes: this render is a cold one again, with the same queries.
    with django_assert_num_queries(len(one.captured_queries)):
        response = client.get(reverse("dashboard"))
    assert response.content.decode().count("Annual Summation: CE Activities") == 6


# --- Decision screen ---------------------------------------------------------------------------------------


def test_decision_screen_is_for_reviewers_only(client, credential):
    request = submit(credential=credential, now=timezone.now(), activity_date=credential.cycle_start)
    url = reverse("reviews:credit", args=[request.pk])
    client.force_login(credential.user)
    assert client.get(url).status_code == 403
    client.force_login(UserFactory())
    assert client.get(url).status_code == 403


def test_decision_screen_shows_learner_credential_request_file_and_defaults_to_all(
    client, credential, reviewer
):
    request = submit(
        credential=credential, now=timezone.now(), credits="15", activity_date=credential.cycle_start
    )
    client.force_login(reviewer)
    html = client.get(reverse("reviews:credit", args=[request.pk])).content.decode()
    assert credential.user.email in html
    assert "Part-time Certification - Renewal credits" in html
    assert f"{credential.cycle_start:%m/%d/%Y} to {credential.cycle_end:%m/%d/%Y}" in html
    assert "0 of 15 required" in html
    assert 'name="approved_credits" value="15"' in html
    assert ">Approve<" in html and ">Deny<" in html
    assert reverse("credit_requests:file", args=[request.pk]) in html
    assert reverse("credit_requests:file_inline", args=[request.pk]) in html
    assert "Credit request" in html  # history


def test_reviewer_partially_approves_with_a_note(client, credential, reviewer):
    request = submit(
        credential=credential, now=timezone.now(), credits="15", activity_date=credential.cycle_start
    )
    client.force_login(reviewer)
    response = client.post(
        reverse("reviews:credit", args=[request.pk]),
        {"approved_credits": "10", "notes": "Only 10 hours documented.", "action": "approve"},
        follow=True,
    )
    assert "PARTIALLY APPROVED: 10 of 15 credits" in response.content.decode()
    request.refresh_from_db()
    assert (request.status, request.approved_credits) == ("partially_approved", Decimal("10"))


def test_deny_button_records_zero_and_requires_notes(client, credential, reviewer):
    request = submit(
        credential=credential, now=timezone.now(), credits="15", activity_date=credential.cycle_start
    )
    client.force_login(reviewer)
    url = reverse("reviews:credit", args=[request.pk])
    html = client.post(url, {"approved_credits": "15", "notes": "", "action": "deny"}).content.decode()
    assert 'id="id_notes_error"' in html
    request.refresh_from_db()
    assert request.status == "pending"
    client.post(url, {"approved_credits": "15", "notes": "No documentation.", "action": "deny"})
    request.refresh_from_db()
    assert (request.status, request.approved_credits) == ("denied", Decimal("0"))


def test_second_decision_is_refused_with_who_decided(client, credential, reviewer):
    request = submit(
        credential=credential, now=timezone.now(), credits="15", activity_date=credential.cycle_start
    )
    credit_request_decide(
        credit_request=request, reviewer=reviewer, approved_credits="15", notes="", now=timezone.now()
    )
    other = ReviewerFactory()
    client.force_login(other)
    response = client.post(
        reverse("reviews:credit", args=[request.pk]),
        {"approved_credits": "1", "notes": "x", "action": "approve"},
        follow=True,
    )
    html = response.content.decode()
    assert "already decided by Robin Reyes" in html
    assert 'name="approved_credits"' not in html
    request.refresh_from_db()
    assert request.approved_credits == Decimal("15")


def test_inline_evidence_can_be_framed_by_the_decision_screen_only(client, credential, reviewer):
    request = submit(credential=credential, now=timezone.now(), activity_date=credential.cycle_start)
    client.force_login(reviewer)
    response = client.get(reverse("credit_requests:file_inline", args=[request.pk]))
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    assert response["X-Content-Type-Options"] == "nosniff"
    # The portal-wide CSP says frame-ancestors 'none'; the decision screen's <iframe> needs 'self'.
    assert response._csp_replace == {"frame-ancestors": ["'self'"]}
