"""The client address behind the reverse proxy (TRUSTED_PROXY_COUNT): login rate limits and the audit log use it;
a named account cannot be locked by someone else typing its address."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from accounts.models import AuditLog
from tests.factories import PASSWORD, ReviewerFactory, UserFactory

pytestmark = pytest.mark.django_db

LOCKED = "Too many failed login attempts"
PROXY = "10.0.0.2"  # what REMOTE_ADDR is for every request that comes through the proxy


@pytest.fixture(autouse=True)
def _clear_rate_limits():
    cache.clear()
    yield
    cache.clear()


def login(client, email, password, *, client_address):
    """A login POST as the proxy forwards it: the proxy appends the address it saw to X-Forwarded-For."""
    return client.post(
        reverse("account_login"),
        {"login": email, "password": password},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=client_address,
    )


def eleven_failed_logins_from_eleven_clients(client):
    for n in range(11):
        login(client, f"someone{n}@library.example", "wrong password here", client_address=f"203.0.113.{n}")


def test_failed_logins_of_many_clients_behind_the_proxy_do_not_lock_out_another_client(client, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    user = UserFactory(email="pat@library.example")
    eleven_failed_logins_from_eleven_clients(client)
    response = login(client, user.email, PASSWORD, client_address="198.51.100.7")
    assert LOCKED not in response.content.decode()
    assert client.session["_auth_user_id"] == str(user.pk)


def test_with_no_trusted_proxy_x_forwarded_for_is_ignored(client, settings):
    settings.TRUSTED_PROXY_COUNT = 0
    user = UserFactory(email="pat@library.example")
    eleven_failed_logins_from_eleven_clients(client)
    response = login(client, user.email, PASSWORD, client_address="198.51.100.7")
    assert LOCKED in response.content.decode()  # every try came from REMOTE_ADDR, whatever the header said
    assert "_auth_user_id" not in client.session
    assert set(AuditLog.objects.values_list("ip_address", flat=True)) == {PROXY}


def test_the_audit_log_records_the_client_address_the_proxy_saw(client, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    user = UserFactory(email="lee@library.example")
    # A client may send its own X-Forwarded-For: the proxy appends the real address, and only that one counts.
    login(client, user.email, "not the password", client_address="1.2.3.4, 203.0.113.9")
    login(client, user.email, PASSWORD, client_address="198.51.100.7")
    rows = list(AuditLog.objects.order_by("id").values_list("kind", "ip_address"))
    assert rows == [("login_failed", "203.0.113.9"), ("login", "198.51.100.7")]


def test_a_request_that_did_not_come_through_the_proxy_counts_as_its_own_address(client, settings):
    settings.TRUSTED_PROXY_COUNT = 2
    user = UserFactory(email="lee@library.example")
    login(client, user.email, "not the password", client_address="203.0.113.9")  # one hop, two expected
    assert AuditLog.objects.get().ip_address == PROXY


def test_typing_a_reviewers_address_wrongly_does_not_lock_the_reviewer_out(client, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    reviewer = ReviewerFactory(email="reviewer@kdla.example")
    attacker = "203.0.113.66"
    for _ in range(5):
        login(client, reviewer.email, "guessing the password", client_address=attacker)
    # The account is locked for the address that guessed, even with the right password...
    refused = login(client, reviewer.email, PASSWORD, client_address=attacker)
    assert LOCKED in refused.content.decode()
    assert "_auth_user_id" not in client.session
    # ...and open to the reviewer at their own desk.
    response = login(client, reviewer.email, PASSWORD, client_address="198.51.100.20")
    assert LOCKED not in response.content.decode()
    assert client.session["_auth_user_id"] == str(reviewer.pk)
