"""The audit's form findings (issue 16, "Broken"): dialogs' Close, errors in upload forms, the category filter."""

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from credentials import rules
from credit_requests.models import CreditRequest
from tests.credentials.applications import registered_application
from tests.credit_requests.helpers import fill_credit_form
from tests.factories import CredentialFactory, UserFactory, pdf_bytes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CREDIT_DIALOG = "Fill all information below and submit for request your credits"
FILE_DIALOG = "Fill all information below and submit your file"


def _learner_with_renewal_credits():
    learner = UserFactory()
    today = rules.local_date(timezone.now())
    credential = CredentialFactory(user=learner, cycle_start=today - dt.timedelta(days=30))
    return learner, credential, today


def test_request_credit_submits_right_after_the_dialog_was_closed_with_close(login_page, seeded):
    learner, credential, today = _learner_with_renewal_credits()
    page = login_page(learner)
    page.goto("/catalog/")
    link = page.get_by_role("link", name="Request new Credit")
    dialog = page.get_by_role("dialog", name=CREDIT_DIALOG)
    for close in ("Close", "Close this window"):  # the form's Close, then the header's ×
        link.click()
        dialog.get_by_role("button", name=close, exact=True).click()
        expect(dialog).to_be_hidden()
    link.click()  # well within the 5 seconds of the double-submit guard
    fill_credit_form(dialog, credential=credential, activity_date=today - dt.timedelta(days=3))
    dialog.get_by_role("button", name="Request Credit").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Dashboard")
    assert CreditRequest.objects.filter(user=learner).count() == 1


def test_credit_form_reports_every_error_at_once_and_asks_to_choose_the_file_again(login_page, seeded):
    learner, credential, today = _learner_with_renewal_credits()
    page = login_page(learner)
    page.goto("/catalog/")
    page.get_by_role("link", name="Request new Credit").click()
    dialog = page.get_by_role("dialog", name=CREDIT_DIALOG)
    fill_credit_form(dialog, credential=credential, activity_date=today + dt.timedelta(days=3), credits="1.1")
    dialog.get_by_role("button", name="Request Credit").click()

    summary = page.get_by_role("alert").filter(has_text="There is a problem")
    expect(summary).to_be_focused()
    expect(summary.get_by_role("link", name="The Activity Date cannot be in the future.")).to_be_visible()
    expect(summary.get_by_role("link", name="Requested Credits must be in steps of 0.25")).to_be_visible()
    summary.get_by_role("link", name="The Activity Date cannot be in the future.").click()
    expect(page.get_by_label("Activity Date")).to_be_focused()
    note = page.get_by_text("Choose your file again")
    expect(note).to_be_visible()
    file_input = page.get_by_label("Drop files here to upload")
    described_by = file_input.get_attribute("aria-describedby").split()
    assert note.evaluate(
        "(el, ids) => ids.some(id => document.getElementById(id).contains(el))", described_by
    )
    assert CreditRequest.objects.count() == 0


def test_upload_form_error_shows_a_focused_summary_and_asks_to_choose_the_file_again(login_page, seeded):
    learner = UserFactory()
    registered_application(learner)
    page = login_page(learner)
    page.goto("/credentials/files/")
    page.get_by_role("link", name="Add new file").click()
    dialog = page.get_by_role("dialog", name=FILE_DIALOG)
    dialog.get_by_label("Description").fill("")
    dialog.locator("input[type=file]").set_input_files(
        {"name": "application.pdf", "mimeType": "application/pdf", "buffer": pdf_bytes()}
    )
    dialog.get_by_role("button", name="Submit").click()
    summary = page.get_by_role("alert").filter(has_text="There is a problem")
    expect(summary).to_be_focused()
    expect(summary.get_by_role("link", name="Enter a short description")).to_be_visible()
    expect(page.get_by_text("Choose your file again")).to_be_visible()
    description = page.get_by_label("Description")
    for token in description.get_attribute("aria-describedby").split():
        assert page.locator(f"#{token}").count() == 1, token


def test_arrow_keys_in_the_category_drop_down_do_not_reload_the_page(login_page, seeded):
    page = login_page(UserFactory())
    page.goto("/catalog/")
    select = page.get_by_label("Category")
    select.focus()
    page.evaluate("window.notReloaded = true")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    expect(select).to_be_focused()
    assert page.evaluate("window.notReloaded === true")
    # The choice is applied in place: the cards show the category, focus stays on the drop-down.
    select.select_option(label="KDLA Certifications")
    expect(page).to_have_url(re.compile(r"category=kdla-certifications"))
    expect(page.locator("#catalog-results .card-category").first).to_have_text("KDLA Certifications")
    expect(page.get_by_role("heading", name="Part-time Certification- Initial Application")).to_be_visible()
    expect(select).to_be_focused()
    assert page.evaluate("window.notReloaded === true")
