"""Notification emails: plain text + HTML, sent once per event, after the transaction commits."""

import logging

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone

from accounts.models import SentEmail

logger = logging.getLogger(__name__)


def email_send_once(*, key, user, subject, template, context=None):
    """Record the email event `key` and send it when the surrounding transaction commits.

    Returns False (and sends nothing) when an email with this key was already recorded, so a retried
    service, a second job run or two workers racing each other never mail twice.
    `template` names `templates/emails/<template>.txt` and `.html`.
    """
    try:
        with transaction.atomic():
            row = SentEmail.objects.create(key=key, user=user, subject=subject, template=template)
    except IntegrityError:
        return False
    ctx = {"user": user, "site_url": settings.SITE_URL, **(context or {})}
    text = render_to_string(f"emails/{template}.txt", ctx)
    html = render_to_string(f"emails/{template}.html", ctx)

    def deliver():
        message = EmailMultiAlternatives(
            subject=f"{settings.ACCOUNT_EMAIL_SUBJECT_PREFIX}{subject}",
            body=text,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[user.email],
        )
        message.attach_alternative(html, "text/html")
        message.send()
        SentEmail.objects.filter(pk=row.pk).update(sent_at=timezone.now())

    transaction.on_commit(deliver)
    return True
