"""The job history page under /review/jobs/: reviewers only, last run per job, recent runs paginated."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from portal.models import JobRun
from tests.factories import ReviewerFactory, UserFactory


def _run(name, minutes_ago, counts, **extra):
    started = timezone.now() - dt.timedelta(minutes=minutes_ago)
    return JobRun.objects.create(
        name=name, started_at=started, finished_at=started + dt.timedelta(seconds=2), counts=counts, **extra
    )


@pytest.mark.django_db
def test_learner_cannot_see_job_history(client):
    client.force_login(UserFactory())
    assert client.get(reverse("reviews:jobs")).status_code == 403


@pytest.mark.django_db
def test_anonymous_is_sent_to_login(client):
    response = client.get(reverse("reviews:jobs"))
    assert response.status_code == 302 and reverse("account_login") in response["Location"]


@pytest.mark.django_db
def test_reviewer_sees_last_run_of_each_job_with_counts(client):
    _run("enforce_upload_windows", 30, {"reminders": 1, "expired": 0, "as_of": "x"})
    _run("enforce_upload_windows", 15, {"reminders": 2, "expired": 3, "as_of": "x"})
    _run("enforce_renewal_cycles", 10, {}, error="RuntimeError: database went away")
    client.force_login(ReviewerFactory())
    response = client.get(reverse("reviews:jobs"))
    html = response.content.decode()
    assert response.status_code == 200
    summary = response.context["summary"]
    assert [job["label"] for job in summary] == [
        "Upload windows (reminders and expiry)",
        "Renewal cycles (reminders and expiry)",
        "Renewal enrollment safety net",
        "Certifications (reminders and lapse)",
        "Virus scan watch (re-queue after 15 minutes, alert after 1 hour)",
    ]
    assert summary[0]["last"]["counts"] == {"reminders": 2, "expired": 3}
    assert "2 reminders, 3 expired" in html
    assert "RuntimeError: database went away" in html
    assert "Has not run yet." in html
    assert '<th scope="col">Job</th>' in html


@pytest.mark.django_db
def test_recent_runs_are_paginated_with_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    client.force_login(ReviewerFactory())
    for minute in range(3):
        _run("enforce_upload_windows", minute, {"expired": minute})
    client.get(reverse("reviews:jobs"))  # warm the session and permission caches
    with django_assert_max_num_queries(12) as few:
        client.get(reverse("reviews:jobs"))
    for minute in range(3, 60):
        _run("enforce_renewal_cycles", minute, {"expired": minute}, dry_run=minute % 2 == 0)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("reviews:jobs"))
    assert len(response.context["runs"]) == 25
    assert "Page 1 of 3" in response.content.decode()
    page3 = client.get(reverse("reviews:jobs"), {"page": 3})
    assert len(page3.context["runs"]) == 10
    assert "Newer runs" in page3.content.decode()
