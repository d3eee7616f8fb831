"""`make bench` (issue 13): `import_history` of 10,000 lines, and the reviewers' person page with 200 events.

Throwaway test database as in scripts/bench.py (SQLite in memory, or `<name>_bench` on PostgreSQL). Prints the
import's time and query count (first run and the no-op re-run), and the person page's queries and median time
with 20 and with 200 history events (the query count must not move). Not a test: nothing is asserted on time.
"""

import datetime as dt
import io
import os
import statistics
import sys
import time
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

ROWS = int(os.environ.get("BENCH_IMPORT_ROWS", "10000"))
REQUESTS = int(os.environ.get("BENCH_REQUESTS", "20"))
HEADER = "email,record,program,title,date,end_date,status,hours\n"


def history_csv(emails):
    """ROWS lines: per person a renewal-credits credential, an application, a course and credits."""
    lines = []
    for n, email in enumerate(emails):
        lines.append(f"{email},credential,part-time-renewal-credits,,02/06/2023,02/06/2028,ACTIVE,")
        lines.append(f"{email},credential,part-time-initial-application,,12/01/2022,01/30/2023,COMPLETED,")
        lines.append(f"{email},course,,Customer Service Basics,11/15/2022,,,")
        for k in range(7):
            lines.append(
                f"{email},credit,part-time-renewal-credits,Workshop {k},03/{10 + k:02d}/2024,,,{1 + n % 3}"
            )
    return HEADER + "\n".join(lines[:ROWS]) + "\n"


def bench_import():
    from accounts.models import Library, User
    from credentials.history_import import history_import

    library = Library.objects.first()
    people = ROWS // 10 + 1
    User.objects.bulk_create(
        User(email=f"import{n}@library.example", first_name="Imp", last_name=f"Ort{n}", library=library)
        for n in range(people)
    )
    text = history_csv([f"import{n}@library.example" for n in range(people)])
    for label in ("import_history, 10,000 lines", "same file again (no-op)"):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            result = history_import(handle=io.StringIO(text), now=timezone.now())
            elapsed = time.perf_counter() - started
        assert not result.errors, result.errors[:3]
        print(
            f"{label:<34} {len(captured.captured_queries):>8} {elapsed * 1000:>10.0f}   "
            f"new {sum(result.created.values())}, unchanged {result.unchanged}"
        )


def person_with_events(count):
    from accounts.models import Library, PersonEvent, User
    from credentials.models import Credential, CredentialEvent, Program

    now = timezone.now()
    person = User.objects.create(
        email=f"person{count}@library.example",
        first_name="Per",
        last_name="Son",
        library=Library.objects.first(),
    )
    credential = Credential.objects.create(
        user=person,
        program=Program.objects.get(code="part-time-initial-application"),
        cycle_start=timezone.localdate(),
        cycle_end=timezone.localdate() + dt.timedelta(days=60),
        registered_at=now,
        upload_deadline=now + dt.timedelta(days=30),
    )
    CredentialEvent.objects.bulk_create(
        CredentialEvent(credential=credential, kind="deadline", note=f"event {n}", at=now)
        for n in range(count // 2)
    )
    PersonEvent.objects.bulk_create(
        PersonEvent(user=person, kind=PersonEvent.Kind.NOTE, note=f"note {n}", at=now)
        for n in range(count // 2)
    )
    return person


def bench_person_page():
    from accounts.models import User
    from tests.factories import reviewers_group

    reviewer = User.objects.create_user(email="bench.reviewer@kdla.example", password=None)
    reviewer.groups.add(reviewers_group())
    client = Client()
    client.force_login(reviewer)
    for count in (20, 200):
        url = reverse("reviews:person", args=[person_with_events(count).pk])
        client.get(url)
        timings, queries = [], 0
        for _ in range(REQUESTS):
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                response = client.get(url)
                timings.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200
            queries = len(captured.captured_queries)
        print(f"{f'person page, {count} events':<34} {queries:>8} {statistics.median(timings):>10.1f}")


def main():
    import logging

    logging.getLogger("portal.request").setLevel(logging.WARNING)  # one line per request otherwise
    setup_test_environment()
    old_name = connection.settings_dict["NAME"]
    if connection.vendor != "sqlite":
        connection.settings_dict["TEST"]["NAME"] = f"{old_name}_bench"
    connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    try:
        from credentials.seeding import seed_catalog

        seed_catalog()
        print(f"Database: {connection.vendor}")
        print(f"{'what':<34} {'queries':>8} {'ms':>10}")
        bench_import()
        bench_person_page()
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    settings.DEBUG = False
    main()
