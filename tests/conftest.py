"""Shared fixtures. Tests use PostgreSQL when DATABASE_URL points at it and Redis when REDIS_URL is set.

Under CI (CI=true) a missing service or browser is a failure, never a skip; on a developer's machine a test
whose service is not there skips with a message saying what to install. `.ci/run` runs the suite twice and names
the database and broker of each run in CI_SERVICES: "sqlite filesystem" for the run a new user makes (README's
`make test`, nothing set), "postgresql redis" for the production-like run (the default). A few tests need a
server beside the suite's own (pg_dump for the backup scripts, a Redis cache shared by two clients): they use
the local one in both runs.
"""

import datetime as dt
import os
import shutil

import pytest
from django.core.management import call_command

from credentials.rules import EASTERN

# Playwright's sync API runs an event loop in the test thread; the ORM calls in tests are still synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

IN_CI = os.environ.get("CI", "").lower() == "true"
CI_SERVICES = set(os.environ.get("CI_SERVICES", "postgresql redis").split()) if IN_CI else set()


def service_missing(message):
    """A test's service (or the browser) is not here: skip it on a developer's machine, fail under CI."""
    if IN_CI:
        pytest.fail(message)
    pytest.skip(message)


def redis_url_or_missing() -> str:
    """A Redis for a test that needs one beside the suite's own settings: REDIS_URL, or the local default when
    it answers (so the SQLite run uses it too where it runs); missing, it skips here and fails under CI."""
    import redis

    url = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0"
    try:
        redis.Redis.from_url(url, socket_connect_timeout=1).ping()
    except redis.RedisError as exc:
        service_missing(f"Redis at {url} is unreachable ({exc}): set REDIS_URL or start redis-server")
    return url


CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")


def eastern(year, month, day, hour=12, minute=0):
    """An aware datetime in Kentucky's time zone (tests speak in the learner's local time)."""
    return dt.datetime(year, month, day, hour, minute, tzinfo=EASTERN)


@pytest.fixture(autouse=True)
def _private_storage(settings, tmp_path):
    """Every test gets its own private upload folder (and no test touches var/)."""
    location = tmp_path / "private"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(location), "base_url": None},
        },
    }
    settings.PRIVATE_MEDIA_ROOT = location
    return location


@pytest.fixture(autouse=True)
def _fast_hashing_and_mail(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.CELERY_TASK_ALWAYS_EAGER = True
    settings.REVIEWER_MFA_REQUIRED = False
    # Celery's app keeps its own copy once read: eager there too (the worker test's `celery_app` turns it off
    # for itself and restores it), so no test's delivery depends on which tests ran before it.
    from portal.celery import app

    app.conf.task_always_eager = True


@pytest.fixture
def delivered(django_capture_on_commit_callbacks):
    """`with delivered(): client.post(...)`: the outbox emails the block records are delivered as it ends, as
    they are when the page's transaction commits (the test's own transaction would hold them back)."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def seeded(db):
    """The real catalog: categories, the four required courses, CE courses, programs, libraries."""
    call_command("seed_catalog", verbosity=0)


@pytest.fixture(scope="session")
def chromium_path():
    if not shutil.which(CHROMIUM) and not os.path.exists(CHROMIUM):
        service_missing(f"Chromium is not installed at {CHROMIUM}: apt-get install chromium")
    return CHROMIUM


@pytest.fixture(scope="module")
def _chromium(chromium_path):
    """One Chromium per test module (starting one for every test cost about half a second each); each test
    still gets its own browser contexts, so no cookie or page outlives it."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=chromium_path,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def browser(_chromium):
    yield _chromium
    # While Playwright runs, Django's connections belong to its greenlet's context: close them here, or
    # pytest-django never does and PostgreSQL refuses to drop the test database at the end of the run.
    from django.db import connections

    connections.close_all()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def log_in(context, user, url):
    """Give a browser context `user`'s session cookie (no typing, no login page)."""
    from django.conf import settings as django_settings
    from django.test import Client

    client = Client()
    client.force_login(user)
    cookie = client.cookies[django_settings.SESSION_COOKIE_NAME]
    context.add_cookies([{"name": django_settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": url}])


@pytest.fixture
def login_page(page, live_server):
    """Log a user into the browser page without typing: `login_page(user)` returns the page."""

    def _login(user):
        log_in(page.context, user, live_server.url)
        return page

    return _login


@pytest.fixture
def no_js_login_page(browser, live_server):
    """`no_js_login_page(user)`: a new page with JavaScript turned off and `user` logged in."""
    contexts = []

    def _login(user):
        context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
        contexts.append(context)
        log_in(context, user, live_server.url)
        return context.new_page()

    yield _login
    for context in contexts:
        context.close()


def assert_no_axe_violations(page, context=None):
    """Run axe-core (WCAG 2.2 A/AA rules, the portal's bar) on the page and fail with a readable report."""
    from axe_playwright_python.sync_playwright import Axe

    options = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]}}
    results = Axe().run(page, context=context, options=options)
    assert results.violations_count == 0, results.generate_report()


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """allauth counts login/signup/reset attempts per IP in the cache: every test starts with none."""
    from django.core.cache import cache

    cache.clear()
