"""The outbox (accounts.emails): every email is recorded first and delivered by the worker, so a mail server
that is down never fails the page that caused the email; delivery is retried; each message is sent once and
marked sent as it is handed over."""

import datetime as dt
import smtplib

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.urls import reverse
from django.utils import timezone

from accounts import emails
from accounts.models import SentEmail
from credentials import rules
from tests.accounts.test_signup_and_login import signup_data
from tests.credit_requests.helpers import pdf_file, submit
from tests.factories import CredentialFactory, LibraryFactory, ReviewerFactory, UserFactory

DOWN = "tests.accounts.test_outbox.MailServerDown"
FLAKY = "tests.accounts.test_outbox.MailServerDiesAfterTwo"


class MailServerDown(EmailBackend):
    def send_messages(self, messages):
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")


class MailServerDiesAfterTwo(EmailBackend):
    """Hands over two messages, then the connection dies (a worker crash or a relay that stops mid-batch)."""

    handed_over = 0

    def send_messages(self, messages):
        if MailServerDiesAfterTwo.handed_over >= 2:
            raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
        MailServerDiesAfterTwo.handed_over += len(messages)
        return super().send_messages(messages)


def _owed_later():
    """Pretend the outbox's rows were recorded 11 minutes ago (they are then owed, see outbox_owed)."""
    SentEmail.objects.update(created_at=timezone.now() - dt.timedelta(minutes=11))


@pytest.fixture
def credential(seeded):
    start = rules.local_date(timezone.now()) - dt.timedelta(days=200)
    return CredentialFactory(cycle_start=start, cycle_end=rules.add_years(start, 5))


@pytest.mark.django_db(transaction=True)
def test_a_credit_request_succeeds_while_the_mail_server_is_down_and_its_email_follows(
    client, credential, settings, mailoutbox
):
    settings.EMAIL_BACKEND = DOWN
    client.force_login(credential.user)
    response = client.post(
        reverse("credit_requests:new"),
        {
            "activity_date": (credential.cycle_start + dt.timedelta(days=10)).strftime("%m/%d/%Y"),
            "course": "Annual Summation",
            "description": "CE Activities",
            "credential": str(credential.pk),
            "requested_credits": "15",
            "file": pdf_file(),
        },
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("dashboard")
    row = SentEmail.objects.get()
    assert row.sent_at is None
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    _owed_later()
    assert emails.outbox_deliver_owed() == 1
    assert emails.outbox_deliver_owed() == 0
    assert [message.to for message in mailoutbox] == [[credential.user.email]]


@pytest.mark.django_db(transaction=True)
def test_a_reviewers_decision_succeeds_while_the_mail_server_is_down(
    client, credential, settings, mailoutbox
):
    request = submit(credential=credential, now=timezone.now(), activity_date=credential.cycle_start)
    assert SentEmail.objects.get().sent_at is not None  # the "received" email went out earlier
    mailoutbox.clear()
    settings.EMAIL_BACKEND = DOWN
    client.force_login(ReviewerFactory())
    response = client.post(
        reverse("reviews:credit", args=[request.pk]),
        {"approved_credits": "15", "notes": "", "action": "approve"},
    )
    assert response.status_code == 302
    # The decision and "credential completed" (15 of 15 hours) emails wait in the outbox.
    owed = set(SentEmail.objects.filter(sent_at__isnull=True).values_list("template", flat=True))
    assert owed == {"credit_decided", "credential_completed"}
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    _owed_later()
    assert emails.outbox_deliver_owed() == 2
    assert len(mailoutbox) == 2


@pytest.mark.django_db(transaction=True)
def test_sign_up_succeeds_while_the_mail_server_is_down(client, settings):
    settings.EMAIL_BACKEND = DOWN
    response = client.post(reverse("account_signup"), signup_data(LibraryFactory()))
    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    row = SentEmail.objects.get()
    assert (row.to_email, row.sent_at) == ("new.staff@library.example", None)
    assert "/accounts/confirm-email/" in row.body_text


@pytest.mark.django_db
def test_each_message_is_marked_sent_as_it_is_handed_over_so_a_crash_repeats_none(
    settings, mailoutbox, django_capture_on_commit_callbacks
):
    users = UserFactory.create_batch(5)
    with django_capture_on_commit_callbacks(execute=False):  # recorded; the delivery task is lost
        keys = [
            f"test:{user.pk}"
            for user in users
            if emails.email_send_once(key=f"test:{user.pk}", user=user, subject="Hello", template="base")
        ]
    settings.EMAIL_BACKEND = FLAKY
    MailServerDiesAfterTwo.handed_over = 0
    with pytest.raises(smtplib.SMTPServerDisconnected):
        emails.outbox_deliver(keys=keys)
    assert SentEmail.objects.filter(sent_at__isnull=False).count() == 2  # the two handed over
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert emails.outbox_deliver(keys=keys) == 3  # the rest, and only the rest
    assert sorted(message.to[0] for message in mail.outbox) == sorted(user.email for user in users)


@pytest.mark.django_db
def test_an_email_key_is_recorded_and_sent_once(mailoutbox, django_capture_on_commit_callbacks):
    user = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        first = emails.email_send_once(key="k", user=user, subject="Hi", template="base")
        second = emails.email_send_once(key="k", user=user, subject="Hi", template="base")
    assert (first, second) == (True, False)
    assert len(mailoutbox) == 1
    assert emails.outbox_deliver(keys=["k"]) == 0
