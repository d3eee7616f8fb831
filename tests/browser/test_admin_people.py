"""In a real browser: an operator makes a new staff member a reviewer in the admin; they then see "Review"."""

import pytest

from tests.conftest import log_in
from tests.factories import PASSWORD, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_operator_ticks_the_reviewer_role_and_the_user_then_sees_review(page, browser, live_server):
    UserFactory(email="ops@kdla.example", is_staff=True, is_superuser=True)
    newcomer = UserFactory(email="new.reviewer@kdla.example", first_name="Robin", last_name="Hale")

    page.goto("/admin/")
    page.get_by_label("Email").fill("ops@kdla.example")
    page.get_by_label("Password", exact=False).first.fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("link", name="Users").first.click()
    page.get_by_role("textbox").first.fill("new.reviewer@kdla.example")
    page.keyboard.press("Enter")
    page.get_by_role("link", name="new.reviewer@kdla.example").click()
    page.get_by_label("KDLA reviewer").check()
    page.get_by_role("button", name="Save", exact=True).click()
    page.get_by_text("was changed successfully").wait_for()

    context = browser.new_context(base_url=live_server.url)
    log_in(context, newcomer, live_server.url)
    their_page = context.new_page()
    their_page.goto("/")
    panel = their_page.get_by_role("navigation").first
    assert panel.get_by_role("link", name="Review", exact=True).is_visible()
    context.close()
