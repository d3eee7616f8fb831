"""The outbox: every email the portal sends (notifications and allauth's) is a `SentEmail` row first.

- `email_send_once` records a notification under its event key (once: a repeated event finds the key and records
  nothing) with its body rendered now; `outbox_record` does the same for allauth's emails (accounts.adapters).
- When the transaction commits, a delivery task is enqueued (`accounts.tasks.deliver_emails`). Enqueuing is
  robust: a broker that is down is logged, never turned into an error for the request that recorded the email.
- The worker hands the messages to the mail server ONE at a time and marks each sent in the same short
  transaction (row locked, skipped by a second worker), so a crash repeats at most the one message in flight;
  a mail server that is down fails the task, which is retried with backoff.
- `outbox_deliver_owed` (beat, every 5 minutes) delivers what is still unsent REDELIVER_AFTER after it was
  recorded (a lost task, a long mail outage): nothing recorded is ever dropped.
Rows written set-based in SQL (the expiry sweep) have no body: the app that writes them registers a context
loader for their template (`context_loader_register`), called at delivery for a whole batch at once.
"""

import datetime as dt
import logging
import uuid

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import IntegrityError, transaction
from django.template.loader import get_template, render_to_string
from django.utils import timezone

from accounts.models import SentEmail

logger = logging.getLogger(__name__)

REDELIVER_AFTER = dt.timedelta(minutes=10)
DELIVERY_BATCH = 500
_CONTEXT_LOADERS = {}


def context_loader_register(template, loader):
    """`loader(rows) -> {row.pk: context}` renders `template` for outbox rows recorded without a body."""
    _CONTEXT_LOADERS[template] = loader


def email_send_once(*, key, user, subject, template, context=None):
    """Record the email event `key` in the outbox; it is delivered after the surrounding transaction commits.

    Returns False (and records nothing) when an email with this key was already recorded, so a retried
    service, a second job run or two workers racing each other never mail twice.
    `template` names `templates/emails/<template>.txt` and `.html`.
    """
    ctx = {"user": user, "site_url": settings.SITE_URL, **(context or {})}
    try:
        with transaction.atomic():
            SentEmail.objects.create(
                key=key,
                user=user,
                subject=subject,
                template=template,
                body_text=render_to_string(f"emails/{template}.txt", ctx),
                body_html=render_to_string(f"emails/{template}.html", ctx),
            )
    except IntegrityError:
        return False
    outbox_deliver_on_commit([key])
    return True


def outbox_record(*, to_email, subject, body_text, body_html="", template, user=None):
    """Record an email that is not a keyed event (allauth's verification, reset, "account exists" emails)."""
    key = f"{template}:{uuid.uuid4().hex}"
    SentEmail.objects.create(
        key=key,
        user=user,
        to_email=to_email,
        subject=subject,
        template=template,
        body_text=body_text,
        body_html=body_html,
    )
    outbox_deliver_on_commit([key])
    return key


def outbox_deliver_on_commit(keys):
    """Enqueue the delivery of `keys` once the transaction commits; a failure to enqueue is only logged."""
    transaction.on_commit(lambda: _enqueue(keys), robust=True)


def _enqueue(keys):
    from accounts.tasks import deliver_emails

    deliver_emails.delay(list(keys))


def _message(row, context):
    subject = f"{settings.ACCOUNT_EMAIL_SUBJECT_PREFIX}{row.subject}"
    if context is not None:
        text = get_template(f"emails/{row.template}.txt").render(context)
        html = get_template(f"emails/{row.template}.html").render(context)
    else:
        text, html = row.body_text, row.body_html
    message = EmailMultiAlternatives(
        subject=subject,
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[row.to_email or row.user.email],
    )
    if html:
        message.attach_alternative(html, "text/html")
    return message


def _contexts(rows):
    """Contexts for the rows recorded without a body, one loader call per template."""
    contexts = {}
    unrendered: dict[str, list[SentEmail]] = {}
    for row in rows:
        if not row.body_text:
            unrendered.setdefault(row.template, []).append(row)
    for template, batch in unrendered.items():
        loaded = _CONTEXT_LOADERS[template](batch)
        for row in batch:
            contexts[row.pk] = {"user": row.user, "site_url": settings.SITE_URL, **loaded[row.pk]}
    return contexts


def outbox_deliver(*, keys) -> int:
    """Hand the recorded, unsent emails among `keys` to the mail server, one at a time; returns how many.

    Each message is sent and marked sent inside its own short transaction with its row locked (a second worker
    skips it; one that comes later finds it sent). A crash between handing a message over and the commit repeats
    that one message (at-least-once: a notice is better twice than never). A mail server that refuses raises:
    what was sent stays marked, the rest stays owed for the task's retry or `outbox_deliver_owed`.
    """
    rows = list(
        SentEmail.objects.filter(key__in=keys, sent_at__isnull=True).select_related("user").order_by("pk")
    )
    if not rows:
        return 0
    contexts = _contexts(rows)
    sent = 0
    with get_connection() as connection:
        for row in rows:
            with transaction.atomic():
                owed = SentEmail.objects.select_for_update(skip_locked=True).filter(
                    pk=row.pk, sent_at__isnull=True
                )
                if not owed.values_list("pk", flat=True)[:1]:
                    continue  # sent meanwhile, or being sent by another worker
                connection.send_messages([_message(row, contexts.get(row.pk))])
                SentEmail.objects.filter(pk=row.pk).update(sent_at=timezone.now())
            sent += 1
    return sent


def outbox_owed(*, now=None):
    """Emails recorded more than REDELIVER_AFTER ago and still unsent (their task was lost or kept failing).

    Real clock by default: this is about the outbox, not about anyone's deadline."""
    return SentEmail.objects.filter(
        sent_at__isnull=True, created_at__lte=(now or timezone.now()) - REDELIVER_AFTER
    ).order_by("pk")


def outbox_deliver_owed(*, now=None) -> int:
    """Deliver every owed email (see `outbox_owed`) in batches; returns how many were sent."""
    sent = 0
    last = 0
    while True:
        keys = list(outbox_owed(now=now).filter(pk__gt=last).values_list("pk", "key")[:DELIVERY_BATCH])
        if not keys:
            return sent
        last = keys[-1][0]
        sent += outbox_deliver(keys=[key for _, key in keys])
