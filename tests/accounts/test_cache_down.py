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
