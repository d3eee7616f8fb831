"""Reviewer decisions: the reviews app writes every `reviews.Decision` and calls one decide function per kind,
`credentials.services.external_files.external_file_decide` (files) and
`credit_requests.services.credit_request_decide` (credit requests), which own what the decision does.

One decision per item: the item's row is locked by the domain, a second reviewer is told who decided first
(the domain's "already decided" wording), and the Decision one-to-ones make a duplicate impossible.
"""

from django.db import IntegrityError, transaction

from credentials.models import ExternalFile
from credentials.services.base import CredentialError, already_decided_message
from credentials.services.external_files import external_file_already_decided, external_file_decide
from credit_requests import services as credit_services
from credit_requests.services import CreditRequestError
from reviews.models import Decision


class ReviewError(Exception):
    """A refused decision; the message is meant for the reviewer."""


def _decision_create(*, noun, item_field, item, **fields) -> Decision:
    try:
        with transaction.atomic():
            return Decision.objects.create(**{item_field: item}, **fields)
    except IntegrityError as error:
        # Only reachable where row locks are not enforced (SQLite): the other decision won.
        winner = Decision.objects.select_related("reviewer").get(**{item_field: item})
        message = already_decided_message(
            noun=noun,
            outcome=winner.get_outcome_display().lower() if noun == "file" else "decided",
            decided_by=winner.reviewer,
            decided_at=winner.decided_at,
        )
        raise (ReviewError if noun == "file" else CreditRequestError)(message) from error


@transaction.atomic
def file_decide(*, external_file_id, reviewer, outcome, message, now) -> Decision:
    """Decide a submitted file (APPROVED or RETURNED) and record the Decision.

    Refused (ReviewError, nothing changed) when the file was decided already, when the reviewer owns it, or
    when a return has no message.
    """
    try:
        external_file, changed = external_file_decide(
            external_file=ExternalFile.objects.only("pk", "owner_id").get(pk=external_file_id),
            to_status=outcome,
            reviewer=reviewer,
            message=message,
            now=now,
        )
    except CredentialError as error:
        raise ReviewError(str(error)) from error
    if not changed:  # the same decision was taken before: a second decision all the same, refused
        decided = ExternalFile.objects.select_related("decided_by").get(pk=external_file_id)
        raise ReviewError(external_file_already_decided(decided))
    return _decision_create(
        noun="file",
        item_field="external_file",
        item=external_file,
        reviewer=reviewer,
        outcome=outcome,
        note=external_file.reviewer_message,
        decided_at=now,
    )


def file_approve(*, external_file_id, reviewer, now, note="") -> Decision:
    """Approve a submitted file: Decision row, file APPROVED, application COMPLETED, renewal enrollment."""
    return file_decide(
        external_file_id=external_file_id,
        reviewer=reviewer,
        outcome=Decision.Outcome.APPROVED,
        message=note,
        now=now,
    )


def file_return(*, external_file_id, reviewer, message, now) -> Decision:
    """Return a submitted file for more information; the learner is emailed `message` (required)."""
    return file_decide(
        external_file_id=external_file_id,
        reviewer=reviewer,
        outcome=Decision.Outcome.RETURNED,
        message=message,
        now=now,
    )


@transaction.atomic
def credit_request_decide(*, credit_request, reviewer, approved_credits, notes, now):
    """Decide a credit request (all, some or none of the hours) and record the Decision. Returns the request.

    Refusals are the domain's: CreditRequestError (decided already, own request), ValidationError (the
    amounts or notes, keyed by field), PermissionDenied (not a reviewer).
    """
    decided = credit_services.credit_request_decide(
        credit_request=credit_request,
        reviewer=reviewer,
        approved_credits=approved_credits,
        notes=notes,
        now=now,
    )
    _decision_create(
        noun="request",
        item_field="credit_request",
        item=decided,
        reviewer=reviewer,
        outcome=decided.status,
        note=decided.notes,
        approved_credits=decided.approved_credits,
        decided_at=now,
    )
    return decided
