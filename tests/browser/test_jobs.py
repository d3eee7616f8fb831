import datetime as dt
import os

import pytest
from django.utils import timezone

from portal.models import JobRun
from tests.conftest import assert_no_axe_violations
from tests.factories import ReviewerFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_reviewer_reads_the_job_history_page(login_page):
    import importlib

    from django.apps import apps

    # The reviewers group comes from a data migration, which an earlier transactional test may have flushed.
    importlib.import_module("reviews.migrations.0002_reviewers_group").create_group(apps, None)
    now = timezone.now()
    for minute, name in enumerate(
        ["enforce_upload_windows", "enforce_renewal_cycles", "ensure_renewal_enrollments"]
    ):
        started = now - dt.timedelta(minutes=minute * 7)
        JobRun.objects.create(
            name=name,
            started_at=started,
            finished_at=started + dt.timedelta(seconds=1.4),
            counts={"reminders": 2, "expired": 1} if "enforce" in name else {"enrolled": 0},
        )
    JobRun.objects.create(
        name="enforce_upload_windows",
        started_at=now - dt.timedelta(hours=1),
        finished_at=now - dt.timedelta(hours=1),
        counts={},
        error="OperationalError: could not connect to server",
    )
    page = login_page(ReviewerFactory())
    page.goto("/review/jobs/")
    assert page.get_by_role("heading", level=1).inner_text() == "Scheduled jobs"
    last_runs = page.get_by_role("table").first
    assert last_runs.get_by_role("row", name="Upload windows (reminders and expiry)").is_visible()
    assert page.get_by_text("2 reminders, 1 expired").first.is_visible()
    assert page.get_by_text("OperationalError: could not connect to server").is_visible()
    if os.environ.get("SCREENSHOT_DIR"):
        page.screenshot(path=os.path.join(os.environ["SCREENSHOT_DIR"], "jobs.png"), full_page=True)
    assert_no_axe_violations(page)
