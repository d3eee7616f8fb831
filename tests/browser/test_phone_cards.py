"""On a phone (390 wide) each credential, course and request is a card: Status and the action come first and
nothing needs a sideways scroll; on a wide screen the tables stay tables. The reviewer's queue and Find a
person are cards there too."""

import pytest
from playwright.sync_api import expect

from tests.conftest import assert_no_axe_violations
from tests.credentials.applications import registered_application
from tests.factories import ReviewerFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def open_on_phone(page, path):
    """Open `path` 390 pixels wide and check that the page itself never scrolls sideways."""
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(path)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def _inside_viewport(page, locator):
    box = locator.bounding_box()
    width = page.evaluate("window.innerWidth")
    return box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width


def test_phone_shows_status_and_upload_missing_files_without_sideways_scrolling(login_page, seeded):
    learner = UserFactory()
    application = registered_application(learner)
    page = login_page(learner)
    open_on_phone(page, "/")
    box = page.get_by_role("region", name="Credentials", exact=True)
    card = box.get_by_role("row").filter(has_text=application.program.credential_name)
    status = card.get_by_text("ACTIVE", exact=True)
    upload = card.get_by_role("link", name="Upload Missing Files")
    compliance = card.locator("[data-label=Compliance]")
    assert "Compliance" in compliance.evaluate("cell => getComputedStyle(cell, '::before').content")
    for element in (status, upload, compliance):
        assert element.is_visible()
        assert _inside_viewport(page, element)
    # Status and the action come before the cycle dates in the card.
    dates = card.locator("[data-label='Current Cycle Start']")
    assert upload.bounding_box()["y"] < dates.bounding_box()["y"]
    assert status.bounding_box()["y"] < dates.bounding_box()["y"]

    page.set_viewport_size({"width": 1280, "height": 900})
    assert box.get_by_role("columnheader", name="Status").is_visible()


def _queue(count=2):
    """`count` pending file submissions and as many credit requests, learners named Queued0 ... QueuedN."""
    from tests.reviews.test_views import _pending_credit_request, _pending_file

    for n in range(count):
        _pending_file(user=UserFactory(first_name=f"Queued{2 * n}", last_name="Staff"))
        _pending_credit_request(user=UserFactory(first_name=f"Queued{2 * n + 1}", last_name="Staff"))


def test_review_queue_on_a_phone_is_cards_with_the_checkbox_and_review_in_view(login_page, seeded):
    _queue()
    page = login_page(ReviewerFactory())
    open_on_phone(page, "/review/")
    # The table scrolled sideways inside its region: the Review button of each row was out of sight.
    assert page.locator(".table-wrap").evaluate("w => w.scrollWidth <= w.clientWidth")
    for n in range(4):
        card = page.get_by_role("row").filter(has=page.get_by_role("rowheader", name=f"Queued{n} Staff"))
        checkbox = card.get_by_role("checkbox")
        review = card.get_by_role("link", name="Review")
        deadline = card.locator("td[data-label=Deadline]")
        assert "Deadline" in deadline.evaluate("cell => getComputedStyle(cell, '::before').content")
        for element in (checkbox, review, deadline, card.locator("td[data-label='Requested hours']")):
            assert _inside_viewport(page, element)
        # The checkbox and the learner on one line, then Review, then the other cells.
        name = card.get_by_role("rowheader").bounding_box()
        assert checkbox.bounding_box()["y"] < name["y"] + name["height"]
        assert review.bounding_box()["y"] < deadline.bounding_box()["y"]
    page.get_by_label("Select the file of Queued0 Staff").check()
    page.get_by_label("Select the credit request of Queued3 Staff").check()
    page.get_by_role("button", name="Approve selected in full").click()
    expect(page.get_by_role("button", name="Approve 2 in full")).to_be_visible()

    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto("/review/")
    assert page.get_by_role("columnheader", name="Deadline").is_visible()


def test_find_a_person_on_a_phone_shows_the_pending_count_and_open_in_view(login_page, seeded):
    _queue(count=1)
    page = login_page(ReviewerFactory())
    open_on_phone(page, "/review/people/?q=Queued")
    card = page.get_by_role("row").filter(has=page.get_by_role("link", name="Queued1 Staff"))
    pending = card.locator("td[data-label=Pending]")
    expect(pending).to_have_text("1")
    for element in (pending, card.get_by_role("link", name="Open"), card.locator("td[data-label=Library]")):
        assert _inside_viewport(page, element)
    assert_no_axe_violations(page)
