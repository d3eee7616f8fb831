"""The outbox's worker side (accounts.emails): deliver what was recorded, and what is still owed."""

from celery import shared_task

from accounts import emails
from portal.jobs import TaskOptions

# The mail server being down fails the task: retried with backoff (up to ~10 minutes apart); after that the
# beat job below still delivers whatever stays owed.
DELIVERY_OPTIONS: TaskOptions = {
    "bind": True,
    "acks_late": True,
    "autoretry_for": (Exception,),
    "retry_backoff": True,
    "retry_backoff_max": 600,
    "max_retries": 5,
}


@shared_task(name="accounts.tasks.deliver_emails", **DELIVERY_OPTIONS)
def deliver_emails(self, keys):
    """Send the recorded emails `keys` (enqueued when the recording transaction commits)."""
    return emails.outbox_deliver(keys=keys)


@shared_task(name="accounts.tasks.deliver_owed_emails", bind=True, acks_late=True)
def deliver_owed_emails(self):
    """Beat, every 5 minutes: emails still unsent 10 minutes after they were recorded."""
    return emails.outbox_deliver_owed()
