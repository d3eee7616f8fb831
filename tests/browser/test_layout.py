import pytest

from tests.conftest import assert_no_axe_violations
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_dashboard_has_left_panel_and_is_accessible(login_page):
    page = login_page(UserFactory(first_name="Pat"))
    page.goto("/")
    panel = page.get_by_role("navigation", name="Main")
    for label in ("Dashboard", "Register for Course", "External Files", "Transcript"):
        assert panel.get_by_role("link", name=label).is_visible()
    assert panel.get_by_role("link", name="Review").count() == 0
    assert_no_axe_violations(page)
