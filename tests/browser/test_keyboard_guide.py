"""The guide by keyboard alone: Tab, Enter, arrows and typing, no mouse. Each main step's Tab presses are
counted against a budget, and after every submit focus must land somewhere useful (the message, the card
that was registered, an error summary), never on <body>."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from courses.models import CatalogItem
from credentials import rules
from tests.factories import CredentialFactory, EnrollmentFactory, UserFactory, pdf_bytes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TAB_BUDGET = 25  # Tab presses allowed to reach the next control of a step


def tab_to(page, locator, counts, step, key="Tab"):
    """Press Tab (or Shift+Tab) until `locator` has focus; record how many presses it took under `step`."""
    for presses in range(1, TAB_BUDGET + 1):
        page.keyboard.press(key)
        if locator.evaluate("el => el === document.activeElement"):
            counts[step] = counts.get(step, 0) + presses
            return
    raise AssertionError(f"{step}: not reached in {TAB_BUDGET} Tab presses")


def assert_focus_kept(page, where):
    page.wait_for_load_state()
    tag = page.evaluate("document.activeElement ? document.activeElement.tagName : 'BODY'")
    assert tag != "BODY", f"focus lost (on <body>) after {where}"


def test_initial_certification_by_keyboard_alone(login_page, seeded):
    learner = UserFactory()
    now = timezone.now()
    for course in CatalogItem.objects.filter(is_required=True):
        EnrollmentFactory(user=learner, course=course, completed_at=now)
    page = login_page(learner)
    counts = {}
    page.goto("/")

    tab_to(
        page,
        page.get_by_role("navigation", name="Main").get_by_role("link", name="Register for Course"),
        counts,
        "Dashboard -> Register for Course",
    )
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Register for Course")

    select = page.get_by_label("Category")
    tab_to(page, select, counts, "All categories drop-down")
    for _ in range(10):  # arrows move the choice; the cards update in place and focus stays
        if select.input_value() == "kdla-certifications":
            break
        page.keyboard.press("ArrowDown")
    expect(page.locator("#catalog-results .card-category").first).to_have_text("KDLA Certifications")
    expect(select).to_be_focused()

    card = page.get_by_role("listitem").filter(
        has=page.get_by_role("heading", name="Part-time Certification- Initial Application", exact=True)
    )
    tab_to(page, card.get_by_role("button", name="Register"), counts, "the card's Register")
    page.keyboard.press("Enter")
    expect(card.get_by_text("In your cart")).to_be_visible()
    assert_focus_kept(page, "Register")
    expect(card.get_by_role("heading")).to_be_focused()

    # "Proceed to Checkout" is at the top right, above the card: back up with Shift+Tab.
    checkout = page.get_by_role("button", name="Proceed to Checkout")
    tab_to(page, checkout, counts, "Proceed to Checkout", key="Shift+Tab")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Registration confirmed")
    assert_focus_kept(page, "Proceed to Checkout")

    tab_to(page, page.get_by_role("link", name="Go to Dashboard"), counts, "Go to Dashboard")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Dashboard")

    tab_to(page, page.get_by_role("link", name="Upload Missing Files"), counts, "Upload Missing Files")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("External Files")

    tab_to(page, page.get_by_role("link", name="Add new file"), counts, "Add new file")
    page.keyboard.press("Enter")
    dialog = page.get_by_role("dialog", name="Fill all information below and submit your file")
    expect(dialog).to_be_visible()
    expect(dialog.get_by_label("Document Type")).to_be_focused()

    # First a mistake: Submit with no description -> the error summary has focus.
    tab_to(page, dialog.get_by_role("button", name="Submit"), counts, "upload window: Submit (with an error)")
    page.keyboard.press("Enter")
    summary = page.get_by_role("alert").filter(has_text="There is a problem")
    expect(summary).to_be_focused()
    assert_focus_kept(page, "Submit with an error")

    tab_to(page, summary.get_by_role("link").first, counts, "error summary link")
    page.keyboard.press("Enter")
    expect(page.get_by_label("Description")).to_be_focused()
    page.keyboard.type("Signed application form")
    tab_to(page, page.locator("input[type=file]"), counts, "upload page: file")
    # The operating system's file chooser is not part of the page: the focused input gets the file.
    page.locator("input[type=file]").set_input_files(
        {"name": "application.pdf", "mimeType": "application/pdf", "buffer": pdf_bytes()}
    )
    tab_to(page, page.get_by_role("button", name="Submit"), counts, "upload page: Submit")
    page.keyboard.press("Enter")
    expect(page.get_by_role("status")).to_contain_text("KDLA will review your file submission.")
    assert_focus_kept(page, "Submit")

    print("Tab presses per step:", counts)
    assert sum(counts.values()) <= 80, counts


def test_request_new_credit_by_keyboard_alone(login_page, seeded):
    learner = UserFactory()
    today = rules.local_date(timezone.now())
    CredentialFactory(user=learner, cycle_start=today - dt.timedelta(days=60))
    page = login_page(learner)
    counts = {}
    page.goto("/catalog/")

    tab_to(page, page.get_by_role("link", name="Request new Credit"), counts, "Request new Credit")
    page.keyboard.press("Enter")
    dialog = page.get_by_role("dialog", name="Fill all information below and submit for request your credits")
    expect(dialog.get_by_label("Activity Date")).to_be_focused()
    page.keyboard.type((today - dt.timedelta(days=5)).strftime("%m/%d/%Y"))
    tab_to(page, dialog.get_by_label("Course"), counts, "Course")
    page.keyboard.type("Annual Summation")
    tab_to(page, dialog.get_by_label("Description"), counts, "Description")
    page.keyboard.type("CE Activities")
    tab_to(page, dialog.get_by_label("Requested Credits"), counts, "Requested Credits")
    page.keyboard.type("5")
    file_input = dialog.get_by_label("Drop files here to upload")
    tab_to(page, file_input, counts, "file")
    file_input.set_input_files(
        {"name": "summation.pdf", "mimeType": "application/pdf", "buffer": pdf_bytes()}
    )
    tab_to(page, dialog.get_by_role("button", name="Request Credit"), counts, "Request Credit")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Dashboard")
    expect(page.get_by_role("status")).to_contain_text("Your credit request was sent to KDLA")
    assert_focus_kept(page, "Request Credit")
    expect(page.locator("#messages")).to_be_focused()
    print("Tab presses per step:", counts)
    assert sum(counts.values()) <= 15, counts
