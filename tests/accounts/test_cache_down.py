"""Sign-in while the shared cache's Redis (CACHE_URL) is down: the page works, rate limits fail open, logged."""

import socket

import pytest
from django.urls import reverse

from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def _closed_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def cache_down(settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "portal.cache.FailOpenRedisCache",  # what CACHE_URL configures (portal/settings.py)
            "LOCATION": f"redis://127.0.0.1:{_closed_port()}/0",
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }


def test_sign_in_works_while_the_cache_is_down_and_says_so_in_the_log(client, cache_down, caplog):
    user = UserFactory()
    wrong = client.post(reverse("account_login"), {"login": user.email, "password": "not the password"})
    assert wrong.status_code == 200
    assert "The email address and/or password you specified are not correct." in wrong.content.decode()
    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("dashboard")
    assert client.get(reverse("dashboard")).status_code == 200
    assert "cache unreachable" in caplog.text
    assert "login rate limits are not counted" in caplog.text


@pytest.fixture
def cache_hung(settings):
    """A Redis that accepts connections and never answers (a hung server, a full network buffer): each cache
    operation waits for its socket timeout. Yields a list the server appends each accepted connection to."""
    import threading

    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(100)
    accepted = []

    def accept():
        while True:
            try:
                accepted.append(listener.accept()[0])
            except OSError:
                return

    threading.Thread(target=accept, daemon=True).start()
    settings.CACHES = {
        "default": {
            "BACKEND": "portal.cache.FailOpenRedisCache",
            "LOCATION": f"redis://127.0.0.1:{listener.getsockname()[1]}/0",
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }
    yield accepted
    listener.close()
    for connection in accepted:
        connection.close()


def test_a_hung_cache_costs_one_timeout_not_one_per_cache_operation(client, cache_hung, caplog):
    """Every cache operation waited for its timeout: a sign-in took 20 s against a Redis that did not answer
    (about 20 operations of 1 s), each logging a traceback. After one failure the cache is skipped for a while."""
    user = UserFactory()
    client.get(reverse("account_login"))
    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302
    assert client.get(reverse("dashboard")).status_code == 200
    assert len(cache_hung) == 1  # one attempt, then the cache is skipped
    warnings = [record for record in caplog.records if record.name == "portal.cache"]
    assert len(warnings) == 1 and "login rate limits are not counted" in warnings[0].getMessage()


def test_the_cache_is_tried_again_after_the_pause_and_its_return_is_logged(settings, caplog, monkeypatch):
    from django.core.cache import caches

    from portal import cache as fail_open

    settings.CACHES = {
        "default": {
            "BACKEND": "portal.cache.FailOpenRedisCache",
            "LOCATION": f"redis://127.0.0.1:{_closed_port()}/0",
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }
    backend = caches["default"]
    now = [1000.0]
    monkeypatch.setattr(fail_open.time, "monotonic", lambda: now[0])
    calls = []

    def down(key, default=None):
        calls.append(key)
        raise ConnectionError("down")

    monkeypatch.setattr(backend._cache, "get", down)
    assert backend.get("a", "fallback") == "fallback"
    assert backend.get("b", "fallback") == "fallback"  # not tried: the cache is paused
    assert calls == [":1:a"]
    now[0] += fail_open.RETRY_AFTER_SECONDS
    monkeypatch.setattr(backend._cache, "get", lambda key, default=None: "cached")
    assert backend.get("c") == "cached"
    assert "cache reachable again" in caplog.text


def test_the_portals_cache_setting_uses_the_fail_open_backend(monkeypatch):
    import subprocess
    import sys

    code = "from django.conf import settings; print(settings.CACHES['default']['BACKEND'])"
    env = {"CACHE_URL": "redis://127.0.0.1:6399/1", "DJANGO_SETTINGS_MODULE": "portal.settings", "PATH": ""}
    out = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert out.stdout.strip() == "portal.cache.FailOpenRedisCache"
