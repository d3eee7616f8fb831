import pytest

from tests.conftest import assert_no_axe_violations
from tests.factories import ReviewerFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_dashboard_has_left_panel_and_is_accessible(login_page):
    page = login_page(UserFactory(first_name="Pat"))
    page.goto("/")
    panel = page.get_by_role("navigation", name="Main")
    for label in ("Dashboard", "Register for Course", "External Files", "Transcript"):
        assert panel.get_by_role("link", name=label).is_visible()
    assert panel.get_by_role("link", name="Review").count() == 0
    assert panel.get_by_role("link", name="Dashboard").get_attribute("aria-current") == "page"
    assert page.get_by_role("banner").get_by_role("button", name="Log out").is_visible()
    for landmark in ("banner", "main", "contentinfo"):
        assert page.get_by_role(landmark).count() == 1
    assert_no_axe_violations(page)


def test_skip_link_is_the_first_stop_and_moves_focus_to_main(login_page):
    page = login_page(UserFactory())
    page.goto("/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    assert skip.evaluate("element => element === document.activeElement")
    assert skip.is_visible()
    outline = skip.evaluate("element => getComputedStyle(element).outlineStyle")
    assert outline == "solid"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_phone_layout_keeps_the_panel_and_never_scrolls_sideways(login_page):
    page = login_page(UserFactory(first_name="Pat", last_name="Long-Surname-Person"))
    page.set_viewport_size({"width": 360, "height": 740})
    for path in ("/", "/accounts/profile/"):
        page.goto(path)
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), path
        panel = page.get_by_role("navigation", name="Main")
        assert panel.get_by_role("link", name="Transcript").is_visible()
        # The page heading sits right under the panel, not a screen further down.
        heading_top = page.get_by_role("heading", level=1).bounding_box()["y"]
        panel_bottom = panel.bounding_box()["y"] + panel.bounding_box()["height"]
        assert heading_top - panel_bottom < 100, path
        assert_no_axe_violations(page)


def test_error_pages_are_accessible_with_debug_off(settings, login_page):
    settings.DEBUG = False
    page = login_page(UserFactory())
    response = page.goto("/no-such-page/")
    assert response.status == 404
    assert page.get_by_role("heading", level=1).inner_text() == "Page not found"
    assert_no_axe_violations(page)

    response = page.goto("/review/")
    assert response.status == 403
    assert page.get_by_role("heading", level=1).inner_text() == "Access denied"
    assert_no_axe_violations(page)


def test_signed_out_visitor_is_sent_to_log_in_and_back(page):
    user = UserFactory()
    page.goto("/credentials/transcript/")
    assert "/accounts/login/?next=/credentials/transcript/" in page.url
    page.get_by_label("Email").fill(user.email)
    page.get_by_label("Password", exact=False).first.fill("correct horse battery staple")
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/credentials/transcript/")


def test_reviewer_follows_the_review_link_from_the_panel(login_page):
    page = login_page(ReviewerFactory())
    page.goto("/")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Review").click()
    page.wait_for_url("**/review/")
    assert (
        page.get_by_role("navigation", name="Main")
        .get_by_role("link", name="Review")
        .get_attribute("aria-current")
        == "page"
    )
