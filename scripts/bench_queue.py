"""Benchmark the review queue's keyset pages on PostgreSQL with 1,000,000 pending items (part of `make bench`).

It creates a throwaway database (`kdla_bench_queue`, or --db NAME, on DATABASE_URL's server, default
postgres://postgres@127.0.0.1:5432), migrates it, loads 10,000 learners, 500,000 pending file submissions and 500,000 pending credit
requests (plus 100,000 decided items of each kind that the queue must skip) with INSERT ... SELECT
generate_series, then times through the Django test client, signed in as a reviewer:
  - page 1 (`/review/`), and
  - page 1,000 (`/review/?after=<key of the 24,975th row>`), plus the way back from it (`?before=`),
  - pages 1 and 2 in deadline order (`?sort=deadline`), and a filtered deadline page,
as the median of --repeat requests each, prints them, the ratio, and EXPLAIN (ANALYZE, BUFFERS) of the page
queries of pages 1, 1,000 and 999 (they must be index scans on the partial queue indexes that start at the key,
no Sort of the table, no OFFSET: page 1,000 reads about the rows and buffers page 1 does).
The database is dropped at the end (--keep to keep it).

Usage: .venv/bin/python scripts/bench_queue.py [--pending 1000000] [--repeat 20] [--db kdla_bench_queue] [--keep]
BENCH_SMOKE=1 (`make bench-smoke`, run by CI): 2,400 pending items, page 10 instead of 1,000, 2 requests each, in
seconds; checks the script still runs, no figure is judged.
"""

import argparse
import logging
import os
import statistics
import sys
import time
import warnings
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SMOKE = os.environ.get("BENCH_SMOKE") == "1"
parser = argparse.ArgumentParser()
parser.add_argument("--pending", type=int, default=2_400 if SMOKE else 1_000_000)
parser.add_argument("--repeat", type=int, default=2 if SMOKE else 20)
parser.add_argument("--db", default="kdla_bench_queue", help="throwaway database (dropped, recreated)")
parser.add_argument("--keep", action="store_true")
args = parser.parse_args()
DB_NAME = args.db

base = urlparse(os.environ.get("DATABASE_URL") or "postgres://postgres@127.0.0.1:5432/postgres")
if not base.scheme.startswith("postgres"):
    sys.exit("bench_queue needs PostgreSQL: set DATABASE_URL=postgres://...")
ADMIN_URL = base._replace(path="/postgres").geturl()
os.environ["DATABASE_URL"] = base._replace(path=f"/{DB_NAME}").geturl()
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
os.environ["DEBUG"] = "false"
os.environ["PORTAL_ENV"] = "development"
os.environ["REVIEWER_MFA_REQUIRED"] = "false"
os.environ.setdefault("SECRET_KEY", "bench-only-key-not-secret-0123456789-0123456789-0123456789")
os.environ["PORTAL_VAR_DIR"] = os.environ.get("PORTAL_VAR_DIR", str(ROOT / "var" / "bench"))
os.environ.pop("REDIS_URL", None)


def admin(sql):
    import psycopg

    with psycopg.connect(ADMIN_URL, autocommit=True) as conn:
        conn.execute(sql)


admin(f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)')
admin(f'CREATE DATABASE "{DB_NAME}"')

import django  # noqa: E402

django.setup()

from benchdata import insert_learners, insert_select  # noqa: E402  (same folder)
from django.conf import settings  # noqa: E402
from django.contrib.auth.models import Group  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, connections  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from accounts.models import User  # noqa: E402
from credentials.models import Credential, DocumentType, ExternalFile, Program  # noqa: E402
from credit_requests.models import CreditRequest  # noqa: E402
from reviews import selectors  # noqa: E402

settings.ALLOWED_HOSTS = ["*"]
logging.getLogger("portal.request").setLevel(logging.WARNING)
warnings.filterwarnings("ignore", message="No directory at")
LEARNERS = 100 if SMOKE else 10_000
DEEP = 10 if SMOKE else 1_000  # the deep page measured against page 1


# Row g of generate_series goes to learner number g mod LEARNERS, on their credential of the given program.
_NTH_LEARNERS_CREDENTIAL = """
    FROM generate_series(1, %s) g
    JOIN credentials_credential c ON c.program_id = %s AND c.user_id = (
        SELECT min(id) FROM accounts_user WHERE email LIKE 'bench%%') + g %% %s
"""


def load(pending):
    files = pending // 2
    credits = pending - files
    application = Program.objects.get(code="part-time-initial-application").pk
    renewal = Program.objects.get(code="part-time-renewal-credits").pk
    document_type = DocumentType.objects.order_by("pk").first().pk
    with connection.cursor() as cur:
        insert_learners(cur, LEARNERS)
        # One ACTIVE application and one ACTIVE renewal-credits cycle per learner.
        insert_select(
            cur,
            Credential,
            {
                "user_id": "u.id",
                "program_id": "p.program",
                "status": "'active'",
                "compliance": "'in_progress'",
                "cycle_start": "current_date - 30",
                "cycle_end": "current_date + 1795",
                "registered_at": "now() - interval '30 days'",
                "upload_deadline": (
                    "CASE WHEN p.program = %s THEN now() + interval '60 days' END",
                    [application],
                ),
            },
            source="FROM accounts_user u CROSS JOIN (VALUES (%s), (%s)) AS p(program) WHERE u.email LIKE 'bench%%'",
            params=[application, renewal],
        )
        # Times two seconds apart per kind and the same instants for both kinds, so (time) ties across kinds
        # happen everywhere and the (kind, id) tie-break matters. Every 6th extra row is decided (skipped).
        insert_select(
            cur,
            ExternalFile,
            {
                "owner_id": "c.user_id",
                "credential_id": "c.id",
                "document_type_id": ("%s", [document_type]),
                "description": "'Signed application'",
                "file": "'files/bench-' || g",
                "original_name": "'application.pdf'",
                "content_type": "'application/pdf'",
                "size": "12345",
                "uploaded_at": "timestamptz '2020-01-01' + g * interval '2 seconds'",
                "status": "CASE WHEN g %% 6 = 0 THEN 'approved' ELSE 'submitted' END",
            },
            source=_NTH_LEARNERS_CREDENTIAL,
            params=[files * 6 // 5, application, LEARNERS],
        )
        insert_select(
            cur,
            CreditRequest,
            {
                "user_id": "c.user_id",
                "credential_id": "c.id",
                "activity_date": "current_date - 7",
                "course": "'Workshop ' || g",
                "description": "'Regional workshop'",
                "requested_credits": "1.5",
                "approved_credits": "CASE WHEN g %% 6 = 0 THEN 1.5 END",
                "status": "CASE WHEN g %% 6 = 0 THEN 'approved' ELSE 'pending' END",
                "file": "'files/bench-credit-' || g",
                "original_name": "'certificate.pdf'",
                "content_type": "'application/pdf'",
                "size": "12345",
                "created_at": "timestamptz '2020-01-01' + g * interval '2 seconds'",
            },
            source=_NTH_LEARNERS_CREDENTIAL,
            params=[credits * 6 // 5, renewal, LEARNERS],
        )
        cur.execute("ANALYZE")


def median_ms(client, url):
    client.get(url)  # warm up
    times = []
    for _ in range(args.repeat):
        started = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, response.status_code
    return statistics.median(times), response


def nth_row(n):
    """The n-th row (1-based) of the queue, reached through the page function the queue view uses."""
    page, seen = selectors.review_queue_page(), 0
    while seen + len(page["rows"]) < n:
        seen += len(page["rows"])
        page = selectors.review_queue_page(after=page["next_cursor"])
    return page["rows"][n - seen - 1]


def main():
    started = time.monotonic()
    call_command("migrate", verbosity=0)
    call_command("seed_catalog", verbosity=0)
    load(args.pending)
    pending = (
        ExternalFile.objects.filter(status=ExternalFile.Status.SUBMITTED).count()
        + CreditRequest.objects.filter(status=CreditRequest.Status.PENDING).count()
    )
    print(f"loaded {pending:,} pending items in {time.monotonic() - started:.0f} s")

    reviewer = User.objects.create_user(email="bench-reviewer@kdla.example", password=None)
    reviewer.groups.add(Group.objects.get(name="KDLA Reviewers"))
    client = Client()
    client.force_login(reviewer)

    # The key of the last row of page DEEP - 1: found once by walking the pages as a reviewer would.
    row = nth_row((DEEP - 1) * selectors.PAGE_SIZE)
    cursor = selectors.cursor_encode(row)
    first_ms, first = median_ms(client, "/review/")
    deep_ms, deep = median_ms(client, f"/review/?after={cursor}")
    back_cursor = selectors.cursor_encode(selectors.review_queue_page(after=cursor)["rows"][0])
    back_ms, _ = median_ms(client, f"/review/?before={back_cursor}")
    if not SMOKE:
        assert "Pending (1,000+)" in first.content.decode()
    expected = nth_row(DEEP * selectors.PAGE_SIZE)
    assert f"/review/{'files' if expected['kind'] == 'file' else 'credits'}/{expected['item_id']}/" in (
        deep.content.decode()
    ), f"page {DEEP:,} does not end with row {DEEP * selectors.PAGE_SIZE:,}"

    print(f"page 1      : {first_ms:7.2f} ms (median of {args.repeat})")
    print(f"page {DEEP:<6,}: {deep_ms:7.2f} ms (after= cursor of row {(DEEP - 1) * selectors.PAGE_SIZE:,})")
    print(f"page {DEEP - 1:<6,}: {back_ms:7.2f} ms (before= cursor, the way back)")
    print(f"page {DEEP:,} / page 1 = {deep_ms / first_ms:.2f}")
    with CaptureQueriesContext(connection) as captured:
        client.get(f"/review/?after={cursor}")
    print(f"queries of page {DEEP:,}: {len(captured.captured_queries)}")

    # Deadline order (issue 16): the deadline is a column of the joined credential, so each page reads every
    # pending row of a kind that matches the filters and keeps the nearest 26 (a top-N sort): one query per
    # kind and the count, as in age order, but not an index walk.
    deadline_first_ms, deadline_first = median_ms(client, "/review/?sort=deadline")
    deadline_cursor = selectors.review_queue_page(sort="deadline")["next_cursor"]
    deadline_next_ms, _ = median_ms(client, f"/review/?sort=deadline&after={deadline_cursor}&n=2")
    filtered_ms, _ = median_ms(client, "/review/?sort=deadline&kind=credit&q=number+42")
    with CaptureQueriesContext(connection) as captured:
        client.get("/review/?sort=deadline")
    print(f"deadline p1 : {deadline_first_ms:7.2f} ms ({len(captured.captured_queries)} queries)")
    print(f"deadline p2 : {deadline_next_ms:7.2f} ms (after= cursor)")
    print(f"deadline, credit requests of 'number 42': {filtered_ms:7.2f} ms")

    for label, url in (
        ("page 1", "/review/"),
        (f"page {DEEP:,}", f"/review/?after={cursor}"),
        (f"page {DEEP - 1:,}", f"/review/?before={back_cursor}"),
        ("deadline page 1", "/review/?sort=deadline"),
    ):
        explain(client, label, url)


def explain(client, label, url):
    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    print(f"\nEXPLAIN ANALYZE of the queue queries of {label} ({url}):")
    with connection.cursor() as cur:
        for query in captured.captured_queries:
            sql = query["sql"]
            if "credentials_externalfile" not in sql and "credit_requests_creditrequest" not in sql:
                continue
            cur.execute("EXPLAIN (ANALYZE, BUFFERS, COSTS OFF, TIMING OFF, SUMMARY ON) " + sql)
            plan = "\n".join(f"    {line}" for (line,) in cur.fetchall())
            print(f"\n  {sql[:160]}...\n{plan}")


try:
    main()
finally:
    connections.close_all()
    if not args.keep:
        admin(f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)')
