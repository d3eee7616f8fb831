"""Benchmark the certification lapse sweep on PostgreSQL (part of `make bench`; a measurement, not a test).

Builds N certifications (default 100,000), each with its certificate and a COMPLETED / COMPLIANT
renewal-credits cycle; 5% are due (valid through yesterday), the rest valid for years (no reminder due).
Times `credentials.sweeps_certification.certifications_enforce` (lapse, certificates, compliance of the rows,
history, one keyed email each: recorded, rendered and handed to the dummy email backend on commit) against
ONE plain SQL UPDATE of the same certifications, and a second run of the sweep (nothing due: the cost of the
hourly run on a quiet night).

Usage: .venv/bin/python scripts/bench_certifications.py [--rows 100000] [--batch-size N] [--repeat 3]
(--batch-size defaults to the sweeps' own, portal.jobs.BATCH_SIZE.)
DATABASE_URL defaults to postgres://postgres@127.0.0.1:5432/kdla_bench_cert (created and migrated if needed;
its data is replaced on every run: never point this at a database you care about).
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/kdla_bench_cert")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
os.environ["DEBUG"] = "false"
os.environ.setdefault("SECRET_KEY", "bench-only-key-not-secret-0123456789-0123456789-0123456789")
os.environ["PORTAL_VAR_DIR"] = os.environ.get("PORTAL_VAR_DIR", str(ROOT / "var" / "bench"))

from bench_sweeps import ensure_database  # noqa: E402  (same folder; creates the database if missing)

ensure_database(os.environ["DATABASE_URL"])

import django  # noqa: E402

django.setup()

from benchdata import insert_learners, insert_select  # noqa: E402  (same folder)
from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from credentials.models import Certificate, Certification, CertificationStatus, Credential, Program  # noqa: E402
from credentials.sweeps_certification import certifications_enforce  # noqa: E402
from portal.jobs import BATCH_SIZE  # noqa: E402

settings.EMAIL_BACKEND = "django.core.mail.backends.dummy.EmailBackend"


def build(rows):
    renewal = Program.objects.get(code="part-time-renewal-credits").pk
    with connection.cursor() as cur, transaction.atomic():
        cur.execute(
            "TRUNCATE credentials_certificationevent, credentials_certificate, credentials_certification, "
            "credentials_credentialevent, credentials_creditentry, credentials_externalfile, credentials_jobrun, "
            "accounts_sentemail, account_emailaddress, credentials_credential, accounts_user "
            "RESTART IDENTITY CASCADE"
        )
        insert_learners(cur, rows)
        # One in 20 (5%) is due: valid through yesterday; the others through two years from now.
        insert_select(
            cur,
            Credential,
            {
                "user_id": "user_id",
                "program_id": ("%s", [renewal]),
                "status": "'completed'",
                "compliance": "'compliant'",
                "cycle_start": "(through - interval '5 years')::date",
                "cycle_end": "through",
                "registered_at": "now() - interval '3 years'",
                "completed_at": "now() - interval '1 year'",
            },
            with_sql="""
            WITH base AS (
              SELECT id AS user_id, (now() AT TIME ZONE 'America/New_York')::date AS today,
                     id %% 20 = 0 AS due FROM accounts_user
            ), dated AS (
              SELECT user_id, CASE WHEN due THEN today - 1 ELSE today + 730 END AS through FROM base
            )""",
            source="FROM dated",
        )
        insert_select(
            cur,
            Certification,
            {
                "user_id": "user_id",
                "program_id": "program_id",
                "status": "'valid'",
                "valid_from": "cycle_start",
                "valid_through": "cycle_end",
                "created_at": "now()",
            },
            source="FROM credentials_credential",
        )
        insert_select(
            cur,
            Certificate,
            {
                "certification_id": "id",
                "number": "'KDLA-B-' || id",
                "token": "md5(random()::text) || id",
                "status": "'valid'",
                "valid_from": "valid_from",
                "valid_through": "valid_through",
                "issued_at": "now()",
            },
            source="FROM credentials_certification",
        )
    with connection.cursor() as cur:
        cur.execute("ANALYZE")


def reset():
    with connection.cursor() as cur, transaction.atomic():
        cur.execute(
            "UPDATE credentials_certification SET status = 'valid', lapsed_at = NULL WHERE status <> 'valid'"
        )
        cur.execute("UPDATE credentials_certificate SET status = 'valid' WHERE status <> 'valid'")
        cur.execute(
            "UPDATE credentials_credential SET compliance = 'compliant' WHERE compliance <> 'compliant'"
        )
        cur.execute(
            "TRUNCATE credentials_certificationevent, credentials_credentialevent, accounts_sentemail"
        )
    with connection.cursor() as cur:
        cur.execute("VACUUM ANALYZE credentials_certification")


def timed(function, *args, **kwargs):
    started = time.perf_counter()
    result = function(*args, **kwargs)
    return time.perf_counter() - started, result


def plain_update(ids):
    with connection.cursor() as cur, transaction.atomic():
        cur.execute(
            "UPDATE credentials_certification SET status = 'lapsed', lapsed_at = now() WHERE id = ANY(%s)",
            [ids],
        )


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--batch-size", type=int, default=BATCH_SIZE)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    call_command("migrate", verbosity=0, interactive=False)
    call_command("seed_catalog", verbosity=0)
    build(args.rows)
    now = timezone.now()
    ids = list(
        Certification.objects.filter(valid_through__lt=timezone.localdate(now))
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    sweeps, quiet, updates = [], [], []
    for _ in range(args.repeat):
        seconds, result = timed(certifications_enforce, now=now, batch_size=args.batch_size)
        assert result.counts["lapsed"] == len(ids), result.counts
        assert Certification.objects.filter(status=CertificationStatus.LAPSED).count() == len(ids)
        sweeps.append(seconds)
        seconds, result = timed(certifications_enforce, now=now, batch_size=args.batch_size)
        assert result.counts == {"reminders": 0, "lapsed": 0}, result.counts
        quiet.append(seconds)
        reset()
        updates.append(timed(plain_update, ids)[0])
        reset()
    sweep, update = statistics.median(sweeps), statistics.median(updates)
    print(
        f"bench_certifications on {connection.settings_dict['NAME']} (PostgreSQL), batch size {args.batch_size}"
    )
    print(f"{'certifications':>14} {'due':>6} {'sweep s':>8} {'UPDATE s':>9} {'ratio':>7} {'2nd run s':>10}")
    print(
        f"{args.rows:>14} {len(ids):>6} {sweep:>8.3f} {update:>9.3f} {sweep / update:>6.1f}x "
        f"{statistics.median(quiet):>10.3f}"
    )
    print(
        f"  sweep runs {', '.join(f'{t:.3f}' for t in sweeps)} s; UPDATE runs {', '.join(f'{t:.3f}' for t in updates)} s"
    )
    print(
        f"  per lapsed certification: {sweep / len(ids) * 1000:.2f} ms (history, compliance, certificate, email)"
    )


if __name__ == "__main__":
    main()
