"""The scheduled-job runner every app's sweeps use: a result to count into, keyset batches, and a JobRun
record of each run (counts, dry run, the moment it ran as of, the error).

A sweep is a function `sweep(*, now, dry_run, batch_size) -> JobResult`. It is handed `now` (never reads the
clock for its business rules), selects by `<= now`, and is safe to run twice (see credentials.sweeps).
"""

import logging
from dataclasses import dataclass, field
from typing import Literal, TypedDict

from django.utils import timezone

from portal.models import JobRun

logger = logging.getLogger(__name__)

# Rows per batch: per batch a sweep pays a transaction, a commit and a delivery task whatever its size, and a
# batch's rows stay locked for its few statements (about 40 ms for 2,000 expiries). 2,000 measured 4.2-4.5x
# one plain UPDATE at 100,000 rows against 4.7-5.2x with 500 (scripts/bench_sweeps.py, docs/DECISIONS.md).
BATCH_SIZE = 2000


class TaskOptions(TypedDict, total=False):
    """Options every app's Celery tasks pass to `shared_task` (typed so the bound-task signature is checked)."""

    bind: Literal[True]
    acks_late: bool
    autoretry_for: tuple[type[BaseException], ...]
    retry_backoff: bool
    retry_backoff_max: int
    max_retries: int


@dataclass
class JobResult:
    name: str
    dry_run: bool
    counts: dict = field(default_factory=dict)

    def add(self, key, amount=1):
        self.counts[key] = self.counts.get(key, 0) + amount


def batches(queryset, *, batch_size=BATCH_SIZE, objects=False):
    """Yield lists of ids (or model objects) of `queryset`, one query per batch, keyset-paginated by pk."""
    last = 0
    while True:
        page = queryset.filter(pk__gt=last).order_by("pk")
        rows = list(page[:batch_size] if objects else page.values_list("pk", flat=True)[:batch_size])
        if not rows:
            return
        yield rows
        last = rows[-1].pk if objects else rows[-1]


def job_run(*, name, sweep, now, dry_run=False, batch_size=BATCH_SIZE) -> JobRun:
    """Run one sweep and record it in JobRun (counts on success, the error on failure, which re-raises)."""
    run = JobRun.objects.create(name=name, started_at=timezone.now(), dry_run=dry_run)
    try:
        result = sweep(now=now, dry_run=dry_run, batch_size=batch_size)
    except Exception as exc:
        run.finished_at = timezone.now()
        run.error = f"{type(exc).__name__}: {exc}"
        run.counts = {"as_of": now.isoformat()}
        run.save(update_fields=["finished_at", "error", "counts"])
        logger.exception("Sweep %s failed", name)
        raise
    run.finished_at = timezone.now()
    run.counts = {**result.counts, "as_of": now.isoformat()}
    run.save(update_fields=["finished_at", "counts"])
    logger.info("Sweep %s%s: %s", name, " (dry run)" if dry_run else "", result.counts)
    return run
