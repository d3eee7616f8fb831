"""Celery tasks: the virus scan of a credit request's evidence (only enqueued while CLAMD_HOST is set), and the
scheduled watch over every upload held for the scan (credit_requests/sweeps.py)."""

from celery import shared_task
from django.conf import settings
from django.utils import timezone

from credentials.tasks import SCAN_OPTIONS, TASK_OPTIONS
from credit_requests import services, sweeps
from credit_requests.models import CreditRequest
from portal import clamd


@shared_task(name="credit_requests.tasks.scan_credit_request", **SCAN_OPTIONS)
def scan_credit_request(self, credit_request_id):
    credit_request = CreditRequest.objects.filter(pk=credit_request_id).first()
    if credit_request is None or credit_request.status != CreditRequest.Status.SCANNING:
        return "skipped"
    signature = clamd.scan_file(
        credit_request.file,
        host=settings.CLAMD_HOST,
        port=settings.CLAMD_PORT,
        timeout=settings.CLAMD_TIMEOUT,
    )
    services.credit_request_scanned(
        credit_request_id=credit_request_id, signature=signature, now=timezone.now()
    )
    return signature or "clean"


@shared_task(name="credit_requests.tasks.watch_stuck_scans", **TASK_OPTIONS)
def watch_stuck_scans(self):
    return sweeps.stuck_scans_run(now=timezone.now()).counts
