"""No duplicate credit requests, and a cap per learner on requests waiting for review and on their files."""

import datetime as dt
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import DatabaseError, connection
from django.urls import reverse
from django.utils import timezone

from credentials import rules
from credit_requests.models import CreditRequest
from tests.credit_requests.helpers import pdf_file, submit
from tests.factories import CredentialFactory

pytestmark = pytest.mark.django_db
DUPLICATE = "You already sent this request"


@pytest.fixture
def credential(seeded):
    start = rules.local_date(timezone.now()) - dt.timedelta(days=200)
    return CredentialFactory(cycle_start=start, cycle_end=rules.add_years(start, 5))


def form(credential, **overrides):
    return {
        "activity_date": (credential.cycle_start + dt.timedelta(days=10)).strftime("%m/%d/%Y"),
        "course": "Annual Summation",
        "description": "CE Activities",
        "credential": str(credential.pk),
        "requested_credits": "15",
        "file": pdf_file(),
        **overrides,
    }


def test_an_identical_pending_request_is_refused_with_a_message_next_to_the_form(client, credential):
    client.force_login(credential.user)
    assert client.post(reverse("credit_requests:new"), form(credential)).status_code == 302
    again = client.post(reverse("credit_requests:new"), form(credential))
    assert again.status_code == 200
    html = again.content.decode()
    assert DUPLICATE in html and "it is waiting for review" in html
    assert CreditRequest.objects.count() == 1
    # Another course (or date, or credits) is another request.
    other = client.post(reverse("credit_requests:new"), form(credential, course="Library law workshop"))
    assert other.status_code == 302
    assert CreditRequest.objects.count() == 2


def test_the_same_request_may_be_sent_again_once_the_first_is_decided(credential):
    first = submit(credential=credential, now=timezone.now())
    CreditRequest.objects.filter(pk=first.pk).update(status=CreditRequest.Status.DENIED, approved_credits=0)
    submit(credential=credential, now=timezone.now())
    assert CreditRequest.objects.count() == 2


def test_a_learner_may_have_at_most_the_set_number_of_requests_waiting(client, credential, settings):
    settings.CREDIT_REQUESTS_MAX_OPEN = 3
    for n in range(3):
        submit(credential=credential, now=timezone.now(), course=f"Workshop {n}")
    client.force_login(credential.user)
    response = client.post(reverse("credit_requests:new"), form(credential))
    assert response.status_code == 200
    assert "You have 3 credit requests waiting for review" in response.content.decode()
    assert CreditRequest.objects.count() == 3


def test_the_files_of_a_learners_waiting_requests_are_capped_in_volume(client, credential, settings):
    first = submit(credential=credential, now=timezone.now(), course="Workshop 1")
    settings.CREDIT_REQUESTS_MAX_OPEN_BYTES = first.size + 10
    client.force_login(credential.user)
    response = client.post(reverse("credit_requests:new"), form(credential))
    assert response.status_code == 200
    html = response.content.decode()
    assert "together they may hold at most" in html
    assert 'id="id_file_error"' in html  # next to the file field
    assert CreditRequest.objects.count() == 1


def test_an_identical_request_raced_past_the_check_is_stopped_by_the_database(credential):
    submit(credential=credential, now=timezone.now())
    with pytest.raises(ValidationError, match=DUPLICATE):
        submit(credential=credential, now=timezone.now())
    assert CreditRequest.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_identical_posts_at_once_make_one_request(seeded):
    start = rules.local_date(timezone.now()) - dt.timedelta(days=200)
    credential = CredentialFactory(cycle_start=start, cycle_end=rules.add_years(start, 5))
    barrier = threading.Barrier(2)
    outcomes = []

    def send():
        try:
            barrier.wait()
            submit(credential=credential, now=timezone.now())
            outcomes.append("saved")
        except ValidationError:
            outcomes.append("refused")
        except DatabaseError as exc:  # SQLite has no row locks: its database lock refuses the second writer
            outcomes.append(f"{type(exc).__name__}: {exc}")
        finally:
            connection.close()

    threads = [threading.Thread(target=send) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    # The learner's row lock (SQLite: the IMMEDIATE write lock): the second waits, then sees the first.
    assert sorted(outcomes) == ["refused", "saved"], outcomes
    assert CreditRequest.objects.count() == 1
