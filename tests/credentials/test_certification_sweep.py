"""The certification sweep: the lapse at 11:59 pm Eastern on valid-through, compliance, emails, reminders,
run twice and after a week's catch-up; part of enforce_deadlines and the job history."""

import datetime as dt
import io

import pytest
from django.core.management import call_command

from accounts.models import SentEmail
from credentials import rules, sweeps
from credentials.models import (
    Certificate,
    CertificateStatus,
    CertificationEvent,
    CertificationStatus,
    Compliance,
    Credential,
    CredentialEvent,
    CredentialStatus,
)
from credentials.selectors import with_earned
from credentials.sweeps_certification import CERTIFICATIONS, certifications_enforce
from portal.models import JobRun
from tests.conftest import eastern
from tests.credentials.certification_helpers import certification_of, certified, current_cycle, earn

pytestmark = pytest.mark.django_db


@pytest.fixture
def run(django_capture_on_commit_callbacks):
    def _run(now, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return certifications_enforce(now=now, **kwargs)

    return _run


def snapshot():
    return (
        sorted(Credential.objects.values_list("pk", "status", "compliance")),
        sorted(Certificate.objects.values_list("pk", "status")),
        sorted(SentEmail.objects.values_list("key", flat=True)),
        CertificationEvent.objects.count(),
        CredentialEvent.objects.count(),
    )


ONE_MICROSECOND = dt.timedelta(microseconds=1)


@pytest.mark.parametrize(
    ("approved_on", "valid_through"),
    [
        (dt.date(2026, 6, 15), dt.date(2031, 6, 15)),  # summer (EDT)
        (dt.date(2026, 3, 9), dt.date(2031, 3, 9)),  # the day clocks spring forward
        (dt.date(2026, 11, 2), dt.date(2031, 11, 2)),  # the day clocks fall back
        (dt.date(2024, 2, 29), dt.date(2029, 2, 28)),  # 29 February: five years later is 28 February
    ],
    ids=["summer", "dst-spring-forward", "dst-fall-back", "29-february"],
)
def test_the_certification_lapses_at_1159_pm_eastern_on_its_valid_through_date(
    seeded, run, approved_on, valid_through
):
    user = certified(at=dt.datetime.combine(approved_on, dt.time(10), tzinfo=rules.EASTERN))
    assert certification_of(user).valid_through == valid_through
    moment = dt.datetime.combine(valid_through, dt.time(23, 59, 59, 999999), tzinfo=rules.EASTERN)
    assert rules.certification_lapse_moment(valid_through) == moment

    assert (
        run(eastern(valid_through.year, valid_through.month, valid_through.day, 23, 59)).counts["lapsed"] == 0
    )
    assert run(moment - ONE_MICROSECOND).counts["lapsed"] == 0
    assert certification_of(user).status == CertificationStatus.VALID

    assert run(moment).counts["lapsed"] == 1
    certification = certification_of(user)
    assert certification.status == CertificationStatus.LAPSED
    assert certification.lapsed_at == moment
    assert rules.local_date(certification.lapsed_at) == valid_through


def test_a_lapse_keeps_the_hours_but_no_row_stays_compliant_and_the_learner_is_emailed_once(
    seeded, run, mailoutbox
):
    user = certified(at=eastern(2026, 2, 6, 10))
    earn(user, on=dt.date(2027, 5, 1))
    cycle = current_cycle(user)
    assert (cycle.status, cycle.compliance) == (CredentialStatus.COMPLETED, Compliance.COMPLIANT)
    mailoutbox.clear()

    result = run(eastern(2031, 2, 7, 0, 30))
    assert result.counts == {"reminders": 0, "lapsed": 1}
    cycle = with_earned(Credential.objects.filter(pk=cycle.pk)).get()
    assert cycle.status == CredentialStatus.COMPLETED  # the hours were earned...
    assert cycle.earned == 15
    assert cycle.compliance == Compliance.NON_COMPLIANT  # ...but the certification is no longer valid
    assert set(Credential.objects.filter(user=user).values_list("compliance", flat=True)) == {
        Compliance.NON_COMPLIANT
    }
    assert Certificate.objects.get().status == CertificateStatus.LAPSED
    lapsed = [m for m in mailoutbox if "lapsed" in m.subject]
    assert len(lapsed) == 1
    assert "lapsed on 02/06/2031" in lapsed[0].subject
    assert "Part-time Certification- Initial Application" in lapsed[0].body
    # A second run (or another worker) changes nothing and mails nothing.
    state = snapshot()
    assert run(eastern(2031, 2, 7, 1, 30)).counts == {"reminders": 0, "lapsed": 0}
    assert snapshot() == state
    assert len([m for m in mailoutbox if "lapsed" in m.subject]) == 1


def test_after_a_week_down_the_lapse_is_dated_on_valid_through(seeded, run):
    user = certified(at=eastern(2026, 2, 6, 10))
    run(eastern(2031, 2, 13, 9))
    certification = certification_of(user)
    assert certification.status == CertificationStatus.LAPSED
    assert rules.local_date(certification.lapsed_at) == dt.date(2031, 2, 6)


def test_reminders_90_30_and_7_days_before_go_once_each_when_the_sweep_runs_twice(seeded, run, mailoutbox):
    user = certified(at=eastern(2026, 2, 6, 10))
    mailoutbox.clear()
    for day in (dt.date(2030, 11, 8), dt.date(2031, 1, 7), dt.date(2031, 1, 30)):  # 90, 30, 7 days before
        for hour in (1, 13):
            run(eastern(day.year, day.month, day.day, hour))
    reminders = [m for m in mailoutbox if "Reminder: your Part-time Certification" in m.subject]
    assert len(reminders) == 3
    assert "(90 days from today)" in reminders[0].body
    assert "(7 days from today)" in reminders[2].body
    assert "0 of the 15 contact hours" in reminders[0].body
    kinds = list(certification_of(user).events.values_list("kind", flat=True))
    assert kinds.count(CertificationEvent.Kind.REMINDER) == 3
    # The renewal-credits cycle's own 90- and 30-day reminders are not sent on top (one email a day).
    assert not [m for m in mailoutbox if "Reminder: Part-time Certification - Renewal" in m.subject]


def test_after_a_week_down_only_the_closest_reminder_goes(seeded, run, mailoutbox):
    certified(at=eastern(2026, 2, 6, 10))
    mailoutbox.clear()
    run(eastern(2031, 2, 1, 9))  # 5 days before: the 90- and 30-day moments were missed
    run(eastern(2031, 2, 2, 9))
    reminders = [m for m in mailoutbox if "Reminder: your" in m.subject]
    assert len(reminders) == 1 and "(5 days from today)" in reminders[0].body


def test_complete_hours_turn_the_reminder_into_apply_now_with_the_guide_steps(
    seeded, run, mailoutbox, django_capture_on_commit_callbacks
):
    user = certified(at=eastern(2026, 2, 6, 10))
    with django_capture_on_commit_callbacks(execute=True):
        earn(user, on=dt.date(2027, 5, 1))
    completed = [m for m in mailoutbox if m.subject.endswith("completed")]
    assert len(completed) == 1
    assert "you can now apply for renewal" in completed[0].body
    assert '"Part-time Certification- Renewal Application"' in completed[0].body
    assert "Upload Missing Files" in completed[0].body
    mailoutbox.clear()
    run(eastern(2030, 11, 8, 9))
    (reminder,) = mailoutbox
    assert "Your renewal credits are complete: apply for renewal now." in reminder.body


def test_enforce_deadlines_runs_the_certification_sweep_with_dry_run_and_now(seeded):
    user = certified(at=eastern(2026, 2, 6, 10))
    out = io.StringIO()
    call_command("enforce_deadlines", "--dry-run", "--now", "2031-02-07T08:00", stdout=out)
    assert (
        "Certifications (reminders and lapse): reminders 0, lapsed 1 (would be; nothing changed)"
        in out.getvalue()
    )
    assert certification_of(user).status == CertificationStatus.VALID
    call_command("enforce_deadlines", "--now", "2031-02-07T08:00", stdout=out)
    assert certification_of(user).status == CertificationStatus.LAPSED
    run_row = JobRun.objects.filter(name=CERTIFICATIONS, dry_run=False).get()
    assert run_row.counts["lapsed"] == 1
    assert sweeps.JOB_LABELS[CERTIFICATIONS] == "Certifications (reminders and lapse)"


def test_the_lapse_shows_on_the_cached_dashboard_at_once(client, seeded, run):
    user = certified(at=eastern(2026, 2, 6, 10))
    client.force_login(user)
    assert "valid through 02/06/2031" in client.get("/").content.decode()
    run(eastern(2031, 2, 7, 1))
    assert "lapsed on 02/06/2031" in client.get("/").content.decode()
