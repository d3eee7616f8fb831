"""`make bench`: My Staff and the KDLA reports at 10,000 staff, 50,000 credentials, 100,000 credit requests.

Creates a throwaway test database on the configured DATABASE_URL (SQLite in memory by default, or
`<name>_bench` on PostgreSQL), seeds it with scripts/loadtest/seed.py's data plus a decision and a ledger line
for every approved credit request, open upload windows for one staff member in ten, a certification per staff
member (valid through their current cycle's end, one in ten lapsing within 180 days; one in twenty LAPSED,
one in fifty REVOKED), and a director of ten library systems (about 1,000 staff). Then it requests each page BENCH_REQUESTS times with Django's test Client
and prints the query count and median/max server time. The database is dropped at the end. Not a test.

    .venv/bin/python scripts/bench_directors.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/kdla_directors .venv/bin/python scripts/bench_directors.py
"""

import datetime as dt
import importlib.util
import os
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
os.environ.setdefault("REVIEWER_MFA_REQUIRED", "false")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

REQUESTS = int(os.environ.get("BENCH_REQUESTS", "15"))
STAFF = int(os.environ.get("BENCH_STAFF", "10000"))
DIRECTED_LIBRARIES = 10
BATCH = 5000


def _loadtest_seed():
    spec = importlib.util.spec_from_file_location("loadtest_seed", ROOT / "scripts" / "loadtest" / "seed.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def build_data():
    from accounts.library_roles import library_role_grant
    from accounts.models import Library, User
    from credentials import rules
    from credentials.models import (
        Certification,
        CertificationStatus,
        Credential,
        CredentialStatus,
        CreditEntry,
        Program,
    )
    from credit_requests.models import CreditRequest
    from reviews.models import Decision

    seed = _loadtest_seed()
    seed.seed(STAFF)
    now = timezone.now()
    reviewer = User.objects.get(email=seed.reviewer_email(0))
    approved = CreditRequest.objects.filter(status=CreditRequest.Status.APPROVED).values_list(
        "pk", "credential_id", "created_at", "activity_date"
    )
    decisions, entries = [], []
    for n, (pk, credential_id, created_at, activity_date) in enumerate(approved.iterator(chunk_size=BATCH)):
        decided_at = min(now, created_at + dt.timedelta(days=1 + n % 20, hours=n % 7))
        decisions.append(
            Decision(
                credit_request_id=pk,
                reviewer=reviewer,
                outcome=Decision.Outcome.APPROVED,
                approved_credits=Decimal("1.5"),
                decided_at=decided_at,
            )
        )
        entries.append(
            CreditEntry(
                credential_id=credential_id,
                source=CreditEntry.Source.REQUEST,
                source_key=f"request:{pk}",
                hours=Decimal("1.5"),
                activity_date=activity_date,
                title="Workshop",
                created_at=decided_at,
            )
        )
    Decision.objects.bulk_create(decisions, batch_size=BATCH)
    CreditEntry.objects.bulk_create(entries, batch_size=BATCH)
    application = Program.objects.get(code="part-time-initial-application")
    today = rules.local_date(now)
    staff = list(User.objects.filter(email__startswith="loadtest-staff").values_list("pk", flat=True))
    Credential.objects.bulk_create(
        [
            Credential(
                user_id=pk,
                program=application,
                status=CredentialStatus.ACTIVE,
                cycle_start=today - dt.timedelta(days=5),
                cycle_end=today + dt.timedelta(days=55),
                registered_at=now - dt.timedelta(days=5),
                upload_deadline=rules.upload_deadline(today - dt.timedelta(days=5), 30),
            )
            for pk in staff[::10]
        ],
        batch_size=BATCH,
    )
    cycles = Credential.objects.filter(
        user_id__in=staff, status=CredentialStatus.ACTIVE, program__code="part-time-renewal-credits"
    ).values_list("user_id", "program_id", "cycle_start", "cycle_end")
    certifications = []
    for n, (user_id, program_id, start, end) in enumerate(cycles.iterator(chunk_size=BATCH)):
        status = (
            CertificationStatus.REVOKED
            if n % 50 == 1
            else CertificationStatus.LAPSED
            if n % 20 == 0
            else CertificationStatus.VALID
        )
        through = {
            CertificationStatus.LAPSED: start - dt.timedelta(days=1),
            CertificationStatus.VALID: today + dt.timedelta(days=n % 180) if n % 10 == 3 else end,
        }.get(status, end)
        certifications.append(
            Certification(
                user_id=user_id,
                program_id=program_id,
                status=status,
                valid_from=through - dt.timedelta(days=5 * 365),
                valid_through=through,
                lapsed_at=now if status == CertificationStatus.LAPSED else None,
                revoked_at=now if status == CertificationStatus.REVOKED else None,
                created_at=now,
            )
        )
    Certification.objects.bulk_create(certifications, batch_size=BATCH)
    seed.analyze()
    director = User.objects.create_user(
        email="bench-director@library.example", first_name="Bench", last_name="Director"
    )
    libraries = list(
        Library.objects.filter(staff__isnull=False).distinct().order_by("name")[:DIRECTED_LIBRARIES]
    )
    for library in libraries:
        library_role_grant(user=director, library=library, kind="director", actor=None, now=now)
    director.refresh_from_db()
    return director, reviewer, libraries


def measure(client, url):
    timings, queries = [], None
    response = client.get(url)  # warm up
    assert response.status_code == 200, (url, response.status_code)
    for _ in range(REQUESTS):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(url)
            if getattr(response, "streaming", False):
                b"".join(response.streaming_content)
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
        started = time.monotonic()
        director, reviewer, libraries = build_data()
        from accounts.models import User
        from credentials.models import Certification, Credential
        from credit_requests.models import CreditRequest
        from reviews.models import Decision

        staff_member = (
            User.objects.filter(library=libraries[0], is_staff=False).exclude(pk=director.pk).first()
        )
        print(
            f"Database: {engine}  staff: {User.objects.count()}  credentials: {Credential.objects.count()}  "
            f"certifications: {Certification.objects.count()}  "
            f"credit requests: {CreditRequest.objects.count()}  decisions: {Decision.objects.count()}  "
            f"director sees {User.objects.filter(library__in=libraries).count()} staff  "
            f"(seeded in {time.monotonic() - started:.0f} s)  requests per page: {REQUESTS}"
        )
        as_director, as_reviewer = Client(), Client()
        as_director.force_login(director)
        as_reviewer.force_login(reviewer)
        staff = reverse("directors:staff")
        report = reverse("reviews:reports")
        region = libraries[0].region_id
        pages = [
            (as_director, "My Staff", staff),
            (as_director, "My Staff, by valid-through, page 20", f"{staff}?sort=valid_through&page=20"),
            (as_director, "My Staff, deadline within 30 days", f"{staff}?deadline=1"),
            (as_director, "My Staff, search", f"{staff}?q=member+0001"),
            (as_director, "My Staff CSV (all rows)", reverse("directors:staff_csv")),
            (as_director, "staff summary", reverse("directors:staff_member", args=[staff_member.pk])),
            (as_reviewer, "KDLA reports (12 months)", report),
            (as_reviewer, "KDLA reports, one region, 5 years", f"{report}?region={region}&start=01/01/2022"),
            (as_reviewer, "report CSV: decisions", reverse("reviews:report_csv", args=["decisions"])),
            (
                as_reviewer,
                "report CSV: by library",
                reverse("reviews:report_csv", args=["certified-by-library"]),
            ),
        ]
        print(f"{'page':<40} {'queries':>8} {'median ms':>10} {'max ms':>8}")
        for client, name, url in pages:
            queries, median, worst = measure(client, url)
            print(f"{name:<40} {queries:>8} {median:>10.1f} {worst:>8.1f}")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    settings.DEBUG = False
    main()
