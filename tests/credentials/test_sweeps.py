"""The scheduled sweeps: reminders, expiry, the enrollment safety net; run twice, late, at the boundaries."""

import datetime as dt
import threading
from decimal import Decimal

import pytest
from django.db import connection
from django.utils import timezone

from accounts import emails
from accounts.models import SentEmail
from credentials import rules, services, sweeps
from credentials.models import Credential, CredentialEvent, CredentialStatus, ExternalFile
from portal.models import JobRun
from tests.conftest import eastern
from tests.credentials.sweep_builders import (
    ACTIVE,
    EXPIRED,
    application,
    renewal,
    snapshot,
    status_of,
    upload_file,
)
from tests.factories import program

pytestmark = pytest.mark.usefixtures("seeded")


@pytest.fixture
def run(django_capture_on_commit_callbacks):
    """Run a sweep as the scheduler would and deliver its emails (they are sent on commit)."""

    def _run(sweep, now, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return sweep(now=now, **kwargs)

    return _run


# --- Upload windows --------------------------------------------------------------------------------------


def test_upload_reminder_is_sent_7_days_before_the_deadline_while_the_file_is_missing(run, mailoutbox):
    credential = application(registered_on=dt.date(2026, 3, 2))  # deadline 04/01/2026 11:59 pm
    result = run(sweeps.upload_windows_enforce, eastern(2026, 3, 24, 23, 0))
    assert result.counts == {"reminders": 0, "expired": 0}
    result = run(sweeps.upload_windows_enforce, eastern(2026, 3, 25, 6, 0))
    assert result.counts == {"reminders": 1, "expired": 0}
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == [credential.user.email]
    assert "Initial Part Time Certification" in message.subject
    assert "04/01/2026 at 11:59 pm Eastern" in message.body
    assert "Upload Missing Files" in message.body
    assert SentEmail.objects.filter(key=f"credential:{credential.pk}:upload-reminder:7:2026-04-01").exists()
    assert CredentialEvent.objects.filter(credential=credential, kind="reminder").count() == 1
    assert status_of(credential) == ACTIVE


def test_upload_reminders_each_go_once_then_expiry_goes_once(run, mailoutbox):
    credential = application(registered_on=dt.date(2026, 3, 2))
    for day in (25, 26, 31):  # 7-day reminder, a day later (nothing new), the 1-day reminder
        run(sweeps.upload_windows_enforce, eastern(2026, 3, day, 9))
        run(sweeps.upload_windows_enforce, eastern(2026, 3, day, 9, 15))
    assert [m.subject for m in mailoutbox].count(mailoutbox[0].subject) == 2
    assert "(tomorrow)" in mailoutbox[1].body
    run(sweeps.upload_windows_enforce, eastern(2026, 4, 2, 0, 5))
    run(sweeps.upload_windows_enforce, eastern(2026, 4, 2, 0, 20))
    assert len(mailoutbox) == 3
    assert "has expired" in mailoutbox[2].subject
    assert "EXPIRED / NON-COMPLIANT" in mailoutbox[2].body
    assert status_of(credential) == EXPIRED


def test_every_upload_window_run_twice_changes_nothing_the_second_time(run, mailoutbox):
    now = eastern(2026, 4, 2, 1)
    application(registered_on=dt.date(2026, 3, 2))  # expires
    application(registered_on=dt.date(2026, 3, 4))  # 1-day reminder
    application(registered_on=dt.date(2026, 3, 9))  # 7-day reminder
    first = run(sweeps.upload_windows_enforce, now)
    assert first.counts == {"reminders": 2, "expired": 1}
    sent, state = len(mailoutbox), snapshot()
    second = run(sweeps.upload_windows_enforce, now)
    assert second.counts == {"reminders": 0, "expired": 0}
    assert len(mailoutbox) == sent == 3
    assert snapshot() == state


def test_application_expires_at_midnight_not_at_1159_pm_eastern(run, mailoutbox):
    credential = application(registered_on=dt.date(2026, 3, 2))  # deadline 04/01/2026
    run(sweeps.upload_windows_enforce, eastern(2026, 4, 1, 23, 59))
    assert status_of(credential) == ACTIVE
    run(sweeps.upload_windows_enforce, eastern(2026, 4, 2, 0, 0))
    assert status_of(credential) == EXPIRED
    credential.refresh_from_db()
    assert credential.expired_at == eastern(2026, 4, 2, 0, 0)
    event = CredentialEvent.objects.get(credential=credential, kind="status")
    assert (event.from_value, event.to_value) == ("ACTIVE", "EXPIRED")


def test_upload_deadline_on_the_autumn_dst_change_day_ends_at_1159_pm_eastern(run):
    # 11/01/2026 is the day clocks go back (EDT -> EST): the deadline is 04:59:59 UTC on 11/02.
    credential = application(registered_on=dt.date(2026, 10, 2))
    assert credential.upload_deadline.astimezone(dt.UTC).hour == 4
    run(sweeps.upload_windows_enforce, dt.datetime(2026, 11, 2, 4, 59, tzinfo=dt.UTC))
    assert status_of(credential) == ACTIVE
    run(sweeps.upload_windows_enforce, dt.datetime(2026, 11, 2, 5, 0, tzinfo=dt.UTC))
    assert status_of(credential) == EXPIRED


def test_upload_reminder_on_the_spring_dst_change_day_uses_eastern_calendar_days(run, mailoutbox):
    # Deadline 03/15/2027; the 7-day reminder is due from 03/08/2027, the day after clocks go forward.
    credential = application(registered_on=dt.date(2027, 2, 13))
    assert rules.local_date(credential.upload_deadline) == dt.date(2027, 3, 15)
    run(sweeps.upload_windows_enforce, eastern(2027, 3, 7, 23, 59))
    assert mailoutbox == []
    run(sweeps.upload_windows_enforce, eastern(2027, 3, 8, 0, 1))
    assert len(mailoutbox) == 1


def test_catch_up_after_a_missed_week_expires_without_stale_reminders(run, mailoutbox):
    late = application(registered_on=dt.date(2026, 3, 2))  # deadline passed a week ago
    near = application(registered_on=dt.date(2026, 3, 10))  # deadline 04/09: inside the 1-day window now
    result = run(sweeps.upload_windows_enforce, eastern(2026, 4, 8, 9))
    assert result.counts == {"reminders": 1, "expired": 1}
    assert status_of(late) == EXPIRED
    reminder = [m for m in mailoutbox if m.to == [near.user.email]]
    assert len(reminder) == 1 and "(tomorrow)" in reminder[0].body  # only the 1-day reminder, not both
    assert not [m for m in mailoutbox if m.to == [late.user.email] and "Reminder" in m.subject]


def test_file_awaiting_review_at_the_deadline_is_not_expired_until_it_is_returned(run, mailoutbox):
    credential = application(registered_on=dt.date(2026, 3, 2))
    upload = upload_file(credential)
    run(sweeps.upload_windows_enforce, eastern(2026, 3, 31, 9))
    assert mailoutbox == []  # no reminder: the file is in
    run(sweeps.upload_windows_enforce, eastern(2026, 4, 5, 9))
    assert status_of(credential) == ACTIVE
    ExternalFile.objects.filter(pk=upload.pk).update(status=ExternalFile.Status.RETURNED)
    run(sweeps.upload_windows_enforce, eastern(2026, 4, 5, 9, 15))
    assert status_of(credential) == EXPIRED
    assert len(mailoutbox) == 1


def test_returned_file_counts_as_missing_for_reminders(run, mailoutbox):
    credential = application(registered_on=dt.date(2026, 3, 2))
    upload_file(credential, status=ExternalFile.Status.RETURNED)
    run(sweeps.upload_windows_enforce, eastern(2026, 3, 25, 9))
    assert len(mailoutbox) == 1


def test_extended_deadline_gets_fresh_reminders(run, mailoutbox):
    credential = application(registered_on=dt.date(2026, 3, 2))
    run(sweeps.upload_windows_enforce, eastern(2026, 3, 31, 9))  # 1-day reminder for 04/01
    assert len(mailoutbox) == 1
    services.credential_extend_deadline(
        credential=credential,
        new_date=dt.date(2026, 4, 15),
        now=eastern(2026, 3, 31, 10),
        actor=None,
        note="Library closed for a week.",
    )
    run(sweeps.upload_windows_enforce, eastern(2026, 4, 2, 9))
    assert status_of(credential) == ACTIVE
    assert len(mailoutbox) == 1
    run(sweeps.upload_windows_enforce, eastern(2026, 4, 8, 9))
    assert len(mailoutbox) == 2
    assert "04/15/2026" in mailoutbox[1].body


def test_expiry_by_the_service_and_by_the_sweep_mail_only_once(
    run, mailoutbox, django_capture_on_commit_callbacks
):
    credential = application(registered_on=dt.date(2026, 3, 2))
    with django_capture_on_commit_callbacks(execute=True):
        services.credential_expire(credential=credential, now=eastern(2026, 4, 2, 0, 1))
    run(sweeps.upload_windows_enforce, eastern(2026, 4, 2, 1))
    assert len(mailoutbox) == 1
    assert CredentialEvent.objects.filter(credential=credential, kind="status").count() == 1


def test_expiry_email_is_delivered_once_however_often_delivery_runs(run, mailoutbox):
    credential = application(registered_on=dt.date(2026, 3, 2))
    run(sweeps.upload_windows_enforce, eastern(2026, 4, 2, 1))
    key = sweeps.expiry_email_key(credential.pk)
    assert len(mailoutbox) == 1
    assert SentEmail.objects.get(key=key).sent_at is not None
    assert emails.outbox_deliver(keys=[key]) == 0
    assert len(mailoutbox) == 1


def test_lost_expiry_email_delivery_is_retried_by_the_outbox(run, mailoutbox, monkeypatch):
    credential = application(registered_on=dt.date(2026, 3, 2))
    monkeypatch.setattr(emails, "_enqueue", lambda keys: None)  # the worker died before delivering
    run(sweeps.upload_windows_enforce, eastern(2026, 4, 2, 1))
    monkeypatch.undo()
    assert mailoutbox == [] and status_of(credential) == EXPIRED
    assert (
        emails.outbox_deliver_owed() == 0
    )  # recorded only minutes ago: its delivery task may still be queued
    assert mailoutbox == []
    SentEmail.objects.update(created_at=timezone.now() - dt.timedelta(minutes=11))
    assert emails.outbox_deliver_owed() == 1
    assert len(mailoutbox) == 1 and "has expired" in mailoutbox[0].subject
    assert "Initial Part Time Certification" in mailoutbox[0].body
    assert emails.outbox_deliver_owed() == 0 and len(mailoutbox) == 1


def test_stale_candidates_are_rechecked_under_the_lock(run, mailoutbox):
    """Worker A picked the ids, worker B expired them first: A's batch changes nothing and mails nothing."""
    now = eastern(2026, 4, 2, 1)
    credentials = [application(registered_on=dt.date(2026, 3, 2)) for _ in range(3)]
    stale_ids = list(sweeps.upload_expiry_candidates(now=now).values_list("pk", flat=True))
    upload_file(credentials[0])  # uploaded (awaiting review) since A selected it
    run(sweeps.upload_windows_enforce, now)  # worker B
    assert len(mailoutbox) == 2
    state = snapshot()
    result = sweeps.JobResult(sweeps.UPLOAD_WINDOWS, False)
    sweeps._expire(  # worker A's batch, through the sweep's own expiry path
        result=result,
        candidates=sweeps.upload_expiry_candidates(now=now).filter(pk__in=stale_ids),
        note="worker A",
        now=now,
        dry_run=False,
        batch_size=sweeps.BATCH_SIZE,
    )
    changed = result.counts.get("expired", 0)
    assert changed == 0
    assert snapshot() == state
    assert status_of(credentials[0]) == ACTIVE


def test_expiry_sweep_query_count_does_not_grow_with_rows(run, django_assert_num_queries):
    now = eastern(2026, 4, 2, 1)
    for _ in range(3):
        application(registered_on=dt.date(2026, 3, 2))
    # The application programs and a query per reminder window (5); then one batch, the same statements on
    # both databases: its transaction (a savepoint here, inside the test's), the locking read, the UPDATE, the
    # events and the email records (services.credentials_expire_many; no user row is written: the dashboard
    # cache never outlives a scheduled expiry, portal/dashboard.py). The emails are delivered by the outbox's
    # worker afterwards (not counted here).
    with django_assert_num_queries(5 + 2 + 4) as small:
        sweeps.upload_windows_enforce(now=now)
    for _ in range(30):
        application(registered_on=dt.date(2026, 3, 2))
    with django_assert_num_queries(len(small.captured_queries)):
        sweeps.upload_windows_enforce(now=now)
    assert Credential.objects.filter(status=CredentialStatus.EXPIRED).count() == 33


def test_small_batches_expire_every_due_row(run):
    for _ in range(7):
        application(registered_on=dt.date(2026, 3, 2))
    result = run(sweeps.upload_windows_enforce, eastern(2026, 4, 2, 1), batch_size=2)
    assert result.counts["expired"] == 7


# --- Renewal cycles --------------------------------------------------------------------------------------


def test_cycle_reminders_go_180_90_and_30_days_before_the_end_while_short(run, mailoutbox):
    credential = renewal(cycle_start=dt.date(2023, 2, 6), earned=Decimal("4"))  # ends 02/06/2028
    run(sweeps.renewal_cycles_enforce, eastern(2027, 8, 9, 9))  # 181 days before
    assert mailoutbox == []
    for when in (eastern(2027, 8, 10, 9), eastern(2027, 11, 8, 9), eastern(2028, 1, 7, 9)):
        run(sweeps.renewal_cycles_enforce, when)
        run(sweeps.renewal_cycles_enforce, when + dt.timedelta(hours=1))
    assert len(mailoutbox) == 3
    assert "ends on 02/06/2028" in mailoutbox[0].subject
    assert "Still needed: 11 contact hours" in mailoutbox[0].body
    assert "30 days from today" in mailoutbox[2].body
    assert status_of(credential) == ACTIVE


def test_no_cycle_reminder_for_a_credential_with_enough_hours(run, mailoutbox):
    renewal(cycle_start=dt.date(2023, 2, 6), earned=Decimal("15"))
    run(sweeps.renewal_cycles_enforce, eastern(2028, 1, 7, 9))
    run(sweeps.renewal_cycles_enforce, eastern(2028, 3, 1, 9))
    assert mailoutbox == []


def test_short_cycle_expires_after_1159_pm_eastern_on_its_end_date(run, mailoutbox):
    short = renewal(cycle_start=dt.date(2023, 2, 6), earned=Decimal("14.75"))
    done = renewal(cycle_start=dt.date(2023, 2, 6), earned=Decimal("15"))
    run(sweeps.renewal_cycles_enforce, eastern(2028, 2, 6, 23, 59))
    assert status_of(short) == ACTIVE
    run(sweeps.renewal_cycles_enforce, eastern(2028, 2, 7, 0, 0))
    assert status_of(short) == EXPIRED
    assert status_of(done) == ACTIVE
    assert [m.to for m in mailoutbox if "expired" in m.subject] == [[short.user.email]]


def test_cycle_ending_on_the_spring_dst_change_day(run):
    credential = renewal(cycle_start=dt.date(2022, 3, 14))  # ends 03/14/2027, the day clocks go forward
    run(sweeps.renewal_cycles_enforce, dt.datetime(2027, 3, 15, 3, 59, tzinfo=dt.UTC))  # 11:59 pm EDT
    assert status_of(credential) == ACTIVE
    run(sweeps.renewal_cycles_enforce, dt.datetime(2027, 3, 15, 4, 0, tzinfo=dt.UTC))  # 12:00 am EDT
    assert status_of(credential) == EXPIRED


def test_cycle_started_on_29_february_ends_28_february_and_expires_on_1_march(run, mailoutbox):
    credential = renewal(cycle_start=dt.date(2024, 2, 29))
    assert credential.cycle_end == dt.date(2029, 2, 28)
    run(sweeps.renewal_cycles_enforce, eastern(2029, 1, 28, 9))  # catch-up: only the 90-day reminder
    assert len(mailoutbox) == 1 and "31 days from today" in mailoutbox[0].body
    run(sweeps.renewal_cycles_enforce, eastern(2029, 1, 29, 9))  # 30 days before 02/28/2029
    assert len(mailoutbox) == 2 and "30 days from today" in mailoutbox[1].body
    run(sweeps.renewal_cycles_enforce, eastern(2029, 2, 28, 23, 59))
    assert status_of(credential) == ACTIVE
    run(sweeps.renewal_cycles_enforce, eastern(2029, 3, 1, 0, 0))
    assert status_of(credential) == EXPIRED


def test_every_renewal_cycle_run_twice_changes_nothing_the_second_time(run, mailoutbox):
    now = eastern(2028, 2, 10, 9)
    renewal(cycle_start=dt.date(2023, 2, 6))  # ended: expires
    renewal(cycle_start=dt.date(2023, 3, 1))  # 30-day reminder
    renewal(cycle_start=dt.date(2023, 5, 20))  # 180-day reminder
    first = run(sweeps.renewal_cycles_enforce, now)
    assert first.counts == {"reminders": 2, "expired": 1}
    sent, state = len(mailoutbox), snapshot()
    second = run(sweeps.renewal_cycles_enforce, now)
    assert second.counts == {"reminders": 0, "expired": 0}
    assert len(mailoutbox) == sent == 3
    assert snapshot() == state


def test_catch_up_after_a_missed_week_expires_ended_cycles(run):
    credential = renewal(cycle_start=dt.date(2023, 2, 6))
    run(sweeps.renewal_cycles_enforce, eastern(2028, 2, 14, 9))
    assert status_of(credential) == EXPIRED


def test_full_time_programs_use_their_own_required_hours(run):
    professional = renewal(
        cycle_start=dt.date(2023, 2, 6), earned=Decimal("99"), code="professional-i-renewal-credits"
    )
    run(sweeps.renewal_cycles_enforce, eastern(2028, 2, 7, 9))
    assert status_of(professional) == EXPIRED


# --- Enrollment safety net -------------------------------------------------------------------------------


def _approved_application(**extra):
    credential = application(registered_on=dt.date(2026, 3, 2), **extra)
    Credential.objects.filter(pk=credential.pk).update(
        status=CredentialStatus.COMPLETED, compliance="compliant", completed_at=eastern(2026, 3, 10, 14)
    )
    credential.refresh_from_db()
    return credential


def test_approved_application_without_its_renewal_credential_gets_one_once(run, mailoutbox):
    approved = _approved_application()
    first = run(sweeps.renewal_enrollments_ensure, eastern(2026, 3, 11, 9))
    assert first.counts == {"enrolled": 1}
    enrolled = Credential.objects.get(source_application=approved)
    assert enrolled.program == program("part-time-renewal-credits")
    assert (enrolled.cycle_start, enrolled.cycle_end) == (dt.date(2026, 3, 10), dt.date(2031, 3, 10))
    assert len(mailoutbox) == 1
    state = snapshot()
    second = run(sweeps.renewal_enrollments_ensure, eastern(2026, 3, 11, 10))
    assert second.counts == {"enrolled": 0}
    assert snapshot() == state and len(mailoutbox) == 1


def test_safety_net_leaves_a_learner_whose_cycle_is_already_running(run):
    approved = _approved_application()
    renewal(cycle_start=dt.date(2025, 1, 1), user=approved.user)
    assert not sweeps.enrollment_candidates(now=eastern(2026, 3, 11, 9)).exists()
    assert run(sweeps.renewal_enrollments_ensure, eastern(2026, 3, 11, 9)).counts == {"enrolled": 0}


# --- Recording and dry runs ----------------------------------------------------------------------------


def test_every_run_is_recorded_with_its_counts(run):
    application(registered_on=dt.date(2026, 3, 2))
    now = eastern(2026, 4, 2, 1)
    with_record = sweeps.sweep_run(name=sweeps.UPLOAD_WINDOWS, now=now)
    assert with_record.counts == {"reminders": 0, "expired": 1, "as_of": now.isoformat()}
    assert with_record.finished_at >= with_record.started_at
    assert JobRun.objects.get().name == "enforce_upload_windows"


def test_dry_run_counts_but_changes_nothing(run, mailoutbox):
    application(registered_on=dt.date(2026, 3, 2))
    application(registered_on=dt.date(2026, 3, 9))
    renewal(cycle_start=dt.date(2021, 4, 1))
    _approved_application()
    state = snapshot()
    runs = sweeps.sweeps_run_all(now=eastern(2026, 4, 2, 1), dry_run=True)
    changed = ("expired", "enrolled", "lapsed")
    assert {run.name: next(run.counts[k] for k in changed if k in run.counts) for run in runs} == {
        "ensure_renewal_enrollments": 1,
        "enforce_upload_windows": 1,
        "enforce_renewal_cycles": 1,
        "enforce_certifications": 0,
    }
    assert runs[1].counts["reminders"] == 1
    assert all(r.dry_run for r in runs)
    assert snapshot() == state and mailoutbox == []


def test_failed_sweep_is_recorded_and_raised(monkeypatch):
    def broken(**kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setitem(sweeps.SWEEPS, sweeps.UPLOAD_WINDOWS, broken)
    with pytest.raises(RuntimeError):
        sweeps.sweep_run(name=sweeps.UPLOAD_WINDOWS, now=eastern(2026, 4, 2))
    assert JobRun.objects.get().error == "RuntimeError: database went away"


# --- Several workers at once --------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_two_workers_at_once_change_each_row_once_and_mail_once(mailoutbox):
    """Two threads run every sweep at the same moment (PostgreSQL: real row locks and SKIP LOCKED).

    SQLite has no row locks and allows one writer at a time, so there the two runs take turns; the
    assertions are the same.
    """
    from django.core.management import call_command

    call_command("seed_catalog", verbosity=0)
    now = eastern(2026, 4, 2, 1)
    expiring = [application(registered_on=dt.date(2026, 3, 2)) for _ in range(12)]
    reminded = [application(registered_on=dt.date(2026, 3, 4)) for _ in range(6)]
    cycles = [renewal(cycle_start=dt.date(2021, 4, 1)) for _ in range(6)]
    approved = [_approved_application() for _ in range(4)]
    parallel = connection.vendor == "postgresql"
    barrier = threading.Barrier(2)
    turn = threading.Lock()
    errors = []

    def worker():
        from django.db import connection as thread_connection

        try:
            barrier.wait(timeout=10)
            if parallel:
                sweeps.sweeps_run_all(now=now, batch_size=4)
            else:
                with turn:
                    sweeps.sweeps_run_all(now=now, batch_size=4)
        except Exception as exc:  # surfaced below
            errors.append(exc)
        finally:
            thread_connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert all(status_of(c) == EXPIRED for c in expiring + cycles)
    for credential in expiring + cycles:
        assert CredentialEvent.objects.filter(credential=credential, kind="status").count() == 1
    assert all(Credential.objects.filter(source_application=a).count() == 1 for a in approved)
    keys = list(SentEmail.objects.values_list("key", flat=True))
    assert len(keys) == len(set(keys)) == 12 + 6 + 6 + 4
    assert len(mailoutbox) == 28
    assert sorted(m.to[0] for m in mailoutbox) == sorted(
        c.user.email for c in expiring + reminded + cycles + approved
    )
    runs = JobRun.objects.all()
    assert runs.count() == 8  # 2 workers x 4 sweeps
    assert sum(r.counts.get("expired", 0) for r in runs) == 18
    assert sum(r.counts.get("reminders", 0) for r in runs) == 6


# --- The sweeps' expiry moment in Python (the dashboard cache's bound) ------------------------------------


def test_scheduled_expiry_is_the_moment_the_sweeps_expire_each_credential():
    """`scheduled_expiry` (what portal/dashboard.py caches boxes until) agrees with the candidate queries: a
    credential is due exactly from its moment on, and one without a moment is never due."""
    from credentials.selectors import dashboard_credentials

    short = renewal(cycle_start=dt.date(2023, 2, 6), earned=Decimal("14.75"))
    done = renewal(cycle_start=dt.date(2023, 2, 6), earned=Decimal("15"))
    missing = application(registered_on=dt.date(2026, 3, 2))
    awaiting = application(registered_on=dt.date(2026, 3, 2))
    upload_file(awaiting)
    returned = application(registered_on=dt.date(2026, 3, 2))
    upload_file(returned, status=ExternalFile.Status.RETURNED)
    closed = application(registered_on=dt.date(2026, 3, 2), status=CredentialStatus.COMPLETED)
    expected = {
        short: rules.cycle_end_moment(dt.date(2028, 2, 6)),
        missing: rules.upload_deadline(dt.date(2026, 3, 2), missing.program.upload_window_days),
        returned: rules.upload_deadline(dt.date(2026, 3, 2), returned.program.upload_window_days),
        done: None,
        awaiting: None,
        closed: None,
    }

    def due(moment):
        return set(sweeps.upload_expiry_candidates(now=moment).values_list("pk", flat=True)) | set(
            sweeps.cycle_expiry_candidates(now=moment).values_list("pk", flat=True)
        )

    for credential, moment in expected.items():
        (row,) = [
            r
            for r in dashboard_credentials(user=credential.user, now=timezone.now())
            if r.pk == credential.pk
        ]
        assert sweeps.scheduled_expiry(row) == moment, credential.program.code
        if moment is None:
            assert credential.pk not in due(eastern(2040, 1, 1))
        else:
            assert credential.pk not in due(moment - dt.timedelta(microseconds=1))
            assert credential.pk in due(moment)
