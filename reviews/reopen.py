"""Reopening a credit decision (issue 13): by a different reviewer than the one who decided, with a reason.

The request goes back to PENDING (into the queue); approved credits are cancelled by a reversal line in the
ledger, never edited or deleted; the decision as it was is kept as a ReopenedDecision and in the history.
The next decision is a new round with its own ledger line and email (CreditRequest.round_key).
"""

from django.core.exceptions import PermissionDenied
from django.db import transaction

from accounts.models import REVIEW_PERMISSION
from credentials.models import EventKind
from credentials.staff_actions import credit_entry_reverse
from credit_requests.models import CreditRequest
from credit_requests.services import credit_request_transition
from portal.text import clean_text
from reviews.models import Decision, ReopenedDecision
from reviews.services import ReviewError

REASON_MAX_LENGTH = 2000


@transaction.atomic
def credit_decision_reopen(*, credit_request_id, reviewer, reason, now) -> CreditRequest:
    if not (reviewer.is_active and reviewer.has_perm(REVIEW_PERMISSION)):
        raise PermissionDenied("Only KDLA reviewers reopen decisions.")
    reason = clean_text(reason)
    if not reason:
        raise ReviewError("Say why the decision is reopened.")
    if len(reason) > REASON_MAX_LENGTH:
        raise ReviewError(f"The reason is at most {REASON_MAX_LENGTH} characters.")
    credit_request = (
        CreditRequest.objects.select_for_update(of=("self",))
        .select_related("credential__program", "user")
        .get(pk=credit_request_id)
    )
    decision = Decision.objects.select_related("reviewer").filter(credit_request=credit_request).first()
    if decision is None or credit_request.status == CreditRequest.Status.PENDING:
        raise ReviewError("This request is not decided: there is nothing to reopen.")
    if decision.reviewer_id == reviewer.pk:
        raise ReviewError(
            "You made this decision: another reviewer reopens it (a second pair of eyes on every correction)."
        )
    old_round = credit_request.round_key
    credit_entry_reverse(
        source_key=f"request:{old_round}",
        reversal_key=f"request:{old_round}:reversed",
        now=now,
        actor=reviewer,
        note=f"{credit_request.course}: decision reopened. {reason}",
    )
    ReopenedDecision.objects.create(
        credit_request=credit_request,
        reviewer=decision.reviewer,
        outcome=decision.outcome,
        note=decision.note,
        approved_credits=decision.approved_credits,
        decided_at=decision.decided_at,
        reopened_by=reviewer,
        reopened_at=now,
        reason=reason,
    )
    decision.delete()
    credit_request, _changed = credit_request_transition(
        credit_request_id=credit_request.pk,
        to_status=CreditRequest.Status.PENDING,
        now=now,
        actor=reviewer,
        fields={
            "approved_credits": None,
            "notes": "",
            "decided_at": None,
            "decided_by": None,
            "reopened_count": credit_request.reopened_count + 1,
        },
        event=lambda r: (
            EventKind.DECISION_REOPENED,
            f"{r.course}: decided by {decision.reviewer.display_name} on {decision.decided_at:%m/%d/%Y}. {reason}",
        ),
        email=lambda r: {
            "key": f"credit:{old_round}:reopened",
            "user": r.user,
            "subject": "Your credit request is being reviewed again",
            "template": "credit_reopened",
            "context": {"credit_request": r, "credential": r.credential, "reason": reason},
        },
    )
    return credit_request
