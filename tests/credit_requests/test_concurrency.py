"""Two reviewers deciding the same request at the same moment end with one decision (run on PostgreSQL in CI)."""

import datetime as dt
import threading

import pytest
from django.db import DatabaseError, connection

from accounts.models import SentEmail
from credentials.models import CreditEntry
from credit_requests.models import CreditRequest
from credit_requests.services import CreditRequestError
from reviews.models import Decision
from reviews.services import credit_request_decide
from tests.conftest import eastern
from tests.credit_requests.helpers import submit
from tests.factories import CredentialFactory, ReviewerFactory, reviewers_group

NOW = eastern(2025, 6, 15)


@pytest.mark.django_db(transaction=True)
def test_two_reviewers_at_once_make_one_decision(seeded):
    reviewers_group()
    credential = CredentialFactory(cycle_start=dt.date(2023, 2, 6), cycle_end=dt.date(2028, 2, 6))
    request = submit(credential=credential, now=NOW, credits="8")
    reviewers = [ReviewerFactory(), ReviewerFactory()]
    barrier = threading.Barrier(2)
    outcomes = []

    def decide(reviewer, approved):
        try:
            barrier.wait()
            credit_request_decide(
                credit_request=CreditRequest.objects.get(pk=request.pk),
                reviewer=reviewer,
                approved_credits=approved,
                notes="Checked.",
                now=NOW,
            )
            outcomes.append("decided")
        except (CreditRequestError, DatabaseError) as exc:
            # PostgreSQL: the row lock makes the second reviewer wait, then see the decision
            # (CreditRequestError). SQLite has no row locks: its database lock refuses the second writer.
            outcomes.append(type(exc).__name__)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=decide, args=(r, a)) for r, a in zip(reviewers, ["8", "4"], strict=True)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert outcomes.count("decided") == 1, outcomes
    assert "CreditRequestError" in outcomes
    assert Decision.objects.filter(credit_request=request).count() == 1
    assert CreditEntry.objects.filter(source_key=f"request:{request.pk}").count() == 1
    assert SentEmail.objects.filter(key=f"credit:{request.pk}:decided").count() == 1
    request.refresh_from_db()
    decision = Decision.objects.get(credit_request=request)
    assert request.approved_credits == decision.approved_credits
