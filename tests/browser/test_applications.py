"""The guide's path: upload the application on External Files, KDLA approves it, the learner is certified."""

import os

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from credentials import rules, services
from credentials.models import Compliance, Credential, CredentialStatus
from tests.conftest import assert_no_axe_violations
from tests.credentials.applications import pdf_bytes, registered_application
from tests.factories import ReviewerFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = os.environ.get("SCREENSHOT_DIR")


def _shot(page, name):
    if SHOTS:
        os.makedirs(SHOTS, exist_ok=True)
        page.screenshot(path=os.path.join(SHOTS, f"{name}.png"), full_page=True)


def _switch_user(page, login_page, user):
    page.context.clear_cookies()
    return login_page(user)


def test_upload_then_reviewer_approval_completes_the_application_and_enrolls_in_renewal_credits(
    seeded, login_page, tmp_path
):
    learner = UserFactory(first_name="Lee", last_name="Learner")
    application = registered_application(learner)
    pdf = tmp_path / "signed-application.pdf"
    pdf.write_bytes(pdf_bytes())

    # The dashboard's orange "Upload Missing Files" button links here (?credential=<id>).
    page = login_page(learner)
    page.goto(f"/credentials/files/?credential={application.pk}")
    expect(page.get_by_role("heading", level=1)).to_have_text("External Files")
    expect(page.get_by_role("link", name="Download the blank Application for Certification")).to_be_visible()
    assert_no_axe_violations(page)
    _shot(page, "external-files")

    add = page.get_by_role("link", name="Add new file")
    add.click()
    dialog = page.get_by_role("dialog", name="Fill all information below and submit your file")
    expect(dialog).to_be_visible()
    expect(
        dialog.get_by_text("The following document types are accepted: PDF, Word, .jpg, .png")
    ).to_be_visible()
    expect(dialog.get_by_text("Drop files here to upload")).to_be_visible()
    expect(dialog.get_by_label("Document Type")).to_be_focused()
    assert_no_axe_violations(page)
    _shot(page, "upload-dialog")

    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    expect(add).to_be_focused()
    add.click()
    dialog.get_by_role("button", name="Close", exact=True).click()
    expect(dialog).to_be_hidden()
    expect(add).to_be_focused()

    add.click()
    dialog.get_by_label("Document Type").select_option(
        label="Application for Certification of Part-Time Library Staff"
    )
    dialog.get_by_label("Description").fill("Signed application form")
    dialog.locator("input[type=file]").set_input_files(str(pdf))
    expect(dialog.get_by_text("Chosen file: signed-application.pdf")).to_be_visible()
    dialog.get_by_role("button", name="Submit").click()
    expect(page.get_by_role("status")).to_contain_text("was uploaded. KDLA will review your file submission.")
    row = page.get_by_role("row", name="signed-application.pdf")
    expect(row).to_contain_text("Awaiting review")
    expect(row).to_contain_text("Signed application form")
    expect(page.get_by_role("link", name="Add new file")).to_have_count(0)
    _shot(page, "external-files-submitted")

    reviewer = ReviewerFactory(first_name="Riley", last_name="Reviewer")
    page = _switch_user(page, login_page, reviewer)
    page.goto("/review/")
    queue_row = page.get_by_role("row", name="Lee Learner")
    expect(queue_row).to_contain_text("File submission")
    expect(queue_row).to_contain_text("Initial Part Time Certification")
    assert_no_axe_violations(page)
    _shot(page, "review-queue")
    queue_row.get_by_role("link", name="Review").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("File submission: Lee Learner")
    expect(page.locator("iframe.file-preview")).to_be_visible()
    assert_no_axe_violations(page)
    _shot(page, "decision-screen")
    page.get_by_role("button", name="Approve", exact=True).click()
    expect(page.get_by_text("is COMPLETED / COMPLIANT")).to_be_visible()

    page = _switch_user(page, login_page, learner)
    page.goto("/credentials/files/")
    app_row = page.get_by_role("row", name="Initial Part Time Certification").first
    expect(app_row).to_contain_text("COMPLETED")
    expect(app_row).to_contain_text("COMPLIANT")
    expect(page.get_by_role("row", name="signed-application.pdf")).to_contain_text("Approved")
    _shot(page, "external-files-approved")

    application.refresh_from_db()
    assert (application.status, application.compliance) == (CredentialStatus.COMPLETED, Compliance.COMPLIANT)
    renewal = Credential.objects.get(user=learner, program__code="part-time-renewal-credits")
    today = rules.local_date(timezone.now())
    assert renewal.program.credential_name == "Part-time Certification - Renewal credits"
    assert (renewal.cycle_start, renewal.cycle_end) == (today, rules.add_years(today, 5))
    assert renewal.program.required_hours == 15
    assert services.credential_earned(credential=renewal) == 0
    assert renewal.status == CredentialStatus.ACTIVE


def test_without_javascript_add_new_file_is_a_page_that_uploads(seeded, no_js_login_page, tmp_path):
    learner = UserFactory()
    application = registered_application(learner)
    pdf = tmp_path / "application.pdf"
    pdf.write_bytes(pdf_bytes())
    page = no_js_login_page(learner)
    page.goto(f"/credentials/files/?credential={application.pk}")
    page.get_by_role("link", name="Add new file").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Fill all information below and submit your file"
    )
    page.get_by_label("Document Type").select_option(
        label="Application for Certification of Part-Time Library Staff"
    )
    page.get_by_label("Description").fill("Signed application")
    page.get_by_label("File").set_input_files(str(pdf))
    page.get_by_role("button", name="Submit").click()
    expect(page.get_by_role("row", name="application.pdf")).to_contain_text("Awaiting review")
