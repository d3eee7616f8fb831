"""On a phone (390 wide) each credential, course and request is a card: Status and the action come first and
nothing needs a sideways scroll; on a wide screen the tables stay tables."""

import pytest

from tests.credentials.applications import registered_application
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _inside_viewport(page, locator):
    box = locator.bounding_box()
    width = page.evaluate("window.innerWidth")
    return box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width


def test_phone_shows_status_and_upload_missing_files_without_sideways_scrolling(login_page, seeded):
    learner = UserFactory()
    application = registered_application(learner)
    page = login_page(learner)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
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
