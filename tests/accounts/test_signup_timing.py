"""No account enumeration by sign-up timing: a registered address costs the same password hashing as a new one
(the hashing is most of the time of a sign-up; counted here, never timed)."""

import pytest
from django.contrib.auth.hashers import MD5PasswordHasher
from django.urls import reverse

from tests.accounts.test_signup_and_login import signup_data
from tests.factories import LibraryFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def hashings(monkeypatch):
    """How many times a password was hashed (the tests' fast hasher stands in for PBKDF2)."""
    calls = []
    encode = MD5PasswordHasher.encode

    def counting(self, password, salt):
        calls.append(password)
        return encode(self, password, salt)

    monkeypatch.setattr(MD5PasswordHasher, "encode", counting)
    return calls


def test_signup_hashes_the_password_as_often_for_a_registered_address_as_for_a_new_one(client, hashings):
    library = LibraryFactory()
    UserFactory(email="taken@library.example")
    hashings.clear()
    client.post(reverse("account_signup"), signup_data(library, email="new.person@library.example"))
    new = len(hashings)
    hashings.clear()
    client.post(reverse("account_signup"), signup_data(library, email="taken@library.example"))
    registered = len(hashings)
    assert new >= 1
    assert registered == new
