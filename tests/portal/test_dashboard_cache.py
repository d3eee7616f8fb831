"""The dashboard's boxes are cached per learner (portal/dashboard.py) and are never older than the data.

Each freshness test primes the cache with a visit, changes the data the way the portal does (a service, a
sweep, an admin save), and checks that the next visit shows the change.
"""

import datetime as dt
import os
import re
import socket
import time
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.core.cache import cache
from django.core.cache.backends import locmem
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from courses.models import CatalogItem, Enrollment, Lesson, LessonCompletion
from courses.services import lesson_complete
from credentials import rules
from credentials.models import Credential, CreditEntry, ExternalFile, Program
from credentials.sweeps import renewal_cycles_enforce, upload_windows_enforce
from credit_requests.models import CreditRequest
from portal import dashboard
from reviews.services import credit_request_decide
from tests.conftest import eastern, redis_url_or_missing
from tests.credentials.applications import registered_application
from tests.credentials.sweep_builders import application
from tests.credentials.test_services_applications import _upload
from tests.credit_requests.helpers import submit
from tests.factories import CredentialFactory, EnrollmentFactory, LessonFactory, ReviewerFactory, UserFactory

pytestmark = pytest.mark.django_db

MAIN = re.compile(r"<main\b.*?</main>", re.S)


def _main(client):
    """The page's <main> (the header's logout form carries a per-response CSRF token)."""
    response = client.get(reverse("dashboard"))
    assert response.status_code == 200
    return MAIN.search(response.content.decode()).group(0)


def _version(user):
    return User.objects.values_list("dashboard_version", flat=True).get(pk=user.pk)


def test_a_second_visit_reads_the_boxes_from_the_cache(client, seeded, django_assert_num_queries):
    credential = CredentialFactory()
    client.force_login(credential.user)
    first = _main(client)
    assert "0 of 15 contact hours" in first
    # The session, and the user with their review permission (accounts.backends): no box query.
    with django_assert_num_queries(2):
        second = _main(client)
    assert second == first
    cache.clear()
    assert _main(client) == first


def test_an_approved_credit_request_shows_at_once(client, seeded):
    start = rules.local_date(timezone.now()) - dt.timedelta(days=200)
    credential = CredentialFactory(cycle_start=start, cycle_end=rules.add_years(start, 5))
    client.force_login(credential.user)
    assert "0 of 15 contact hours" in _main(client)

    request = submit(credential=credential, now=timezone.now(), credits="4")
    html = _main(client)
    assert "Annual Summation: CE Activities" in html and "PENDING" in html

    credit_request_decide(
        credit_request=request,
        reviewer=ReviewerFactory(),
        approved_credits=Decimal("3"),
        notes="One hour was a lunch break.",
        now=timezone.now(),
    )
    html = _main(client)
    assert "3 of 15 contact hours" in html
    assert "One hour was a lunch break." in html


def test_a_completed_lesson_moves_the_progress_at_once(client, db):
    first = LessonFactory()
    LessonFactory(course=first.course)
    enrollment = EnrollmentFactory(course=first.course)
    client.force_login(enrollment.user)
    assert "0 of 2 lessons" in _main(client)
    lesson_complete(enrollment=enrollment, lesson=first, now=timezone.now())
    assert "1 of 2 lessons" in _main(client)


def test_an_uploaded_application_file_replaces_upload_missing_files(client, seeded):
    credential = registered_application()
    client.force_login(credential.user)
    assert "Upload Missing Files" in _main(client)
    _upload(credential)
    html = _main(client)
    assert "Upload Missing Files" not in html
    assert "File received, awaiting review" in html


def test_a_catalog_edit_in_the_admin_shows_on_every_enrolled_dashboard(client, db):
    enrollment = EnrollmentFactory()
    client.force_login(enrollment.user)
    assert enrollment.course.title in _main(client)
    course = enrollment.course
    course.title = "Reference Services (revised)"
    course.save()  # what the admin's change form does
    assert "Reference Services (revised)" in _main(client)


def test_the_set_based_cycle_expiry_shows_expired(client, seeded, django_capture_on_commit_callbacks):
    today = rules.local_date(timezone.now())
    credential = CredentialFactory(
        cycle_start=today - dt.timedelta(days=5 * 365 + 10), cycle_end=today - dt.timedelta(days=1)
    )
    client.force_login(credential.user)
    assert "ACTIVE" in _main(client)
    with django_capture_on_commit_callbacks(execute=True):
        result = renewal_cycles_enforce(now=timezone.now())
    assert result.counts["expired"] == 1
    html = _main(client)
    assert "EXPIRED" in html and "NON-COMPLIANT" in html


def _locmem(settings):
    """An in-process cache whatever the run's CACHE_URL (its clock is the one a test can move), empty."""
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "expiry"}
    }
    cache.clear()


def test_boxes_cached_before_an_upload_deadline_are_gone_once_the_sweep_can_expire_it(
    client, seeded, settings, monkeypatch, django_assert_num_queries, django_capture_on_commit_callbacks
):
    """The set-based expiry writes no dashboard version: the boxes are cached only until the deadline."""
    _locmem(settings)
    credential = application(registered_on=rules.local_date(timezone.now()) - dt.timedelta(days=29))
    Credential.objects.filter(pk=credential.pk).update(
        upload_deadline=timezone.now() + dt.timedelta(seconds=60)
    )
    client.force_login(credential.user)
    assert "Upload Missing Files" in _main(client)
    with django_assert_num_queries(2):  # cached
        assert "Upload Missing Files" in _main(client)

    later = time.time() + 61  # the cache's clock a minute on: the deadline has passed
    monkeypatch.setattr(locmem, "time", SimpleNamespace(time=lambda: later))
    with django_capture_on_commit_callbacks(execute=True):
        result = upload_windows_enforce(now=timezone.now() + dt.timedelta(seconds=61))
    assert result.counts["expired"] == 1
    html = _main(client)
    assert "EXPIRED" in html and "Upload Missing Files" not in html
    # No action left: a dash on screen (a phone card would show an empty "Action"), "None" to a screen reader.
    assert '<span aria-hidden="true">–</span><span class="visually-hidden">None</span>' in html


def test_boxes_past_a_deadline_the_sweep_has_not_reached_are_not_cached(client, seeded, settings):
    _locmem(settings)
    credential = application(registered_on=rules.local_date(timezone.now()) - dt.timedelta(days=40))
    client.force_login(credential.user)
    assert "deadline passed" in _main(client)
    with CaptureQueriesContext(connection) as second:
        assert "deadline passed" in _main(client)
    assert len(second.captured_queries) > 2  # rendered again: the sweep may expire it at any moment


def test_days_left_count_down_at_midnight_without_any_write(seeded):
    credential = registered_application(now=eastern(2026, 3, 2, 9))
    user = User.objects.get(pk=credential.user_id)
    before = dashboard.boxes_html(user=user, now=eastern(2026, 3, 2, 23, 58))
    after = dashboard.boxes_html(user=user, now=eastern(2026, 3, 3, 0, 1))
    assert "30 days left" in before
    assert "29 days left" in after


def _changes(seeded_user):
    """One write per model the boxes read, each as the portal or the admin makes it."""
    credential = CredentialFactory(user=seeded_user)
    enrollment = EnrollmentFactory(user=seeded_user, course=LessonFactory().course)
    lesson = enrollment.course.lessons.get()
    yield "credential", lambda: Credential.objects.get(pk=credential.pk).save()
    yield (
        "credit entry",
        lambda: CreditEntry.objects.create(
            credential=credential,
            source=CreditEntry.Source.ADJUSTMENT,
            source_key="adjustment:test",
            hours=Decimal("1"),
            activity_date=credential.cycle_start,
            title="Workshop",
            created_at=timezone.now(),
        ),
    )
    yield "enrollment", lambda: Enrollment.objects.get(pk=enrollment.pk).save()
    yield (
        "lesson completion",
        lambda: LessonCompletion.objects.create(
            enrollment=enrollment, lesson=lesson, completed_at=timezone.now()
        ),
    )
    yield "lesson", lambda: Lesson.objects.get(pk=lesson.pk).save()
    yield "catalog item", lambda: CatalogItem.objects.get(pk=enrollment.course_id).save()
    yield "program", lambda: Program.objects.get(pk=credential.program_id).save()
    yield "credit request", lambda: submit(credential=credential, now=timezone.now())
    yield "external file", lambda: ExternalFile.objects.filter(credential__user=seeded_user).first().save()
    yield "credit request deleted", lambda: CreditRequest.objects.filter(user=seeded_user).delete()
    yield "enrollment deleted", lambda: Enrollment.objects.filter(pk=enrollment.pk).delete()


def test_every_model_the_boxes_read_moves_the_owners_version(seeded):
    user = UserFactory()
    application = registered_application(user=user)
    _upload(application)
    for name, change in _changes(user):
        before = _version(user)
        change()
        assert _version(user) > before, f"a {name} change left the dashboard version as it was"


def test_a_change_to_one_learner_leaves_anothers_cache_alone(seeded):
    mine, theirs = CredentialFactory(), CredentialFactory()
    before = _version(theirs.user)
    submit(credential=mine, now=timezone.now())
    assert _version(theirs.user) == before


def _closed_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_an_unreachable_cache_costs_speed_not_the_page(client, seeded, settings, caplog):
    credential = CredentialFactory()
    client.force_login(credential.user)
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{_closed_port()}/0",
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }
    assert "0 of 15 contact hours" in _main(client)
    assert "dashboard cache unreachable" in caplog.text


def test_web_replicas_share_the_boxes_through_redis(client, seeded, settings, django_assert_num_queries):
    """CACHE_URL's Redis cache: what one replica rendered, another serves (here: two clients, one cache)."""
    redis_url = redis_url_or_missing()
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": redis_url.rsplit("/", 1)[0] + "/15",
            "KEY_PREFIX": f"test-{os.getpid()}",
        }
    }
    credential = CredentialFactory()
    client.force_login(credential.user)
    first = _main(client)
    other = type(client)()
    other.force_login(credential.user)
    with django_assert_num_queries(2):
        assert _main(other) == first
    cache.delete(dashboard.cache_key(user=User.objects.get(pk=credential.user_id), now=timezone.now()))
