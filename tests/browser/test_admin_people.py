"""In a real browser: an operator makes a new staff member a reviewer in the admin; they then see "Review"."""

import pytest
from playwright.sync_api import expect

from tests.conftest import assert_no_axe_violations, log_in
from tests.factories import PASSWORD, UserFactory, reviewers_group

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_operator_ticks_the_reviewer_role_and_the_user_then_sees_review(page, browser, live_server):
    reviewers_group()  # as its migration makes it (a transactional test's flush removed it)
    UserFactory(email="ops@kdla.example", is_staff=True, is_superuser=True)
    newcomer = UserFactory(email="new.reviewer@kdla.example", first_name="Robin", last_name="Hale")

    page.goto("/admin/")
    page.get_by_label("Email").fill("ops@kdla.example")
    page.get_by_label("Password", exact=False).first.fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("link", name="Users").first.click()
    page.get_by_role("textbox").first.fill("new.reviewer@kdla.example")
    page.keyboard.press("Enter")
    page.get_by_text("1 result").wait_for()
    # Django's own admin styles, with the portal's admin.css: the library filter's links are 24 pixels high and
    # the links inside text (breadcrumbs, "(N total)") are underlined (WCAG 2.2 AA target size, 1.4.1).
    assert_no_axe_violations(page)
    page.get_by_role("link", name="new.reviewer@kdla.example").click()
    assert_no_axe_violations(page)
    page.get_by_label("KDLA reviewer").check()
    page.get_by_role("button", name="Save", exact=True).click()
    page.get_by_text("was changed successfully").wait_for()

    context = browser.new_context(base_url=live_server.url)
    log_in(context, newcomer, live_server.url)
    their_page = context.new_page()
    their_page.goto("/")
    panel = their_page.get_by_role("navigation").first
    panel.get_by_role("link", name="Review", exact=True).wait_for()
    context.close()


def test_reviewer_finds_a_staff_member_with_nothing_pending_and_extends_their_window_before_any_upload(
    login_page, seeded
):
    import datetime as dt

    from django.utils import timezone

    from credentials import rules
    from credentials.models import CredentialEvent
    from tests.conftest import assert_no_axe_violations
    from tests.credentials.applications import registered_application
    from tests.factories import ReviewerFactory

    application = registered_application(UserFactory(email="phone.caller@library.example"))
    page = login_page(ReviewerFactory())
    page.goto("/review/")
    page.get_by_role("link", name="Find a person").click()
    page.get_by_label("Search").fill("phone.caller")
    page.get_by_role("button", name="Find").click()
    page.get_by_role("link", name="Open").click()
    page.get_by_role("heading", name="Extend an upload window").wait_for()
    assert_no_axe_violations(page)
    new_date = rules.local_date(timezone.now()) + dt.timedelta(days=40)
    page.get_by_label("New upload deadline").fill(new_date.strftime("%m/%d/%Y"))
    page.get_by_label("Reason").first.fill("Phoned: needs more time to get the form signed.")
    page.get_by_role("button", name="Change deadline").click()
    page.get_by_text(f"is now {new_date:%m/%d/%Y}").wait_for()
    assert page.get_by_role("cell", name="Phoned: needs more time to get the form signed.").is_visible()
    application.refresh_from_db()
    assert rules.local_date(application.upload_deadline) == new_date
    assert CredentialEvent.objects.filter(credential=application, kind="deadline").count() == 1


def test_admin_users_library_filter_is_a_drop_down_that_keeps_the_other_filters(seeded, login_page):
    from accounts.models import Library

    adair = Library.objects.get(slug="adair-county-public-library")
    UserFactory(library=adair, first_name="Ada", last_name="Adair")
    UserFactory(
        library=Library.objects.get(slug="allen-county-public-library"), first_name="Al", last_name="Allen"
    )
    UserFactory(library=adair, first_name="Gone", last_name="Adair", is_active=False)
    UserFactory(library=None, first_name="Nola", last_name="Nolibrary")
    page = login_page(UserFactory(is_staff=True, is_superuser=True, library=None))
    page.goto("/admin/accounts/user/?is_active__exact=1")
    # The ~120 library systems were a column of links 4,000 pixels long beside the table.
    filters = page.locator("#changelist-filter").bounding_box()
    assert filters["height"] < 900 and filters["width"] <= 260, filters
    # The list's columns fit beside the filter at 1,280: no sideways scrolling of the results.
    assert page.locator(".results").evaluate("e => e.scrollWidth <= e.clientWidth"), "the Users list scrolls"
    assert_no_axe_violations(page)

    page.get_by_label("Library system").select_option(label="Adair County Public Library")
    page.get_by_role("button", name="Filter").click()
    page.wait_for_url(f"**library={adair.pk}**")
    assert "is_active__exact=1" in page.url  # the other filter is kept
    results = page.locator("#result_list tbody")
    expect(results.get_by_text("Ada Adair", exact=True)).to_be_visible()
    expect(results.get_by_role("row")).to_have_count(1)  # not Al Allen, not the deactivated Adair
    expect(page.get_by_label("Library system")).to_have_value(str(adair.pk))

    page.get_by_label("Library system").select_option(label="No library system")
    page.get_by_role("button", name="Filter").click()
    expect(results.get_by_text("Nola Nolibrary", exact=True)).to_be_visible()
    page.get_by_label("Library system").select_option(label="All")
    page.get_by_role("button", name="Filter").click()
    expect(results.get_by_role("row")).to_have_count(4)  # every active account, the operator too
    page.set_viewport_size({"width": 390, "height": 844})
    assert_no_axe_violations(page)
