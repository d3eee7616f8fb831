import re

import pytest
from django.urls import reverse

from accounts.models import User
from tests.factories import PASSWORD, LibraryFactory, UserFactory

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "a brand new passphrase"


def reset_link(message):
    return re.search(r"https?://\S+/accounts/password/reset/key/\S+/", message.body).group(0)


def test_password_reset_answers_the_same_for_an_unknown_email(client, mailoutbox, delivered):
    UserFactory(email="known@library.example")
    with delivered():
        known = client.post(reverse("account_reset_password"), {"email": "known@library.example"})
        unknown = client.post(reverse("account_reset_password"), {"email": "unknown@library.example"})

    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"] == reverse("account_reset_password_done")
    # Each address gets a mail: a reset link for the account, a "no account here" note for the other.
    assert [message.to for message in mailoutbox] == [["known@library.example"], ["unknown@library.example"]]
    assert "/accounts/password/reset/key/" in mailoutbox[0].body
    assert "/accounts/password/reset/key/" not in mailoutbox[1].body


def test_password_reset_link_sets_a_new_password(client, mailoutbox, delivered):
    user = UserFactory(email="known@library.example")
    with delivered():
        client.post(reverse("account_reset_password"), {"email": user.email})
    link = reset_link(mailoutbox[0])

    form_page = client.get(link, follow=True)
    assert re.search(r"<h1>\s*Change Password\s*</h1>", form_page.content.decode())
    response = client.post(
        form_page.redirect_chain[-1][0], {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    )
    assert response["Location"] == reverse("account_reset_password_from_key_done")

    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    login = client.post(reverse("account_login"), {"login": user.email, "password": NEW_PASSWORD})
    assert login["Location"] == reverse("dashboard")


def test_change_password_needs_the_current_one(client):
    user = UserFactory()
    client.force_login(user)
    wrong = client.post(
        reverse("account_change_password"),
        {"oldpassword": "not my password", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert 'id="id_oldpassword_error"' in wrong.content.decode()
    user.refresh_from_db()
    assert user.check_password(PASSWORD)

    response = client.post(
        reverse("account_change_password"),
        {"oldpassword": PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    # Still logged in after the change.
    assert client.get(reverse("dashboard")).status_code == 200


def test_profile_edit_saves_name_library_and_job_title(client):
    user = UserFactory(first_name="Pat")
    other_library = LibraryFactory(name="Kenton County Public Library")
    client.force_login(user)

    response = client.post(
        reverse("profile"),
        {
            "first_name": "Patricia",
            "last_name": "Long",
            "library": other_library.pk,
            "job_title": "Branch Manager",
        },
        follow=True,
    )

    assert "Your profile was saved." in response.content.decode()
    user.refresh_from_db()
    assert (user.first_name, user.last_name, user.library, user.job_title) == (
        "Patricia",
        "Long",
        other_library,
        "Branch Manager",
    )
    assert "Patricia Long" in response.content.decode()


def test_profile_edit_with_a_blank_field_saves_nothing(client):
    user = UserFactory(first_name="Pat", job_title="Library Assistant")
    client.force_login(user)

    response = client.post(
        reverse("profile"),
        {"first_name": "", "last_name": user.last_name, "library": user.library.pk, "job_title": "Director"},
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="id_first_name_error"' in html
    assert 'aria-describedby="id_first_name_error"' in html
    user.refresh_from_db()
    assert (user.first_name, user.job_title) == ("Pat", "Library Assistant")


def test_profile_cannot_change_the_email_or_staff_flags(client):
    user = UserFactory()
    client.force_login(user)
    client.post(
        reverse("profile"),
        {
            "first_name": "A",
            "last_name": "B",
            "library": user.library.pk,
            "job_title": "C",
            "email": "other@library.example",
            "is_staff": "on",
            "is_superuser": "on",
        },
    )
    user = User.objects.get(pk=user.pk)
    assert user.email != "other@library.example"
    assert not user.is_staff and not user.is_superuser


def test_profile_requires_login(client):
    response = client.get(reverse("profile"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
