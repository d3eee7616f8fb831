"""Benchmark the deadline sweeps on PostgreSQL (part of `make bench`; a measurement, not a test).

For each row count (default 50,000 and 100,000 credentials, 5% of them due: half applications past their
upload deadline with no file, half renewal cycles ended short of their hours) it:
  1. times `manage.py enforce_deadlines` (all sweeps; the expiry emails are recorded in the outbox and their
     delivery tasks enqueued on commit), then times that delivery separately (render + dummy backend);
  2. resets the same rows and times ONE plain SQL `UPDATE ... WHERE id = ANY(...)` of them;
  3. resets again and measures the sweep's peak Python memory with tracemalloc.
It prints the ratio (sweep / plain UPDATE) and the peak memory at each size. Memory is bounded by one batch
(portal.jobs.BATCH_SIZE), so it grows with rows only until each sweep's due rows fill a batch (2.5% of the rows
are due per sweep: from 80,000 rows at batches of 2,000) and stays flat after.

Usage: .venv/bin/python scripts/bench_sweeps.py [--rows 50000 100000] [--batch-size N] [--repeat 3]
(--batch-size defaults to the sweeps' own, portal.jobs.BATCH_SIZE.)
BENCH_SMOKE=1 (`make bench-smoke`, run by CI): 400 rows, once, in seconds; checks the script still runs.
DATABASE_URL defaults to postgres://postgres@127.0.0.1:5432/kdla_bench_h6 (created and migrated if needed;
its data is replaced on every run: never point this at a database you care about).
"""

import argparse
import io
import os
import statistics
import sys
import time
import tracemalloc
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/kdla_bench_h6"
os.environ.setdefault("DATABASE_URL", DEFAULT_URL)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
os.environ["DEBUG"] = "false"  # no query log (it would grow memory); production-like templates
os.environ.setdefault("SECRET_KEY", "bench-only-key-not-secret-0123456789-0123456789-0123456789")
os.environ["PORTAL_VAR_DIR"] = os.environ.get("PORTAL_VAR_DIR", str(ROOT / "var" / "bench"))


def ensure_database(url):
    import psycopg

    parsed = urlparse(url)
    if not parsed.scheme.startswith("postgres"):
        sys.exit("bench_sweeps needs PostgreSQL: set DATABASE_URL=postgres://...")
    name = parsed.path.lstrip("/")
    admin = parsed._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


ensure_database(os.environ["DATABASE_URL"])

import django  # noqa: E402

django.setup()

from benchdata import insert_learners, insert_select  # noqa: E402  (same folder)
from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from credentials.models import Credential, CredentialStatus, Program  # noqa: E402
from portal.jobs import BATCH_SIZE  # noqa: E402

settings.EMAIL_BACKEND = "django.core.mail.backends.dummy.EmailBackend"
settings.CELERY_TASK_ALWAYS_EAGER = False  # the sweep only enqueues the email deliveries, as in production
for folder in ("queue", "processed", "control"):
    (settings.CELERY_DIR / folder).mkdir(parents=True, exist_ok=True)
settings.ALLOWED_HOSTS = ["*"]


def build(rows):
    """Replace all credentials, users, history and email records with `rows` synthetic credentials."""
    application = Program.objects.get(code="part-time-initial-application").pk
    renewal = Program.objects.get(code="part-time-renewal-credits").pk
    with connection.cursor() as cur, transaction.atomic():
        cur.execute(
            "TRUNCATE credentials_credentialevent, credentials_creditentry, credentials_externalfile, "
            "credentials_jobrun, accounts_sentemail, account_emailaddress, credentials_credential, "
            "accounts_user RESTART IDENTITY CASCADE"
        )
        insert_learners(cur, rows)
        # Even users: an application; odd users: a renewal cycle. Two in every 40 (one of each kind) are due: 5%.
        insert_select(
            cur,
            Credential,
            {
                "user_id": "user_id",
                "program_id": ("CASE WHEN is_app THEN %s ELSE %s END", [application, renewal]),
                "status": "'active'",
                "compliance": "'in_progress'",
                "cycle_start": "start",
                "cycle_end": "CASE WHEN is_app THEN start + 60 ELSE (start + interval '5 years')::date END",
                "registered_at": "(start + time '10:00') AT TIME ZONE 'America/New_York'",
                "upload_deadline": (
                    "CASE WHEN is_app THEN ((start + 30) + time '23:59:59.999999') AT TIME ZONE 'America/New_York' "
                    "END"
                ),
            },
            with_sql="""
            WITH base AS (
              SELECT id AS user_id, id %% 2 = 0 AS is_app, id %% 40 IN (0, 1) AS due,
                     (now() AT TIME ZONE 'America/New_York')::date AS today
              FROM accounts_user
            ), dated AS (
              SELECT user_id, is_app,
                CASE WHEN is_app AND due THEN today - 40
                     WHEN is_app THEN today - 2
                     WHEN due THEN (today - interval '5 years' - interval '10 days')::date
                     ELSE (today - interval '1 year')::date END AS start
              FROM base
            )""",
            source="FROM dated",
        )
    with connection.cursor() as cur:
        cur.execute("ANALYZE")


def due_ids(now):
    from credentials import sweeps

    ids = set(sweeps.upload_expiry_candidates(now=now).values_list("pk", flat=True))
    ids |= set(sweeps.cycle_expiry_candidates(now=now).values_list("pk", flat=True))
    return sorted(ids)


def reset(ids):
    with connection.cursor() as cur, transaction.atomic():
        cur.execute(
            "UPDATE credentials_credential SET status = 'active', compliance = 'in_progress', expired_at = NULL "
            "WHERE id = ANY(%s)",
            [ids],
        )
        cur.execute("TRUNCATE credentials_credentialevent, accounts_sentemail, credentials_jobrun")
    with connection.cursor() as cur:
        cur.execute("VACUUM ANALYZE credentials_credential")


def time_sweep(batch_size):
    out = io.StringIO()
    started = time.perf_counter()
    call_command("enforce_deadlines", "--batch-size", str(batch_size), stdout=out)
    return time.perf_counter() - started, out.getvalue()


def time_delivery():
    """What the workers do after the sweep: render and send the recorded expiry emails (dummy backend)."""
    from accounts import emails
    from accounts.models import SentEmail

    keys = list(SentEmail.objects.filter(sent_at__isnull=True).order_by("pk").values_list("key", flat=True))
    started = time.perf_counter()
    sent = sum(emails.outbox_deliver(keys=keys[i : i + 500]) for i in range(0, len(keys), 500))
    return time.perf_counter() - started, sent


def purge_queue():
    if settings.CELERY_BROKER_URL.startswith("filesystem"):
        for message in (settings.CELERY_DIR / "queue").glob("*"):
            message.unlink()


def time_plain_update(ids):
    started = time.perf_counter()
    with connection.cursor() as cur, transaction.atomic():
        cur.execute(
            "UPDATE credentials_credential SET status = 'expired', compliance = 'non_compliant', "
            "expired_at = now() WHERE id = ANY(%s)",
            [ids],
        )
    return time.perf_counter() - started


def measure(rows, batch_size, repeat):
    """Median of `repeat` timings of the sweep and of the plain UPDATE, over the same due rows."""
    build(rows)
    now = timezone.now()
    ids = due_ids(now)
    call_command("enforce_deadlines", "--dry-run", stdout=io.StringIO())  # warm caches and plans
    sweep_times, update_times, delivery_times = [], [], []
    for _ in range(repeat):
        seconds, output = time_sweep(batch_size)
        sweep_times.append(seconds)
        expired = Credential.objects.filter(pk__in=ids, status=CredentialStatus.EXPIRED).count()
        assert expired == len(ids), f"expected {len(ids)} expired, got {expired}\n{output}"
        seconds, sent = time_delivery()
        assert sent == len(ids), f"expected {len(ids)} emails, sent {sent}"
        delivery_times.append(seconds)
        purge_queue()
        reset(ids)
        update_times.append(time_plain_update(ids))
        reset(ids)
    tracemalloc.start()
    time_sweep(batch_size)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    purge_queue()
    reset(ids)
    sweep, update = statistics.median(sweep_times), statistics.median(update_times)
    return {
        "rows": rows,
        "due": len(ids),
        "sweep": sweep,
        "update": update,
        "delivery": statistics.median(delivery_times),
        "ratio": sweep / update,
        "best_ratio": min(sweep_times) / min(update_times),
        "peak_mib": peak / 2**20,
        "output": output,
        "all": (sweep_times, update_times),
    }


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    smoke = os.environ.get("BENCH_SMOKE") == "1"
    parser.add_argument("--rows", type=int, nargs="+", default=[400] if smoke else [50_000, 100_000])
    parser.add_argument("--batch-size", type=int, default=BATCH_SIZE)
    parser.add_argument(
        "--repeat", type=int, default=1 if smoke else 3, help="Timings per size (the median is reported)."
    )
    args = parser.parse_args()
    print(
        f"bench_sweeps on {connection.settings_dict['NAME']} (PostgreSQL), batch size {args.batch_size}, "
        f"median of {args.repeat}"
    )
    call_command("migrate", verbosity=0, interactive=False)
    call_command("seed_catalog", verbosity=0)
    results = [measure(rows, args.batch_size, args.repeat) for rows in args.rows]
    print(results[-1]["output"].rstrip())
    print(
        f"{'rows':>8} {'due':>6} {'sweep s':>9} {'UPDATE s':>9} {'ratio':>7} {'peak MiB':>9} {'emails s':>9}"
    )
    for r in results:
        print(
            f"{r['rows']:>8} {r['due']:>6} {r['sweep']:>9.3f} {r['update']:>9.3f} {r['ratio']:>6.1f}x "
            f"{r['peak_mib']:>9.2f} {r['delivery']:>9.3f}"
        )
    for r in results:
        sweeps_s = ", ".join(f"{t:.3f}" for t in r["all"][0])
        updates_s = ", ".join(f"{t:.3f}" for t in r["all"][1])
        print(f"  {r['rows']} rows: sweep runs {sweeps_s} s; UPDATE runs {updates_s} s")
    print("(emails s: rendering and handing the expiry emails to the email backend, done by the workers")
    print(" after the sweep commits; not part of the sweep's time or ratio)")
    largest = results[-1]
    # The 5x aim is issue 11's figure at 100,000 rows; at a smaller size the sweep's fixed cost (its reminder
    # queries, whatever is due) dominates and the ratio says nothing.
    if largest["rows"] < 100_000:
        verdict = "the 5x aim is judged at 100,000 rows"
    else:
        verdict = f"{'under' if largest['ratio'] < 5 else 'OVER'} the 5x aim by the median"
    print(
        f"enforce_deadlines / plain UPDATE at {largest['rows']} rows: {largest['ratio']:.1f}x median, "
        f"{largest['best_ratio']:.1f}x best of {len(largest['all'][0])} ({verdict})"
    )
    if len(results) > 1:
        growth = results[-1]["peak_mib"] / max(results[0]["peak_mib"], 1e-9)
        print(
            f"peak memory {results[0]['peak_mib']:.2f} MiB at {results[0]['rows']} rows, "
            f"{results[-1]['peak_mib']:.2f} MiB at {results[-1]['rows']} rows ({growth:.2f}x)"
        )


if __name__ == "__main__":
    main()
