"""The guide's "Accumulating Contact" path in a real browser, from "Request new Credit" to a second cycle."""

import datetime as dt
import os
from decimal import Decimal
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from credentials import rules
from credentials.models import Credential, CredentialStatus
from credentials.services import application_complete, application_register, credential_earned
from credit_requests.models import CreditRequest
from tests.conftest import assert_no_axe_violations
from tests.credit_requests.helpers import fill_credit_form
from tests.factories import CredentialFactory, ReviewerFactory, UserFactory, program

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = os.environ.get("SCREENSHOT_DIR")


def shot(page, name):
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SHOTS) / f"{name}.png"), full_page=True)


def request_credit(page, *, credential, credits, activity_date, screenshot=None):
    page.goto("/catalog/")
    page.get_by_role("link", name="Request new Credit").click()
    dialog = page.get_by_role("dialog", name="Fill all information below and submit for request your credits")
    assert dialog.is_visible()
    fill_credit_form(dialog, credential=credential, activity_date=activity_date, credits=credits)
    if screenshot:
        assert_no_axe_violations(page)
        shot(page, screenshot)
    dialog.get_by_role("button", name="Request Credit").click()
    page.wait_for_url("**/")
    assert page.get_by_text("Your credit request was sent to KDLA").is_visible()


def decide(page, credit_request, *, approved, notes, screenshot=None):
    page.goto(f"/review/credits/{credit_request.pk}/")
    assert (
        page.get_by_label("Approved credits").input_value()
        == f"{credit_request.requested_credits.normalize():f}"
    )
    if screenshot:
        assert_no_axe_violations(page)
        shot(page, screenshot)
    page.get_by_label("Approved credits").fill(approved)
    page.get_by_label("Notes").fill(notes)
    page.get_by_role("button", name="Approve", exact=True).click()
    page.wait_for_url("**/review/")


def test_request_credit_partial_approval_completion_and_renewal(login_page, seeded):
    learner = UserFactory(first_name="Pat", last_name="Lee")
    reviewer = ReviewerFactory(first_name="Robin", last_name="Reyes")
    today = rules.local_date(timezone.now())
    start = today - dt.timedelta(days=200)
    credential = CredentialFactory(user=learner, cycle_start=start, cycle_end=rules.add_years(start, 5))

    page = login_page(learner)
    request_credit(
        page,
        credential=credential,
        credits="15",
        activity_date=today - dt.timedelta(days=10),
        screenshot="dialog",
    )
    box = page.get_by_role("region", name="Request Credits")
    assert box.get_by_role("cell", name="PENDING").is_visible()
    first = CreditRequest.objects.get()

    login_page(reviewer)
    decide(page, first, approved="10", notes="Only 10 hours are documented.", screenshot="decision")
    first.refresh_from_db()
    assert (first.status, first.approved_credits) == ("partially_approved", Decimal("10"))

    login_page(learner)
    page.goto("/")
    row = page.get_by_role("region", name="Request Credits").get_by_role("row").nth(1)
    assert "PARTIALLY APPROVED" in row.inner_text()
    assert "Only 10 hours are documented." in row.inner_text()
    shot(page, "dashboard")
    request_credit(page, credential=credential, credits="5", activity_date=today - dt.timedelta(days=5))
    second = CreditRequest.objects.filter(status="pending").get()

    login_page(reviewer)
    decide(page, second, approved="5", notes="")
    credential.refresh_from_db()
    assert (credential.status, credential.compliance) == (CredentialStatus.COMPLETED, "compliant")
    assert credential_earned(credential=credential) == Decimal("15")

    login_page(learner)
    page.goto("/credentials/transcript/")
    credentials_table = page.get_by_role("table", name="Your credentials and their cycles")
    row_text = credentials_table.get_by_role("row").nth(1).inner_text()
    assert "COMPLETED" in row_text and "COMPLIANT" in row_text and "15" in row_text
    assert_no_axe_violations(page)
    shot(page, "transcript")
    page.emulate_media(media="print")
    assert page.get_by_role("link", name="Download PDF").is_hidden()
    assert page.get_by_role("navigation", name="Main").is_hidden()
    shot(page, "transcript-print")
    page.emulate_media(media="screen")

    # The renewal application is now open to the learner; its approval opens the second cycle.
    renewal = application_register(
        user=learner, program=program("part-time-renewal-application"), now=timezone.now()
    )
    assert renewal.program.credential_name == "Part Time Certification"
    application_complete(credential=renewal, now=timezone.now(), actor=reviewer, note="Signed form received.")
    cycles = list(Credential.objects.filter(user=learner, program=credential.program).order_by("cycle_start"))
    assert len(cycles) == 2
    assert cycles[1].cycle_start == credential.cycle_end + dt.timedelta(days=1)
    assert cycles[1].status == CredentialStatus.ACTIVE
    page.goto("/credentials/transcript/")
    assert page.get_by_role(
        "heading", name=f"Part-time Certification - Renewal credits: {cycles[1].cycle_start:%m/%d/%Y}"
    ).is_visible()


def test_request_window_works_without_javascript(no_js_login_page, seeded):
    learner = UserFactory()
    today = rules.local_date(timezone.now())
    CredentialFactory(user=learner, cycle_start=today - dt.timedelta(days=30))
    page = no_js_login_page(learner)
    page.goto("/catalog/")
    page.get_by_role("link", name="Request new Credit").click()
    page.wait_for_url("**/credits/new/")
    page.get_by_role("button", name="Request Credit").click()
    assert page.locator("#id_course_error").get_by_text("Course is required.").is_visible()


def test_request_page_with_errors_is_accessible(login_page, seeded):
    learner = UserFactory()
    today = rules.local_date(timezone.now())
    CredentialFactory(user=learner, cycle_start=today - dt.timedelta(days=30))
    page = login_page(learner)
    page.goto("/credits/new/")
    page.get_by_label("Requested Credits").fill("1.1")
    page.get_by_role("button", name="Request Credit").click()
    assert (
        page.locator("#id_requested_credits_error")
        .get_by_text("Requested Credits must be in steps of 0.25")
        .is_visible()
    )
    assert page.get_by_label("Requested Credits").get_attribute("aria-invalid") == "true"
    assert_no_axe_violations(page)


def test_request_credit_dialog_takes_focus_closes_with_esc_or_close_and_accepts_a_dropped_file(
    login_page, seeded
):
    learner = UserFactory()
    today = rules.local_date(timezone.now())
    CredentialFactory(user=learner, cycle_start=today - dt.timedelta(days=30))
    page = login_page(learner)
    page.goto("/catalog/")
    link = page.get_by_role("link", name="Request new Credit")
    dialog = page.get_by_role("dialog", name="Fill all information below and submit for request your credits")

    link.click()
    expect(dialog).to_be_visible()
    expect(dialog.get_by_label("Activity Date")).to_be_focused()
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    expect(link).to_be_focused()

    link.click()
    dialog.get_by_role("button", name="Close", exact=True).last.click()  # the form's; the header's × is first
    expect(dialog).to_be_hidden()
    expect(link).to_be_focused()

    link.click()
    dropped = page.evaluate_handle(
        """() => {
            const transfer = new DataTransfer();
            transfer.items.add(new File(["%PDF-1.4"], "annual-summation.pdf", {type: "application/pdf"}));
            return transfer;
        }"""
    )
    dialog.locator("[data-dropzone]").dispatch_event("drop", {"dataTransfer": dropped})
    expect(dialog.get_by_text("Chosen file: annual-summation.pdf")).to_be_visible()
    assert dialog.get_by_label("Drop files here to upload").evaluate("input => input.files[0].name") == (
        "annual-summation.pdf"
    )
