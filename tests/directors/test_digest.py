"""The directors' monthly digest: once per director per month, none when there is nothing to say."""

import datetime as dt

import pytest
from django.conf import settings
from django.core import mail

from directors.tasks import send_director_digests
from tests.conftest import eastern
from tests.directors.builders import applying, certified, director_of, library
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)
FIRST_MONDAY = eastern(2026, 7, 6, 8)


@pytest.fixture
def adair(seeded):
    return library("adair-county-public-library")


def test_digest_lists_lapsing_open_windows_and_last_months_approvals_and_is_sent_once_when_run_twice(adair):
    director = director_of(adair, now=FIRST_MONDAY, email="director@adair.example")
    lapsing = UserFactory(library=adair, first_name="Lars", last_name="Lapsing")
    certified(lapsing, approved_on=dt.date(2021, 9, 1), cycle_end=dt.date(2026, 9, 1))
    applying(
        UserFactory(library=adair, first_name="Nina", last_name="Newcomer"), registered_on=dt.date(2026, 7, 1)
    )
    certified(
        UserFactory(library=adair, first_name="Rita", last_name="Recent"), approved_on=dt.date(2026, 6, 10)
    )
    certified(
        UserFactory(library=adair, first_name="Old", last_name="News"), approved_on=dt.date(2026, 5, 10)
    )
    certified(
        UserFactory(library=library("allen-county-public-library"), first_name="Olga"),
        approved_on=dt.date(2026, 6, 10),
    )

    first = send_director_digests(now=FIRST_MONDAY.isoformat())
    second = send_director_digests(now=(FIRST_MONDAY + dt.timedelta(hours=1)).isoformat())

    assert (first["sent"], second["sent"], second["already_sent"]) == (1, 0, 1)
    [message] = mail.outbox
    assert message.to == [director.email]
    body = message.body
    assert "Lars Lapsing: valid through 09/01/2026" in body
    assert "Nina Newcomer: Initial Part Time Certification, due 07/31/2026" in body
    assert "Certified or renewed in June 2026" in body
    assert "Rita Recent: certified 06/10/2026, valid through 06/10/2031" in body
    assert "Old News" not in body and "Olga" not in body


def test_no_digest_when_there_is_nothing_to_say(adair):
    director_of(adair, now=FIRST_MONDAY)
    certified(
        UserFactory(library=adair), approved_on=dt.date(2025, 1, 10)
    )  # valid for years, approved long ago
    counts = send_director_digests(now=FIRST_MONDAY.isoformat())
    assert counts == {"directors": 1, "sent": 0, "nothing_to_say": 1, "already_sent": 0}
    assert mail.outbox == []


def test_next_month_sends_a_new_digest(adair):
    director_of(adair, now=FIRST_MONDAY)
    applying(UserFactory(library=adair), registered_on=dt.date(2026, 7, 1))
    send_director_digests(now=FIRST_MONDAY.isoformat())
    applying(UserFactory(library=adair), registered_on=dt.date(2026, 7, 25))
    send_director_digests(now=eastern(2026, 8, 3, 8).isoformat())
    assert len(mail.outbox) == 2


def test_digest_is_scheduled_on_the_first_monday_at_8_am_eastern():
    [entry] = [e for e in settings.CELERY_BEAT_SCHEDULE.values() if e["task"] == send_director_digests.name]
    schedule = entry["schedule"]
    assert settings.CELERY_TIMEZONE == "America/New_York"
    assert (schedule.hour, schedule.minute, schedule.day_of_week) == ({8}, {0}, {1})
    assert schedule.day_of_month == set(range(1, 8))


def director_mail(director):
    [message] = [m for m in mail.outbox if m.to == [director.email]]
    return message.body


def test_digest_reads_what_kdla_awarded_a_renewal_last_month_and_not_a_revoked_certification(adair):
    """Certified or renewed last month = the certificates issued that month (a renewal approved in June, with
    the date it extends to); lapsing soon = VALID certifications only (a revoked one is not lapsing)."""
    from credentials.models import Certification
    from tests.credentials.certification_helpers import certified as approved
    from tests.credentials.certification_helpers import earn, renewed
    from tests.directors.builders import revoked

    director = director_of(adair, now=FIRST_MONDAY, email="director@adair.example")
    rena = UserFactory(library=adair, first_name="Rena", last_name="Renewed")
    approved(rena, at=eastern(2021, 9, 1, 10))
    earn(rena, on=dt.date(2025, 5, 1))
    renewed(rena, at=eastern(2026, 6, 10, 10))
    assert Certification.objects.get(user=rena).valid_through == dt.date(2031, 9, 2)
    rex = UserFactory(library=adair, first_name="Rex", last_name="Revoked")
    certified(rex, approved_on=dt.date(2021, 8, 1), cycle_end=dt.date(2026, 8, 1))
    revoked(rex, now=eastern(2026, 6, 20))

    assert send_director_digests(now=FIRST_MONDAY.isoformat())["sent"] == 1
    body = director_mail(director)
    assert "Certified or renewed in June 2026" in body
    assert "Rena Renewed: renewed 06/10/2026, valid through 09/02/2031" in body
    assert "Rex Revoked" not in body and "Certification ends within" not in body
