"""The virus-scan watch: uploads held as "scanning" (only while CLAMD_HOST is set) that clamd never cleared.

Both kinds of held upload are watched: External Files (credentials) and credit requests' evidence. The sweep
lives here because credit_requests is the lowest app that sees both (dependencies point one way:
credit_requests -> credentials); it is recorded in JobRun and shown on the job history page like the others.

Handed `now`, it selects by status and `held since <= now - threshold` (the (status, uploaded_at) and
(status, created_at) indexes), in keyset batches of ids, so a missed run catches up and a second run is safe:
- after REQUEUE_AFTER (15 minutes) the scan task is enqueued again for every held item, with `expires` so a copy
  no worker started before the next sweep is dropped rather than piling up behind an outage (the task itself
  skips an item that is no longer scanning). Only while CLAMD_HOST is set: without it the task cannot reach a
  clamd, so nothing is enqueued.
- after ALERT_AFTER (1 hour) staff are told once per item: one ERROR log line and one email per recipient, keyed
  `scan-stuck:<kind>:<id>:<user id>` (accounts.emails.email_send_once), so a run every 15 minutes, a retry or a
  second worker mails nothing again. An item already emailed to anyone is not emailed to later staff either.
  This also runs when CLAMD_HOST has been emptied while items were held: they would otherwise wait unseen.

Recipients: active users holding the review permission (the "KDLA Reviewers" group) and active superusers;
see docs/DECISIONS.md ("Virus scan of uploads") for why not settings.ADMINS.
"""

import datetime as dt
import logging
from dataclasses import dataclass

from django.contrib.auth.backends import ModelBackend
from django.db import transaction
from django.utils import timezone

from accounts.emails import email_send_once
from accounts.models import REVIEW_PERMISSION, SentEmail
from credentials import rules
from credentials.files import virus_scan_enabled
from credentials.models import ExternalFile
from credit_requests.models import CreditRequest
from portal.jobs import BATCH_SIZE, JobResult, batches, job_run
from portal.models import JobRun

logger = logging.getLogger(__name__)

STUCK_SCANS = "watch_stuck_scans"
REQUEUE_AFTER = dt.timedelta(minutes=15)
ALERT_AFTER = dt.timedelta(hours=1)


def _span(delta: dt.timedelta) -> str:
    """How the job label says a wait: "15 minutes", "1 hour", "2 hours"."""
    minutes = int(delta.total_seconds() // 60)
    number, unit = (minutes // 60, "hour") if minutes % 60 == 0 else (minutes, "minute")
    return f"{number} {unit}{'' if number == 1 else 's'}"


JOB_LABELS = {
    STUCK_SCANS: f"Virus scan watch (re-queue after {_span(REQUEUE_AFTER)}, alert after {_span(ALERT_AFTER)})"
}
ALERT_TEMPLATE = "scan_stuck"


@dataclass(frozen=True)
class HeldKind:
    """One kind of upload the scan can hold: how to find its held rows and which task scans one."""

    key: str  # in email keys, log lines and the email
    label: str
    model: type[ExternalFile] | type[CreditRequest]
    held_since: str  # the field the item has been held since
    task: object  # the Celery scan task (takes the item's id)

    def held(self, *, before):
        """Items still scanning that were uploaded at or before `before`."""
        return self.model.objects.filter(
            status=self.model.Status.SCANNING, **{f"{self.held_since}__lte": before}
        )


def held_kinds() -> tuple[HeldKind, ...]:
    # The task modules import their app's services; imported here, when the sweep runs, not at import time.
    from credentials.tasks import scan_external_file
    from credit_requests.tasks import scan_credit_request

    return (
        HeldKind("external-file", "External File", ExternalFile, "uploaded_at", scan_external_file),
        HeldKind("credit-request", "Credit request", CreditRequest, "created_at", scan_credit_request),
    )


def alert_key(kind: HeldKind, item_id: int, user_id: int) -> str:
    return f"scan-stuck:{kind.key}:{item_id}:{user_id}"


def alert_recipients():
    """Active staff who can act or pass it on: reviewers (group or direct permission) and superusers."""
    users = ModelBackend().with_perm(REVIEW_PERMISSION, is_active=True, include_superusers=True)
    return list(users.exclude(email="").order_by("pk"))


def stuck_scans_watch(*, now, dry_run=False, batch_size=BATCH_SIZE) -> JobResult:
    """Re-queue the scan of items held 15+ minutes (while CLAMD_HOST is set); alert staff once per item held
    an hour or more. Counts: `requeued` items, `alerted` items (alerted for the first time in this run)."""
    result = JobResult(STUCK_SCANS, dry_run, {"requeued": 0, "alerted": 0})
    scan_on = virus_scan_enabled()
    recipients = None
    for kind in held_kinds():
        if scan_on:
            _requeue(kind=kind, now=now, result=result, dry_run=dry_run, batch_size=batch_size)
        overdue = kind.held(before=now - ALERT_AFTER).only("pk", kind.held_since)
        for batch in batches(overdue, batch_size=batch_size, objects=True):
            if recipients is None:
                recipients = alert_recipients()
            for item in _not_yet_alerted(kind, batch, recipients):
                if not dry_run:
                    _alert(kind=kind, item=item, now=now, recipients=recipients, scan_on=scan_on)
                result.add("alerted")
    return result


def _requeue(*, kind, now, result, dry_run, batch_size):
    due = kind.held(before=now - REQUEUE_AFTER)
    if dry_run:
        result.add("requeued", due.count())
        return
    for batch in batches(due, batch_size=batch_size):
        for item_id in batch:
            kind.task.apply_async(args=[item_id], expires=REQUEUE_AFTER.total_seconds())
        result.add("requeued", len(batch))


def _not_yet_alerted(kind, items, recipients):
    """The items of a batch no recipient has been alerted about: one query on the email keys."""
    keys = {alert_key(kind, item.pk, user.pk): item.pk for item in items for user in recipients}
    alerted = {
        keys[key] for key in SentEmail.objects.filter(key__in=list(keys)).values_list("key", flat=True)
    }
    return [item for item in items if item.pk not in alerted]


def _alert(*, kind, item, now, recipients, scan_on):
    """One ERROR log line, then one email per recipient (recorded together; sent when they commit).

    The log line comes first so it is written even if the mail relay fails. With no recipient at all only the
    log line is written, on every run: it is then the only alert.
    """
    held_since = getattr(item, kind.held_since)
    waited = int((now - held_since).total_seconds() // 60)
    logger.error(
        "Upload held for the virus scan for %s minutes: %s #%s",
        waited,
        kind.label,
        item.pk,
        extra={
            "event": "scan_stuck",
            "item_kind": kind.key,
            "item_id": item.pk,
            "held_since": held_since.isoformat(),
            "waited_minutes": waited,
            "clamd_host_set": scan_on,
            "recipients": len(recipients),
        },
    )
    context = {
        "kind": kind,
        "item_id": item.pk,
        "held_since": timezone.localtime(held_since, rules.EASTERN),
        "waited_minutes": waited,
        "scan_on": scan_on,
        "requeue_minutes": int(REQUEUE_AFTER.total_seconds() // 60),
    }
    with transaction.atomic():
        for user in recipients:
            email_send_once(
                key=alert_key(kind, item.pk, user.pk),
                user=user,
                subject=f"Virus scan overdue: {kind.label} #{item.pk}",
                template=ALERT_TEMPLATE,
                context=context,
            )


def stuck_scans_run(*, now, dry_run=False) -> JobRun:
    """The watch, recorded in JobRun like the deadline sweeps."""
    return job_run(name=STUCK_SCANS, sweep=stuck_scans_watch, now=now, dry_run=dry_run)
