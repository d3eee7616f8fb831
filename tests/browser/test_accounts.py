"""Accounts in a real browser: sign up, verify, log in, log out; every allauth page passes axe-core."""

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from accounts.models import User
from tests.conftest import assert_no_axe_violations
from tests.factories import PASSWORD, LibraryFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NEW_PASSWORD = "a long enough passphrase"


def confirmation_path(message):
    return re.search(r"https?://[^/\s]+(/accounts/confirm-email/\S+/)", message.body).group(1)


def fill_signup(page):
    page.get_by_label("Email").fill("jordan.reed@library.example")
    page.get_by_label("First name").fill("Jordan")
    page.get_by_label("Last name").fill("Reed")
    page.get_by_label("Library").select_option(label="Boone County Public Library")
    page.get_by_label("Job title").fill("Circulation Clerk")
    page.get_by_label("Password", exact=False).first.fill(NEW_PASSWORD)
    page.get_by_label("Password (again)").fill(NEW_PASSWORD)


def log_in(page, email, password):
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password", exact=False).first.fill(password)
    page.get_by_role("button", name="Log in").click()


def test_signup_verify_login_logout(page, mailoutbox):
    LibraryFactory(name="Adair County Public Library")
    LibraryFactory(name="Boone County Public Library")
    page.goto("/")
    assert page.get_by_role("heading", level=1).inner_text() == "Log in"
    page.get_by_role("link", name="Create an account").click()
    fill_signup(page)
    page.get_by_role("button", name="Create account").click()

    page.get_by_role("heading", name="Verify Your Email Address").wait_for()
    assert_no_axe_violations(page)
    assert len(mailoutbox) == 1 and mailoutbox[0].to == ["jordan.reed@library.example"]
    user = User.objects.get(email="jordan.reed@library.example")
    assert user.library.name == "Boone County Public Library"

    page.goto(confirmation_path(mailoutbox[0]))
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Confirm").click()
    page.get_by_role("heading", name="Dashboard").wait_for()

    page.get_by_role("button", name="Log out").click()
    page.get_by_role("heading", name="Log in").wait_for()
    assert "You have logged out." in page.content()

    log_in(page, "jordan.reed@library.example", NEW_PASSWORD)
    page.get_by_role("heading", name="Dashboard").wait_for()
    assert page.get_by_role("banner").get_by_text("Jordan Reed").is_visible()
    assert (
        page.get_by_role("navigation", name="Main")
        .get_by_role("link", name="Register for Course")
        .is_visible()
    )

    page.get_by_role("button", name="Log out").click()
    page.get_by_role("heading", name="Log in").wait_for()
    page.goto("/")
    assert "/accounts/login/" in page.url


def test_superuser_from_createsuperuser_logs_in_through_the_form(page, monkeypatch):
    monkeypatch.setenv("DJANGO_SUPERUSER_EMAIL", "ops@kdla.example")
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "operator passphrase 2026")
    call_command("createsuperuser", interactive=False, verbosity=0)

    log_in(page, "ops@kdla.example", "operator passphrase 2026")
    page.get_by_role("heading", name="Dashboard").wait_for()
    assert page.get_by_role("navigation", name="Main").get_by_role("link", name="Review").is_visible()


SIGNED_OUT_PAGES = [
    "/accounts/login/",
    "/accounts/signup/",
    "/accounts/password/reset/",
    "/accounts/password/reset/done/",
    "/accounts/confirm-email/",
    "/accounts/confirm-email/not-a-real-key/",
    "/accounts/password/reset/key/1-bad-token/",
]
SIGNED_IN_PAGES = [
    "/accounts/profile/",
    "/accounts/password/change/",
    "/accounts/email/",
    "/accounts/2fa/",
    "/accounts/reauthenticate/",
    "/accounts/logout/",
]


def test_signed_out_account_pages_are_accessible(page):
    LibraryFactory(name="Boone County Public Library")
    for path in SIGNED_OUT_PAGES:
        page.goto(path)
        assert page.get_by_role("heading", level=1).count() == 1, path
        assert page.locator("main#main").count() == 1, path
        assert_no_axe_violations(page)


def test_signed_in_account_pages_are_accessible(login_page):
    page = login_page(UserFactory())
    for path in SIGNED_IN_PAGES:
        page.goto(path)
        assert page.get_by_role("heading", level=1).count() == 1, path
        assert page.locator("main#main").count() == 1, path
        assert_no_axe_violations(page)


def test_form_errors_are_announced_and_accessible(page):
    user = UserFactory()
    log_in(page, user.email, "not the password")
    assert page.get_by_role("alert").inner_text().startswith("The email address and/or password")
    expect(page.get_by_role("alert")).to_be_focused()  # focus starts at the error, not the top of the page
    assert_no_axe_violations(page)

    page.goto("/accounts/signup/")
    page.get_by_label("Email").fill("someone@library.example")
    page.get_by_role("button", name="Create account").click()
    first_name = page.get_by_label("First name")
    expect(first_name).to_be_focused()  # the first field in error: its label and message are read
    assert first_name.get_attribute("aria-invalid") == "true"
    assert first_name.get_attribute("aria-describedby") == "id_first_name_error"
    assert page.locator("#id_first_name_error").inner_text() == "This field is required."
    assert_no_axe_violations(page)


def test_login_page_works_for_a_verified_user_with_the_factory_password(page):
    user = UserFactory()
    log_in(page, user.email, PASSWORD)
    page.get_by_role("heading", name="Dashboard").wait_for()
    assert page.url.endswith("/")


def test_password_reset_pages_from_the_emailed_link_are_accessible(page, mailoutbox):
    user = UserFactory()
    page.goto("/accounts/login/")
    page.get_by_role("link", name="Forgot your password?").click()
    page.get_by_label("Email").fill(user.email)
    page.get_by_role("button", name="Reset My Password").click()
    page.get_by_role("heading", level=1).wait_for()
    link = re.search(r"https?://[^/\s]+(/accounts/password/reset/key/\S+/)", mailoutbox[0].body).group(1)

    page.goto(link)
    assert_no_axe_violations(page)
    page.locator("#id_password1").fill(NEW_PASSWORD)
    page.get_by_label("New Password (again)").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Change Password").click()
    page.get_by_text("Your password is now changed.").wait_for()
    assert_no_axe_violations(page)

    log_in(page, user.email, NEW_PASSWORD)
    page.get_by_role("heading", name="Dashboard").wait_for()


FOCUSED_NAME = (
    "(el => (el.labels && el.labels.length ? el.labels[0] : el).textContent.trim())(document.activeElement)"
)


def test_login_form_fields_come_first_in_the_tab_order_and_the_reset_link_after_the_button(page):
    # "Forgot your password?" was the password field's help text, drawn between Email and Password: a
    # keyboard user tabbed from the email onto the link instead of the password.
    page.goto("/accounts/login/")
    page.get_by_label("Email").focus()
    order = []
    for _ in range(4):
        page.keyboard.press("Tab")
        order.append(page.evaluate(FOCUSED_NAME))
    assert order == ["Password (*)", "Remember Me", "Log in", "Forgot your password?"], order
    assert_no_axe_violations(page)
