"""Security headers, upload size cap, admin login through allauth, password rules, reviewer sessions and MFA,
the audit log and the JSON request log. (`check --deploy` is covered by the settings tests.)"""

import io
import json
import logging
import time

import pytest
from allauth.mfa.models import Authenticator
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts.models import AuditLog
from accounts.sessions import SESSION_LAST_SEEN, SESSION_LOGIN_AT
from portal.logging import JsonFormatter
from tests.factories import PASSWORD, ReviewerFactory, UserFactory


@pytest.fixture(autouse=True)
def _clear_rate_limits():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


def _csp_directives(response):
    header = response["Content-Security-Policy"]
    directives = {}
    for part in header.split(";"):
        name, *values = part.strip().split()
        directives[name] = values
    return directives


def _assert_security_headers(response):
    csp = _csp_directives(response)
    assert csp["default-src"] == ["'self'"]
    assert csp["script-src"] == ["'self'"]
    assert "'unsafe-inline'" not in csp["style-src"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["object-src"] == ["'none'"]
    assert csp["frame-src"] == ["'self'"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Request-ID"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url_name",
    ["account_login", "account_signup", "account_reset_password", "healthz", "readyz", "admin:login"],
)
def test_security_headers_on_anonymous_pages(client, url_name):
    response = client.get(reverse(url_name))
    _assert_security_headers(response)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url_name",
    [
        "dashboard",
        "profile",
        "courses:catalog",
        "credentials:files",
        "credentials:transcript",
        "reviews:queue",
    ],
)
def test_security_headers_on_signed_in_pages_and_denials(client, url_name):
    client.force_login(UserFactory())
    response = client.get(reverse(url_name))
    assert response.status_code in (200, 403)
    _assert_security_headers(response)


@pytest.mark.django_db
def test_security_headers_on_not_found_and_rejected_post(client):
    _assert_security_headers(client.get("/no-such-page/"))
    _assert_security_headers(client.post(reverse("account_login"), {}, CONTENT_LENGTH="999999999"))


def test_upload_limits_are_set():
    from django.conf import settings

    assert settings.UPLOAD_MAX_BYTES == 10 * 1024 * 1024
    assert settings.DATA_UPLOAD_MAX_MEMORY_SIZE <= 2_621_440
    assert settings.FILE_UPLOAD_MAX_MEMORY_SIZE <= 2_621_440


class _BodyThatMustNotBeRead(io.RawIOBase):
    def read(self, *args):
        raise AssertionError("the oversized body was read")

    readline = read


@pytest.mark.django_db
def test_oversized_post_is_refused_with_413_before_the_body_is_read(client, settings):
    user = UserFactory()
    client.force_login(user)
    declared = settings.UPLOAD_MAX_BYTES + 2 * 1024 * 1024
    response = client.post(
        reverse("profile"),
        data=b"",
        content_type="multipart/form-data; boundary=x",
        CONTENT_LENGTH=str(declared),
        **{"wsgi.input": _BodyThatMustNotBeRead()},
    )
    assert response.status_code == 413
    assert "File too large" in response.content.decode()
    assert "10 MB" in response.content.decode()


@pytest.mark.django_db
def test_post_just_under_the_cap_reaches_the_view(client, settings):
    client.force_login(UserFactory())
    response = client.post(reverse("profile"), {"first_name": "A" * 10})
    assert response.status_code != 413


def test_passwords_need_at_least_twelve_characters():
    with pytest.raises(ValidationError, match="at least 12 characters"):
        validate_password("Br1ght-lamp")
    validate_password("Bright-lamp-1987-reading")


@pytest.mark.django_db
def test_admin_login_goes_through_the_portal_login(client):
    response = client.get(reverse("admin:login"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.django_db
def test_repeated_failed_logins_are_rate_limited_even_with_the_right_password(client):
    user = UserFactory(email="pat@library.example")
    for _ in range(5):
        client.post(reverse("account_login"), {"login": user.email, "password": "wrong password here"})
    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert "_auth_user_id" not in client.session
    assert "Too many failed login attempts" in response.content.decode()


@pytest.mark.django_db
def test_logins_failed_logins_and_logouts_are_audited(client):
    user = UserFactory(email="lee@library.example")
    client.post(reverse("account_login"), {"login": user.email, "password": "not the password"})
    client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    client.post(reverse("account_logout"))
    rows = list(AuditLog.objects.order_by("id").values_list("kind", "identifier", "user_id"))
    assert rows == [
        ("login_failed", "lee@library.example", None),
        ("login", "lee@library.example", user.pk),
        ("logout", "lee@library.example", user.pk),
    ]
    assert all(AuditLog.objects.values_list("request_id", flat=True))


@pytest.mark.django_db
def test_only_superusers_read_the_audit_log_and_admin_actions(client):
    superuser = UserFactory(is_staff=True, is_superuser=True)
    staff = UserFactory(is_staff=True)
    AuditLog.objects.create(at="2026-01-05T12:00:00Z", kind="login", identifier="x@library.example")
    client.force_login(superuser)
    assert client.get(reverse("admin:accounts_auditlog_changelist")).status_code == 200
    assert client.get(reverse("admin:admin_logentry_changelist")).status_code == 200
    client.force_login(staff)
    assert client.get(reverse("admin:accounts_auditlog_changelist")).status_code == 403
    assert client.get(reverse("admin:admin_logentry_changelist")).status_code == 403


def _age_session(client, *, idle_seconds=0, total_seconds=0):
    session = client.session
    now = time.time()
    session[SESSION_LOGIN_AT] = now - total_seconds
    session[SESSION_LAST_SEEN] = now - idle_seconds
    session.save()


@pytest.mark.django_db
def test_reviewer_session_ends_after_thirty_idle_minutes(client):
    client.force_login(ReviewerFactory())
    _age_session(client, idle_seconds=29 * 60, total_seconds=29 * 60)
    assert client.get(reverse("reviews:queue")).status_code == 200
    _age_session(client, idle_seconds=31 * 60, total_seconds=31 * 60)
    response = client.get(reverse("reviews:queue"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_reviewer_session_ends_after_twelve_hours_even_when_active(client):
    client.force_login(ReviewerFactory())
    _age_session(client, idle_seconds=60, total_seconds=12 * 3600 + 60)
    response = client.get(reverse("dashboard"))
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_learner_session_is_not_cut_after_thirty_idle_minutes(client):
    client.force_login(UserFactory())
    _age_session(client, idle_seconds=45 * 60, total_seconds=45 * 60)
    assert client.get(reverse("dashboard")).status_code == 200


@pytest.mark.django_db
def test_reviewer_without_totp_is_sent_to_set_it_up_when_mfa_is_required(client, settings):
    settings.REVIEWER_MFA_REQUIRED = True
    reviewer = ReviewerFactory()
    client.force_login(reviewer)
    response = client.get(reverse("reviews:queue"))
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")
    # The dashboard stays open so the reviewer can find the setup page.
    assert client.get(reverse("dashboard")).status_code == 200


@pytest.mark.django_db
def test_reviewer_with_totp_opens_review_pages_when_mfa_is_required(client, settings):
    settings.REVIEWER_MFA_REQUIRED = True
    reviewer = ReviewerFactory()
    Authenticator.objects.create(user=reviewer, type=Authenticator.Type.TOTP, data={"secret": "x"})
    client.force_login(reviewer)
    assert client.get(reverse("reviews:queue")).status_code == 200


@pytest.mark.django_db
def test_superuser_without_totp_is_sent_to_set_it_up_before_any_admin_page(client, settings):
    settings.REVIEWER_MFA_REQUIRED = True
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    for url in (reverse("admin:index"), reverse("admin:accounts_auditlog_changelist")):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"] == reverse("mfa_activate_totp")


@pytest.mark.django_db
def test_staff_with_totp_open_the_admin_when_mfa_is_required(client, settings):
    settings.REVIEWER_MFA_REQUIRED = True
    superuser = UserFactory(is_staff=True, is_superuser=True)
    Authenticator.objects.create(user=superuser, type=Authenticator.Type.TOTP, data={"secret": "x"})
    client.force_login(superuser)
    assert client.get(reverse("admin:accounts_auditlog_changelist")).status_code == 200


@pytest.mark.django_db
def test_reviewer_without_totp_cannot_open_someone_elses_documents_when_mfa_is_required(
    client, settings, seeded
):
    """The documents a reviewer may read are staff pages too, although they live outside /review/: a reviewer
    without TOTP downloaded any learner's credit evidence and External Files by their (sequential) ids."""
    import datetime as dt

    from django.utils import timezone

    from credentials import rules
    from tests.credentials.applications import uploaded_application_file
    from tests.credit_requests.helpers import submit
    from tests.factories import CredentialFactory

    settings.REVIEWER_MFA_REQUIRED = True
    start = rules.local_date(timezone.now()) - dt.timedelta(days=200)
    credit_request = submit(
        credential=CredentialFactory(cycle_start=start, cycle_end=rules.add_years(start, 5)),
        now=timezone.now(),
        activity_date=start,
    )
    external_file = uploaded_application_file()
    documents = [
        reverse("credit_requests:file", args=[credit_request.pk]),
        reverse("credit_requests:file_inline", args=[credit_request.pk]),
        reverse("credentials:file_download", args=[external_file.pk]),
        reverse("credentials:file_view", args=[external_file.pk]),
    ]
    reviewer = ReviewerFactory()
    client.force_login(reviewer)
    assert [client.get(url).status_code for url in documents] == [404, 404, 404, 404]
    Authenticator.objects.create(user=reviewer, type=Authenticator.Type.TOTP, data={"secret": "x"})
    assert [client.get(url).status_code for url in documents] == [200, 200, 200, 200]
    # Their owner reads them whatever the setting.
    client.force_login(credit_request.user)
    assert client.get(documents[0]).status_code == 200


@pytest.mark.django_db
def test_reviewer_without_totp_reviews_when_mfa_is_not_required(client, settings):
    settings.REVIEWER_MFA_REQUIRED = False
    client.force_login(ReviewerFactory())
    assert client.get(reverse("reviews:queue")).status_code == 200


def test_mfa_requirement_follows_debug():
    import os
    import subprocess
    import sys

    code = "from django.conf import settings; print(settings.REVIEWER_MFA_REQUIRED)"
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "portal.settings"}
    env.pop("REVIEWER_MFA_REQUIRED", None)
    for debug, expected in (("0", "True"), ("1", "False")):
        out = subprocess.run(
            [sys.executable, "-c", "import django; django.setup(); " + code],
            env={**env, "DEBUG": debug},
            capture_output=True,
            text=True,
            check=True,
        )
        assert out.stdout.strip().splitlines()[-1] == expected


@pytest.mark.django_db
def test_each_request_logs_one_json_line_with_request_and_user_id(client, caplog):
    user = UserFactory()
    client.force_login(user)
    with caplog.at_level(logging.INFO, logger="portal.request"):
        response = client.get(reverse("dashboard") + "?q=secret", HTTP_X_REQUEST_ID="abc12345-proxy")
    records = [r for r in caplog.records if r.name == "portal.request"]
    assert len(records) == 1
    line = json.loads(JsonFormatter().format(records[0]))
    assert line["request_id"] == "abc12345-proxy" == response["X-Request-ID"]
    assert line["user_id"] == user.pk
    assert line["path"] == "/"
    assert line["status"] == 200
    assert line["message"] == "GET / 200"  # the dev console's text format shows the request line too
    assert "secret" not in json.dumps(line)


def test_each_celery_task_logs_one_json_line_with_its_id(caplog, settings):
    from portal.celery import app

    @app.task(name="tests.portal.probe_task")
    def probe_task():
        return "done"

    with caplog.at_level(logging.INFO, logger="portal.task"):
        result = probe_task.apply()
    records = [r for r in caplog.records if r.name == "portal.task"]
    assert len(records) == 1
    line = json.loads(JsonFormatter().format(records[0]))
    assert line["task"] == "tests.portal.probe_task"
    assert line["task_id"] == result.id
    assert line["state"] == "SUCCESS"
