"""`make bench`: query counts and median server time of the dashboard and the catalog with realistic data.

Creates a throwaway test database on the configured DATABASE_URL (SQLite in memory by default, or
`<name>_bench` on PostgreSQL), seeds the real catalog, pads it to 500 items, and gives one learner 50 courses
(half completed) and 20 credentials. Then it requests each page ~30 times with Django's test Client and
prints a table. The database is dropped at the end. Not a test: nothing is asserted about time.

    make bench                       # SQLite
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/kdla_bench make bench
    BENCH_REQUESTS=50 make bench
    BENCH_SMOKE=1 ...                # `make bench-smoke` (CI): 2 requests per page, checks the script runs
"""

import datetime as dt
import os
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

REQUESTS = int(os.environ.get("BENCH_REQUESTS") or (2 if os.environ.get("BENCH_SMOKE") == "1" else 30))
CATALOG_SIZE = 500
COURSES = 50
CREDENTIALS = 20


def build_data():
    from accounts.models import Library, User
    from courses.models import CatalogItem, Category, Enrollment, Lesson, LessonCompletion
    from credentials.models import Credential, CredentialStatus, CreditEntry, Program
    from credentials.seeding import seed_catalog

    seed_catalog()
    now = timezone.now()
    category = Category.objects.get(slug="continuing-education")
    missing = CATALOG_SIZE - CatalogItem.objects.count()
    CatalogItem.objects.bulk_create(
        CatalogItem(
            kind=CatalogItem.Kind.COURSE,
            title=f"Bench Course {n:03d}",
            slug=f"bench-course-{n:03d}",
            category=category,
            summary="A continuing-education course used by the benchmark.",
            contact_hours=Decimal("1.50"),
            order=100 + n,
        )
        for n in range(missing)
    )
    bench_courses = list(CatalogItem.objects.filter(slug__startswith="bench-course-")[:COURSES])
    Lesson.objects.bulk_create(
        Lesson(course=course, order=i, title=f"Lesson {i}", slug=f"lesson-{i}", body="Text.")
        for course in bench_courses
        for i in range(3)
    )
    user = User.objects.create_user(
        email="bench@library.example",
        password=None,
        first_name="Bench",
        last_name="Learner",
        library=Library.objects.first(),
    )
    enrollments = Enrollment.objects.bulk_create(
        Enrollment(
            user=user,
            course=course,
            registered_at=now - dt.timedelta(days=400 - i),
            completed_at=(now - dt.timedelta(days=300 - i)) if i % 2 == 0 else None,
        )
        for i, course in enumerate(bench_courses)
    )
    lessons = {course.pk: list(course.lessons.all()) for course in bench_courses}
    LessonCompletion.objects.bulk_create(
        LessonCompletion(enrollment=enrollment, lesson=lesson, completed_at=now)
        for enrollment in enrollments
        for lesson in lessons[enrollment.course_id][: 3 if enrollment.completed_at else 1]
    )
    programs = list(Program.objects.filter(kind=Program.Kind.RENEWAL_CREDITS)) + list(
        Program.objects.filter(kind=Program.Kind.APPLICATION)
    )
    credentials = []
    today = timezone.localdate()
    for i in range(CREDENTIALS):
        program = programs[i % len(programs)]
        start = today - dt.timedelta(days=2000 - 90 * i)
        active = i >= CREDENTIALS - len(programs)  # the newest one of each program is active
        credentials.append(
            Credential(
                user=user,
                program=program,
                status=CredentialStatus.ACTIVE if active else CredentialStatus.EXPIRED,
                compliance="in_progress" if active else "non_compliant",
                cycle_start=start,
                cycle_end=start + dt.timedelta(days=60 if program.is_application else 1826),
                registered_at=now - dt.timedelta(days=2000 - 90 * i),
                upload_deadline=(now + dt.timedelta(days=20)) if program.is_application else None,
            )
        )
    credentials = Credential.objects.bulk_create(credentials)
    CreditEntry.objects.bulk_create(
        CreditEntry(
            credential=credential,
            source=CreditEntry.Source.COURSE,
            source_key=f"bench:{credential.pk}:{n}",
            hours=Decimal("1.50"),
            activity_date=credential.cycle_start,
            title="Bench course",
            created_at=now,
        )
        for credential in credentials
        if not credential.program.is_application
        for n in range(5)
    )
    return user


def measure(client, url, cold=False):
    """Median and worst time of REQUESTS GETs of `url`; `cold` empties the cache before each one (the
    dashboard's boxes are cached per learner: portal/dashboard.py)."""
    from django.core.cache import cache

    timings, queries = [], None
    client.get(url)  # warm up (template loading, first session write)
    for _ in range(REQUESTS):
        if cold:
            cache.clear()
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(url)
            elapsed = time.perf_counter() - started
        assert response.status_code == 200, (url, response.status_code)
        timings.append(elapsed * 1000)
        queries = len(captured.captured_queries)
    return queries, statistics.median(timings), max(timings)


def main():
    setup_test_environment()
    old_name = connection.settings_dict["NAME"]
    engine = connection.vendor
    if engine != "sqlite":  # its own throwaway database, never the one pytest or the app uses
        connection.settings_dict["TEST"]["NAME"] = f"{old_name}_bench"
    connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    try:
        user = build_data()
        client = Client()
        client.force_login(user)
        pages = [
            ("dashboard (boxes cached)", reverse("dashboard")),
            ("dashboard (boxes rendered)", reverse("dashboard"), True),
            ("catalog", reverse("courses:catalog")),
            ("catalog, page 10", reverse("courses:catalog") + "?page=10"),
            ("catalog, KDLA Certifications", reverse("courses:catalog") + "?category=kdla-certifications"),
            ("course page", reverse("courses:course", args=["bench-course-000"])),
        ]
        from courses.models import CatalogItem, Enrollment
        from credentials.models import Credential

        print(
            f"Database: {engine}  catalog items: {CatalogItem.objects.count()}  "
            f"learner courses: {Enrollment.objects.filter(user=user).count()}  "
            f"credentials: {Credential.objects.filter(user=user).count()}  requests per page: {REQUESTS}"
        )
        print(f"{'page':<32} {'queries':>8} {'median ms':>10} {'max ms':>8}")
        for name, url, *cold in pages:
            queries, median, worst = measure(client, url, *cold)
            print(f"{name:<32} {queries:>8} {median:>10.1f} {worst:>8.1f}")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    settings.DEBUG = False
    main()
