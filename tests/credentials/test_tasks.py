"""The Celery tasks, run by a real worker against the real broker.

With REDIS_URL set (CI) the worker consumes from Redis; under CI a missing or unreachable Redis fails the
test. Locally without REDIS_URL the same test uses kombu's filesystem broker in a temporary folder.
"""

import datetime as dt
import os
import time

import kombu.pools
import pytest
from celery.contrib.testing.worker import start_worker
from django.core.management import call_command
from django.utils import timezone

from accounts.models import SentEmail
from accounts.tasks import deliver_emails
from credentials import rules, tasks
from credentials.models import Credential, CredentialStatus
from portal.models import JobRun
from tests.conftest import CI_SERVICES
from tests.credentials.sweep_builders import (
    EXPIRED,
    application,
    renewal,
    status_of,
)

TASKS = [
    tasks.enforce_upload_windows,
    tasks.enforce_renewal_cycles,
    tasks.ensure_renewal_enrollments,
    tasks.enforce_certifications,
]


def test_tasks_are_thin_late_acknowledged_and_retried_with_backoff():
    from django.conf import settings

    scheduled = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    # The other scheduled jobs: the virus-scan watch (tests/credit_requests/test_scan_watch.py), the outbox's
    # owed emails (tests/accounts/test_outbox.py) and the directors' monthly digest (tests/directors/test_digest.py).
    assert scheduled == {task.name for task in TASKS} | {
        "credit_requests.tasks.watch_stuck_scans",
        "accounts.tasks.deliver_owed_emails",
        "directors.tasks.send_director_digests",
    }
    for task in [*TASKS, deliver_emails]:
        assert task.acks_late is True
        assert task.autoretry_for == (Exception,)
        assert task.retry_backoff is True
        assert task.max_retries == 5


def _broker(tmp_path):
    url = os.environ.get("REDIS_URL")
    if not url:
        if "redis" in CI_SERVICES:
            pytest.fail("REDIS_URL must point at the Redis broker under CI (the Celery tests need it).")
        queue = tmp_path / "celery-queue"
        queue.mkdir()
        (tmp_path / "celery-processed").mkdir()
        return "filesystem://", {
            "data_folder_in": str(queue),
            "data_folder_out": str(queue),
            "processed_folder": str(tmp_path / "celery-processed"),
            "store_processed": False,
            "control_folder": str(tmp_path / "celery-control"),
        }
    import redis

    try:
        redis.Redis.from_url(url, socket_connect_timeout=3).ping()
    except redis.RedisError as exc:
        pytest.fail(f"Redis at {url} is unreachable: {exc}")
    return url, {}


@pytest.fixture
def celery_app(settings, tmp_path):
    """The project's Celery app pointed at the test broker, not eager (conftest makes tasks eager)."""
    from portal.celery import app

    settings.CELERY_TASK_ALWAYS_EAGER = False
    url, options = _broker(tmp_path)
    keys = (
        "broker_url",
        "broker_transport_options",
        "task_always_eager",
        "broker_connection_retry_on_startup",
    )
    saved = {key: app.conf.changes[key] for key in keys if key in app.conf.changes}
    app.conf.update(
        broker_url=url,
        broker_transport_options=options,
        task_always_eager=False,
        broker_connection_retry_on_startup=False,
    )
    app._pool = None
    app.amqp._producer_pool = None
    if url.startswith("redis"):
        with app.connection_for_write() as conn:
            conn.default_channel.queue_purge("celery")
    yield app
    # kombu keeps its pools in a registry keyed by the broker URL: closing this app's pool would leave a closed
    # pool there for the next test's eager `.delay()` on the same Redis URL ("Acquire on closed pool").
    # reset() closes them and empties the registry.
    kombu.pools.reset()
    app._pool = None
    app.amqp._producer_pool = None
    for key in keys:  # back to reading Django settings
        app.conf.changes.pop(key, None)
    app.conf.update(saved)  # what was set before this test (the pops above dropped it)


def _close_worker_sessions():
    """The embedded worker thread may leave its PostgreSQL session open; end it so the test DB can be dropped."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )


def _wait_for(condition, timeout=120):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    pytest.fail("the worker did not finish the tasks in time")


@pytest.mark.celery
@pytest.mark.django_db(transaction=True)
def test_worker_runs_every_sweep_from_the_broker(celery_app, mailoutbox):
    call_command("seed_catalog", verbosity=0)
    today = rules.local_date(timezone.now())
    lapsed = application(registered_on=today - dt.timedelta(days=45))
    ended = renewal(cycle_start=rules.add_years(today, -5) - dt.timedelta(days=3))
    approved = application(registered_on=today - dt.timedelta(days=10))
    Credential.objects.filter(pk=approved.pk).update(
        status=CredentialStatus.COMPLETED, compliance="compliant", completed_at=timezone.now()
    )
    with start_worker(celery_app, perform_ping_check=False, pool="solo", shutdown_timeout=30):
        for task in TASKS:
            task.delay()
        tasks.enforce_upload_windows.delay()  # a second delivery of the same job changes nothing
        _wait_for(lambda: JobRun.objects.filter(finished_at__isnull=False).count() == len(TASKS) + 1)
        # The expiry emails are delivered by a follow-up task each sweep batch enqueues on commit.
        _wait_for(lambda: not SentEmail.objects.filter(sent_at__isnull=True).exists())
    _close_worker_sessions()
    assert status_of(lapsed) == EXPIRED
    assert status_of(ended) == EXPIRED
    assert Credential.objects.filter(source_application=approved).count() == 1
    runs = JobRun.objects.order_by("started_at")
    assert sorted(run.name for run in runs) == sorted(
        [*(t.name.split(".")[-1] for t in TASKS), "enforce_upload_windows"]
    )
    upload_runs = [run.counts["expired"] for run in runs if run.name == "enforce_upload_windows"]
    assert sorted(upload_runs) == [0, 1]
    assert all(not run.error for run in runs)
    assert sorted(m.to[0] for m in mailoutbox) == sorted(
        [lapsed.user.email, ended.user.email, approved.user.email]
    )


@pytest.mark.django_db
def test_task_hands_the_current_time_to_its_sweep(monkeypatch):
    seen = {}

    def fake_run(*, name, now):
        seen.update(name=name, now=now)
        return JobRun(name=name, started_at=now, counts={"expired": 0})

    monkeypatch.setattr(tasks.sweeps, "sweep_run", fake_run)
    before = timezone.now()
    assert tasks.enforce_renewal_cycles.delay().get() == {"expired": 0}
    assert seen["name"] == "enforce_renewal_cycles"
    assert before <= seen["now"] <= timezone.now()
