"""Scheduled job history for reviewers: the last run of each sweep and every recent run (paginated)."""

from django.contrib.auth.decorators import login_required, permission_required
from django.core.paginator import Paginator
from django.shortcuts import render

from accounts.models import REVIEW_PERMISSION
from credentials import sweeps as deadline_sweeps
from credit_requests import sweeps as scan_sweeps
from portal.models import JobRun

RUNS_PER_PAGE = 25
# Every scheduled job, in the order the page lists them (each app names its own).
JOB_LABELS = {**deadline_sweeps.JOB_LABELS, **scan_sweeps.JOB_LABELS}
# JSONB does not keep key order
COUNT_ORDER = ["enrolled", "reminders", "expired", "emails_redelivered", "requeued", "alerted"]


def _row(run):
    raw = {key: value for key, value in (run.counts or {}).items() if key != "as_of"}
    order = [key for key in COUNT_ORDER if key in raw] + sorted(key for key in raw if key not in COUNT_ORDER)
    counts = {key: raw[key] for key in order}
    duration = None
    if run.finished_at:
        duration = f"{(run.finished_at - run.started_at).total_seconds():.1f} s"
    return {"run": run, "label": JOB_LABELS.get(run.name, run.name), "counts": counts, "duration": duration}


@login_required
@permission_required(REVIEW_PERMISSION, raise_exception=True)
def job_history(request):
    latest = {
        name: JobRun.objects.filter(name=name).order_by("-started_at", "-id").first() for name in JOB_LABELS
    }
    summary = [
        {"name": name, "label": label, "last": _row(latest[name]) if latest[name] else None}
        for name, label in JOB_LABELS.items()
    ]
    page = Paginator(JobRun.objects.order_by("-started_at", "-id"), RUNS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "reviews/jobs.html",
        {"summary": summary, "page": page, "runs": [_row(run) for run in page.object_list]},
    )
