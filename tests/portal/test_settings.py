"""The production profile, checked the way an operator starts it: a fresh process with production variables."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def manage(*args, **env):
    # A clean environment: nothing from the test run (DJANGO_ALLOW_ASYNC_UNSAFE, DEBUG, ...) leaks in.
    environment = {key: os.environ[key] for key in ("PATH", "HOME", "LANG") if key in os.environ}
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def production_env(**overrides):
    return {
        "PORTAL_ENV": "production",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "portal.kdla.ky.gov",
        **overrides,
    }


def test_production_profile_passes_check_deploy_with_no_issue():
    result = manage("check", "--deploy", "--fail-level", "WARNING", **production_env())
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    env = production_env()
    del env["SECRET_KEY"]
    result = manage("check", **env)
    assert result.returncode != 0
    assert "SECRET_KEY must be set when PORTAL_ENV=production" in result.stderr


def test_check_deploy_fails_when_production_is_given_a_weak_secret_key():
    result = manage("check", "--deploy", "--fail-level", "WARNING", **production_env(SECRET_KEY="short"))
    assert result.returncode != 0
    assert "security.W009" in result.stdout + result.stderr


def test_production_turns_debug_off_and_secures_cookies():
    code = (
        "from django.conf import settings as s;"
        "print(s.DEBUG, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS > 0,"
        " s.STORAGES['staticfiles']['BACKEND'])"
    )
    result = manage("shell", "-v", "0", "-c", code, **production_env())
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "False",
        "True",
        "True",
        "True",
        "True",
        "whitenoise.storage.CompressedManifestStaticFilesStorage",
    ]


def test_smtp_has_a_timeout_so_a_hung_mail_server_cannot_hold_the_worker_forever():
    """Django's EMAIL_TIMEOUT defaults to None: against a mail server that accepts the connection and never
    answers, a delivery task waited forever, and with `make run`'s single worker no sweep or email ran again."""
    code = "from django.conf import settings; print(settings.EMAIL_BACKEND, settings.EMAIL_TIMEOUT)"
    result = manage("shell", "-c", code, EMAIL_HOST="mail.example.org")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[-2:] == ["django.core.mail.backends.smtp.EmailBackend", "30"]
    result = manage("shell", "-c", code, EMAIL_HOST="mail.example.org", EMAIL_TIMEOUT="5")
    assert result.stdout.split()[-1] == "5"
