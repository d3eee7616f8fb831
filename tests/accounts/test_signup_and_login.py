import re

import pytest
from allauth.account.models import EmailAddress
from django.core.management import call_command
from django.urls import reverse

from accounts.models import Library, User
from tests.factories import PASSWORD, LibraryFactory, ReviewerFactory, UserFactory

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "a long enough passphrase"


def signup_data(library_obj, **overrides):
    return {
        "email": "new.staff@library.example",
        "first_name": "Jordan",
        "last_name": "Reed",
        "library": library_obj.pk,
        "job_title": "Circulation Clerk",
        "password1": NEW_PASSWORD,
        "password2": NEW_PASSWORD,
        **overrides,
    }


def confirmation_link(message):
    return re.search(r"https?://\S+/accounts/confirm-email/\S+/", message.body).group(0)


def test_signup_lists_the_seeded_kentucky_library_systems(client, seeded):
    html = client.get(reverse("account_signup")).content.decode()
    assert Library.objects.count() > 100
    assert "Select your library system" in html
    assert ">Boone County Public Library<" in html
    for label in ("First name", "Last name", "Library", "Job title", "Email", "Password"):
        assert f">{label} <span" in html


def test_signup_stores_the_profile_and_mails_a_verification_link(client, mailoutbox, delivered):
    library = LibraryFactory(name="Boone County Public Library")
    with delivered():
        response = client.post(reverse("account_signup"), signup_data(library))

    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    user = User.objects.get(email="new.staff@library.example")
    assert (user.first_name, user.last_name, user.library, user.job_title) == (
        "Jordan",
        "Reed",
        library,
        "Circulation Clerk",
    )
    assert not EmailAddress.objects.get(user=user).verified
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["new.staff@library.example"]
    assert "/accounts/confirm-email/" in mailoutbox[0].body


def test_unverified_account_cannot_log_in_until_the_link_is_followed(client, mailoutbox, delivered):
    with delivered():
        client.post(reverse("account_signup"), signup_data(LibraryFactory()))
    link = confirmation_link(mailoutbox[0])
    client.logout()

    response = client.post(
        reverse("account_login"), {"login": "new.staff@library.example", "password": NEW_PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    assert "_auth_user_id" not in client.session

    client.post(link)
    assert EmailAddress.objects.get(email="new.staff@library.example").verified
    response = client.post(
        reverse("account_login"), {"login": "new.staff@library.example", "password": NEW_PASSWORD}
    )
    assert response["Location"] == reverse("dashboard")


def test_signup_refuses_a_password_shorter_than_twelve_characters(client):
    data = signup_data(LibraryFactory(), password1="short-pass1", password2="short-pass1")
    response = client.post(reverse("account_signup"), data)

    assert response.status_code == 200
    html = response.content.decode()
    assert "at least 12 characters" in html
    assert 'aria-describedby="id_password1_helptext id_password1_error"' in html
    assert 'id="id_password1_error"' in html
    assert not User.objects.filter(email="new.staff@library.example").exists()


def test_signup_requires_every_profile_field(client):
    data = signup_data(LibraryFactory(), first_name="", library="", job_title="")
    response = client.post(reverse("account_signup"), data)

    html = response.content.decode()
    for field in ("first_name", "library", "job_title"):
        assert f'id="id_{field}_error"' in html
        assert f'aria-describedby="id_{field}_error"' in html
    assert not User.objects.exists()


def test_signup_with_a_registered_email_looks_the_same_as_a_new_one(client, mailoutbox, delivered):
    """No account enumeration: the page says "check your email"; the owner is told by email."""
    UserFactory(email="taken@library.example")
    with delivered():
        response = client.post(
            reverse("account_signup"), signup_data(LibraryFactory(), email="taken@library.example")
        )

    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    assert User.objects.filter(email="taken@library.example").count() == 1
    assert [message.to for message in mailoutbox] == [["taken@library.example"]]


def test_login_lands_on_the_dashboard_with_the_left_panel(client):
    user = UserFactory(first_name="Pat", last_name="Doe")
    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD}, follow=True)

    assert response.redirect_chain[-1][0] == reverse("dashboard")
    html = response.content.decode()
    assert "<h1>Dashboard</h1>" in html
    assert "Pat Doe" in html
    assert "Log out" in html
    assert 'aria-label="Main"' in html


def test_login_with_a_wrong_password_says_so_without_naming_which_part(client):
    user = UserFactory()
    response = client.post(reverse("account_login"), {"login": user.email, "password": "not the password"})
    unknown = client.post(
        reverse("account_login"), {"login": "nobody@library.example", "password": "whatever1234"}
    )

    assert response.status_code == unknown.status_code == 200
    assert "The email address and/or password you specified are not correct." in response.content.decode()
    assert "The email address and/or password you specified are not correct." in unknown.content.decode()


def test_repeated_failed_logins_are_rate_limited(client):
    user = UserFactory()
    pages = [
        client.post(reverse("account_login"), {"login": user.email, "password": f"wrong password {n}"})
        for n in range(6)
    ]
    assert all("Too many failed login attempts" not in page.content.decode() for page in pages[:5])
    assert "Too many failed login attempts" in pages[5].content.decode()
    # Even the right password is refused while the limit holds.
    locked = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert "_auth_user_id" not in client.session
    assert "Too many failed login attempts" in locked.content.decode()


def test_logout_ends_the_session_and_returns_to_login(client):
    client.force_login(UserFactory())
    response = client.post(reverse("account_logout"))

    assert response["Location"] == reverse("account_login")
    assert client.get(reverse("dashboard")).status_code == 302


def test_superuser_created_with_noinput_logs_in_at_once(client, monkeypatch):
    monkeypatch.setenv("DJANGO_SUPERUSER_EMAIL", "Ops@KDLA.example")
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "operator passphrase 2026")
    call_command("createsuperuser", interactive=False, verbosity=0)

    admin = User.objects.get(email="ops@kdla.example")
    assert admin.is_superuser and admin.is_staff
    response = client.post(
        reverse("account_login"),
        {"login": "ops@kdla.example", "password": "operator passphrase 2026"},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == reverse("dashboard")
    assert ">Review<" in response.content.decode()


def test_reviewer_sees_the_review_link_after_logging_in(client):
    reviewer = ReviewerFactory()
    response = client.post(
        reverse("account_login"), {"login": reviewer.email, "password": PASSWORD}, follow=True
    )
    assert ">Review<" in response.content.decode()
