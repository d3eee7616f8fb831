"""The virus-scan watch (credit_requests/sweeps.py): uploads held as "scanning" are re-queued after 15 minutes
and reported to staff once, after an hour; recorded as a job run and listed on the job history page."""

import datetime as dt
import logging

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from credentials.models import ExternalFile
from credentials.tasks import scan_external_file
from credit_requests import sweeps
from credit_requests.models import CreditRequest
from credit_requests.tasks import scan_credit_request, watch_stuck_scans
from portal.models import JobRun
from tests.conftest import eastern
from tests.credentials.sweep_builders import upload_file
from tests.credit_requests.helpers import pdf_file, submit
from tests.factories import CredentialFactory, ReviewerFactory, UserFactory

NOW = eastern(2026, 3, 10, 9, 0)
SCANNING_FILE = ExternalFile.Status.SCANNING
LEARNER_EMAIL = "pat.learner@library.example"


@pytest.fixture
def queued(monkeypatch):
    """The scan tasks' sends, recorded instead of run: [(task name, id, expires)]."""
    sent = []
    for task in (scan_external_file, scan_credit_request):

        def record(args, task=task, **options):
            sent.append((task.name.rsplit(".", 1)[-1], args[0], options.get("expires")))

        monkeypatch.setattr(task, "apply_async", record)
    return sent


@pytest.fixture
def watch(django_capture_on_commit_callbacks):
    """Run the watch as a worker would: its emails go out when each item's transaction commits."""

    def _watch(now, sweep=sweeps.stuck_scans_watch, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return sweep(now=now, **kwargs)

    return _watch


@pytest.fixture
def clamd_on(settings):
    settings.CLAMD_HOST = "clamd"


@pytest.fixture
def learner_credential(seeded):
    learner = UserFactory(email=LEARNER_EMAIL, first_name="Pat", last_name="Learner")
    return CredentialFactory(user=learner, cycle_start=dt.date(2025, 6, 1))


def held_file(credential, minutes, status=SCANNING_FILE):
    external_file = upload_file(credential, status=status)
    ExternalFile.objects.filter(pk=external_file.pk).update(uploaded_at=NOW - dt.timedelta(minutes=minutes))
    return external_file


def held_request(credential, minutes, *, scanning=True):
    """A credit request sent `minutes` before NOW through the real service: held only while CLAMD_HOST is set."""
    with override_settings(CLAMD_HOST="clamd" if scanning else ""):
        return submit(
            credential=credential,
            now=NOW - dt.timedelta(minutes=minutes),
            uploaded_file=pdf_file("summation-private.pdf"),
            course=f"Annual Summation ({minutes} minutes ago)",  # distinct requests, not one sent twice
        )


def stuck_alerts(caplog):
    return [(r.item_kind, r.item_id) for r in caplog.records if getattr(r, "event", None) == "scan_stuck"]


@pytest.mark.django_db
def test_scans_held_15_minutes_are_queued_again_and_younger_ones_are_left_alone(
    watch, learner_credential, clamd_on, queued, mailoutbox
):
    old_file = held_file(learner_credential, minutes=15)
    old_request = held_request(learner_credential, minutes=40)
    held_file(learner_credential, minutes=14)
    held_request(learner_credential, minutes=5)
    held_file(learner_credential, minutes=120, status=ExternalFile.Status.SUBMITTED)
    held_request(learner_credential, minutes=120, scanning=False)

    result = watch(NOW)

    assert result.counts == {"requeued": 2, "alerted": 0}
    assert queued == [
        ("scan_external_file", old_file.pk, 900.0),
        ("scan_credit_request", old_request.pk, 900.0),
    ]
    assert mailoutbox == []
    assert ExternalFile.objects.filter(status=SCANNING_FILE).count() == 2  # nothing released unscanned


@pytest.mark.django_db
def test_staff_are_alerted_once_per_item_held_an_hour_even_when_the_watch_runs_again(
    watch, learner_credential, clamd_on, queued, mailoutbox, caplog, settings
):
    reviewer = ReviewerFactory(first_name="Robin")
    admin = UserFactory(email="it@kdla.example", is_superuser=True)
    ReviewerFactory(is_active=False)
    stuck_file = held_file(learner_credential, minutes=60)
    stuck_request = held_request(learner_credential, minutes=180)
    almost = held_file(learner_credential, minutes=59)

    with caplog.at_level(logging.ERROR, logger="credit_requests.sweeps"):
        first = watch(NOW)
        second = watch(NOW + dt.timedelta(seconds=30))

    assert first.counts == {"requeued": 3, "alerted": 2}
    assert second.counts == {"requeued": 3, "alerted": 0}
    assert sorted((m.to[0], m.subject) for m in mailoutbox) == sorted(
        (email, f"{settings.ACCOUNT_EMAIL_SUBJECT_PREFIX}Virus scan overdue: {label} #{pk}")
        for email in (reviewer.email, admin.email)
        for label, pk in (("External File", stuck_file.pk), ("Credit request", stuck_request.pk))
    )
    assert stuck_alerts(caplog) == [("external-file", stuck_file.pk), ("credit-request", stuck_request.pk)]
    record = caplog.records[0]
    assert record.levelname == "ERROR" and record.waited_minutes == 60 and record.recipients == 2

    # The item below the threshold crosses it later: only it is reported then.
    third = watch(NOW + dt.timedelta(minutes=1))
    assert third.counts["alerted"] == 1
    assert sorted(m.to[0] for m in mailoutbox[4:]) == sorted([reviewer.email, admin.email])
    assert all(f"External File #{almost.pk}" in m.body for m in mailoutbox[4:])


@pytest.mark.django_db
def test_alert_names_the_kind_and_id_and_nothing_about_the_learner_or_the_file(
    watch, learner_credential, clamd_on, queued, mailoutbox
):
    reviewer = ReviewerFactory(first_name="Robin")
    stuck_request = held_request(learner_credential, minutes=75)

    watch(NOW)

    [message] = mailoutbox
    html = message.alternatives[0][0]
    for text in (message.body, html):
        assert f"Credit request #{stuck_request.pk}" in text
        assert "75 minutes" in text
        assert "Held since: 03/10/2026 7:45 a.m. Eastern time" in text.replace("<li>", "")
        assert "/review/jobs/" in text
        for private in (LEARNER_EMAIL, "Pat", "Learner", "summation-private.pdf", "Annual Summation", "%PDF"):
            assert private not in text
    assert message.to == [reviewer.email]
    assert "every 15 minutes" in message.body


@pytest.mark.django_db
def test_without_clamd_host_nothing_is_queued_and_only_items_left_scanning_are_reported(
    watch, learner_credential, settings, queued, mailoutbox
):
    settings.CLAMD_HOST = ""
    ReviewerFactory()
    held_file(learner_credential, minutes=600, status=ExternalFile.Status.SUBMITTED)
    held_request(learner_credential, minutes=600, scanning=False)
    held_file(learner_credential, minutes=30)  # held while CLAMD_HOST was still set
    left_behind = held_file(learner_credential, minutes=90)

    result = watch(NOW)

    assert result.counts == {"requeued": 0, "alerted": 1}
    assert queued == []
    [message] = mailoutbox
    assert f"External File #{left_behind.pk}" in message.body
    assert "The virus scan is switched off (CLAMD_HOST is empty)" in message.body


@pytest.mark.django_db
def test_dry_run_counts_what_it_would_do_and_does_nothing(
    watch, learner_credential, clamd_on, queued, mailoutbox
):
    ReviewerFactory()
    held_file(learner_credential, minutes=20)
    held_request(learner_credential, minutes=61)

    run = watch(NOW, sweep=sweeps.stuck_scans_run, dry_run=True)

    assert run.dry_run and run.counts == {"requeued": 2, "alerted": 1, "as_of": NOW.isoformat()}
    assert queued == [] and mailoutbox == []
    assert watch(NOW).counts == {"requeued": 2, "alerted": 1}  # still owed


@pytest.mark.django_db
def test_small_batches_reach_every_held_item(watch, learner_credential, clamd_on, queued, mailoutbox):
    ReviewerFactory()
    files = [held_file(learner_credential, minutes=61 + n) for n in range(5)]

    result = watch(NOW, batch_size=2)

    assert result.counts == {"requeued": 5, "alerted": 5}
    assert sorted(pk for _, pk, _ in queued) == sorted(f.pk for f in files)
    assert len(mailoutbox) == 5


@pytest.mark.django_db
def test_task_records_a_job_run_that_the_job_history_page_shows(
    django_capture_on_commit_callbacks, learner_credential, clamd_on, queued, mailoutbox, client
):
    reviewer = ReviewerFactory()
    stuck = held_request(learner_credential, minutes=0)
    CreditRequest.objects.filter(pk=stuck.pk).update(created_at=timezone.now() - dt.timedelta(minutes=90))

    with django_capture_on_commit_callbacks(execute=True):
        counts = watch_stuck_scans.apply().get()

    assert {key: counts[key] for key in ("requeued", "alerted")} == {"requeued": 1, "alerted": 1}
    run = JobRun.objects.get(name="watch_stuck_scans")
    assert run.finished_at and not run.error and run.counts["alerted"] == 1
    assert queued == [("scan_credit_request", stuck.pk, 900.0)]
    assert [m.to for m in mailoutbox] == [[reviewer.email]]

    client.force_login(reviewer)
    html = client.get(reverse("reviews:jobs")).content.decode()
    assert "Virus scan watch (re-queue after 15 minutes, alert after 1 hour)" in html
    assert "1 requeued, 1 alerted" in html


def test_the_watch_is_scheduled_every_15_minutes_and_dropped_if_still_queued_at_the_next():
    from django.conf import settings

    [entry] = [e for e in settings.CELERY_BEAT_SCHEDULE.values() if e["task"] == watch_stuck_scans.name]
    assert sorted(entry["schedule"].minute) == [7, 22, 37, 52]
    assert entry["options"]["expires"] < 15 * 60
    assert watch_stuck_scans.acks_late and watch_stuck_scans.max_retries == 5
