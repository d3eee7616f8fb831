"""Seed the load-test database: 10,000 staff, 50,000 credentials, 100,000 credit requests, 20 reviewers.

    DATABASE_URL=postgres://... python scripts/loadtest/seed.py [--staff 10000]

Idempotent: it does nothing when the staff are already there. Everyone's password is LOADTEST_PASSWORD.
bulk_create in batches; no files are written (credit requests point at generated storage names).
"""

import argparse
import datetime as dt
import os
import sys
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")

import django  # noqa: E402

django.setup()

from allauth.account.models import EmailAddress  # noqa: E402
from django.contrib.auth.hashers import make_password  # noqa: E402
from django.contrib.auth.models import Group  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from accounts.models import Library, User  # noqa: E402
from credentials.models import Credential, CredentialStatus, Program  # noqa: E402
from credit_requests.models import CreditRequest  # noqa: E402

LOADTEST_PASSWORD = "loadtest-password-2026"
BATCH = 5000


def staff_email(n):
    return f"loadtest-staff{n}@library.example"


def reviewer_email(n):
    return f"loadtest-reviewer{n}@kdla.example"


def analyze():
    """Fresh planner statistics: right after a bulk load (or where autovacuum is off) PostgreSQL would otherwise
    guess a few dozen rows for 20,000 pending credit requests and pick bitmap scans + sorts over the queue's
    index scans (measured: the queue's capped count went from 0.6 ms to 19 ms)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def seed(staff_count, credentials_per_staff=5, requests_per_staff=10, reviewers=20):
    started = time.monotonic()
    call_command("migrate", verbosity=0)
    call_command("seed_catalog", verbosity=0)
    if User.objects.filter(email=staff_email(staff_count - 1)).exists():
        analyze()
        print(f"already seeded ({User.objects.count()} users)")
        return
    password = make_password(LOADTEST_PASSWORD)
    libraries = list(Library.objects.all()[:100]) or [Library.objects.create(name="Load Test Public Library")]
    program = Program.objects.get(code="part-time-renewal-credits")
    now = timezone.now()
    today = now.date()

    with transaction.atomic():
        users = [
            User(
                email=staff_email(n),
                first_name="Staff",
                last_name=f"Member {n:05d}",
                library=libraries[n % len(libraries)],
                job_title="Library Assistant",
                password=password,
            )
            for n in range(staff_count)
        ]
        users += [
            User(email=reviewer_email(n), first_name="Reviewer", last_name=str(n), password=password)
            for n in range(reviewers)
        ]
        User.objects.bulk_create(users, batch_size=BATCH)
        users = list(User.objects.filter(email__startswith="loadtest-").order_by("id"))
        EmailAddress.objects.bulk_create(
            [EmailAddress(user=u, email=u.email, verified=True, primary=True) for u in users],
            batch_size=BATCH,
        )
        group = Group.objects.get(name="KDLA Reviewers")
        group.user_set.add(*[u for u in users if u.email.startswith("loadtest-reviewer")])
        staff = [u for u in users if u.email.startswith("loadtest-staff")]

        # Five cycles per person: four expired past cycles and the active one (one active per program).
        credentials = []
        for user in staff:
            for cycle in range(credentials_per_staff):
                start = today - dt.timedelta(days=365 * 5 * (credentials_per_staff - 1 - cycle) + 30)
                active = cycle == credentials_per_staff - 1
                credentials.append(
                    Credential(
                        user=user,
                        program=program,
                        status=CredentialStatus.ACTIVE if active else CredentialStatus.EXPIRED,
                        compliance="in_progress" if active else "non_compliant",
                        cycle_start=start,
                        cycle_end=start + dt.timedelta(days=365 * 5),
                        registered_at=now - dt.timedelta(days=(today - start).days),
                        expired_at=None if active else now,
                    )
                )
        Credential.objects.bulk_create(credentials, batch_size=BATCH)
        active = dict(
            Credential.objects.filter(user__in=staff, status=CredentialStatus.ACTIVE).values_list(
                "user_id", "id"
            )
        )
        requests = []
        for user in staff:
            for n in range(requests_per_staff):
                requests.append(
                    CreditRequest(
                        user=user,
                        credential_id=active[user.id],
                        activity_date=today - dt.timedelta(days=n * 7),
                        course=f"Workshop {n}",
                        description="Regional library workshop",
                        requested_credits=Decimal("1.5"),
                        status=CreditRequest.Status.PENDING if n < 2 else CreditRequest.Status.APPROVED,
                        approved_credits=None if n < 2 else Decimal("1.5"),
                        file=f"files/loadtest-{user.id}-{n}",
                        original_name="certificate.pdf",
                        content_type="application/pdf",
                        size=12345,
                        created_at=now - dt.timedelta(days=n * 7),
                    )
                )
        CreditRequest.objects.bulk_create(requests, batch_size=BATCH)
    analyze()
    print(
        f"seeded {len(staff)} staff, {len(credentials)} credentials, {len(requests)} credit requests, "
        f"{reviewers} reviewers in {time.monotonic() - started:.0f} s"
    )


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--staff", type=int, default=10_000)
    args = parser.parse_args()
    seed(args.staff)
