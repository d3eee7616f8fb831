"""Celery tasks: thin wrappers that hand `timezone.now()` to one sweep each (schedule: CELERY_BEAT_SCHEDULE).

`acks_late` + retries with backoff: a worker killed halfway leaves the message to be redelivered, and the
sweeps are idempotent, so a redelivery or retry finishes the work without repeating any change or email.
"""

from celery import shared_task
from django.utils import timezone

from credentials import sweeps
from portal.jobs import TaskOptions

TASK_OPTIONS: TaskOptions = {
    "bind": True,
    "acks_late": True,
    "autoretry_for": (Exception,),
    "retry_backoff": True,
    "max_retries": 5,
}


@shared_task(name="credentials.tasks.enforce_upload_windows", **TASK_OPTIONS)
def enforce_upload_windows(self):
    return sweeps.sweep_run(name=sweeps.UPLOAD_WINDOWS, now=timezone.now()).counts


@shared_task(name="credentials.tasks.enforce_renewal_cycles", **TASK_OPTIONS)
def enforce_renewal_cycles(self):
    return sweeps.sweep_run(name=sweeps.RENEWAL_CYCLES, now=timezone.now()).counts


@shared_task(name="credentials.tasks.ensure_renewal_enrollments", **TASK_OPTIONS)
def ensure_renewal_enrollments(self):
    return sweeps.sweep_run(name=sweeps.RENEWAL_ENROLLMENTS, now=timezone.now()).counts


@shared_task(name="credentials.tasks.enforce_certifications", **TASK_OPTIONS)
def enforce_certifications(self):
    from credentials.sweeps_certification import CERTIFICATIONS

    return sweeps.sweep_run(name=CERTIFICATIONS, now=timezone.now()).counts


# --- c3: virus scan of held uploads (only enqueued while CLAMD_HOST is set) ----------------------------------
# Retries (with backoff) when clamd is unreachable or gives no verdict; the item stays "scanning" meanwhile.
SCAN_OPTIONS: TaskOptions = {**TASK_OPTIONS, "max_retries": 10, "retry_backoff_max": 600}


@shared_task(name="credentials.tasks.scan_external_file", **SCAN_OPTIONS)
def scan_external_file(self, external_file_id):
    from django.conf import settings

    from credentials.models import ExternalFile
    from credentials.services.external_files import external_file_scanned
    from portal import clamd

    external_file = ExternalFile.objects.filter(pk=external_file_id).first()
    if external_file is None or external_file.status != ExternalFile.Status.SCANNING:
        return "skipped"
    signature = clamd.scan_file(
        external_file.file, host=settings.CLAMD_HOST, port=settings.CLAMD_PORT, timeout=settings.CLAMD_TIMEOUT
    )
    external_file_scanned(external_file_id=external_file_id, signature=signature, now=timezone.now())
    return signature or "clean"
