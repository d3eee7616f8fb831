"""Reviewer decisions on file submissions. One decision per item: the file row is locked, a second reviewer
is told who decided first, and the `reviews.Decision` one-to-one makes a duplicate impossible.
"""

from django.db import IntegrityError, transaction

from credentials import services as credential_services
from credentials.models import ExternalFile
from reviews.models import Decision


class ReviewError(Exception):
    """A refused decision; the message is meant for the reviewer."""


def _locked_submitted_file(*, external_file_id) -> ExternalFile:
    external_file = (
        # Only the file row is locked; `decided_by` is read after the lock (see credentials.services).
        ExternalFile.objects.select_for_update(of=("self",))
        .select_related("credential__program", "owner")
        .get(pk=external_file_id)
    )
    if external_file.status != ExternalFile.Status.SUBMITTED:
        raise ReviewError(credential_services.external_file_already_decided(external_file))
    return external_file


def _decision_create(*, external_file, reviewer, outcome, note, now) -> Decision:
    try:
        with transaction.atomic():
            return Decision.objects.create(
                external_file=external_file, reviewer=reviewer, outcome=outcome, note=note, decided_at=now
            )
    except IntegrityError as error:
        # Only reachable where row locks are not enforced (SQLite): the other decision won.
        decision = Decision.objects.select_related("reviewer").get(external_file=external_file)
        raise ReviewError(
            f"This file was already {decision.get_outcome_display().lower()} by "
            f"{decision.reviewer.display_name}."
        ) from error


@transaction.atomic
def file_approve(*, external_file_id, reviewer, now, note="") -> Decision:
    """Approve a submitted file: Decision row, file APPROVED, application COMPLETED, renewal enrollment."""
    external_file = _locked_submitted_file(external_file_id=external_file_id)
    decision = _decision_create(
        external_file=external_file,
        reviewer=reviewer,
        outcome=Decision.Outcome.APPROVED,
        note=note.strip(),
        now=now,
    )
    credential_services.external_file_approve(
        external_file=external_file, reviewer=reviewer, now=now, note=note.strip()
    )
    return decision


@transaction.atomic
def file_return(*, external_file_id, reviewer, message, now) -> Decision:
    """Return a submitted file for more information; the learner is emailed `message` (required)."""
    message = (message or "").strip()
    if not message:
        raise ReviewError("Write a message to the learner saying what is needed.")
    external_file = _locked_submitted_file(external_file_id=external_file_id)
    decision = _decision_create(
        external_file=external_file,
        reviewer=reviewer,
        outcome=Decision.Outcome.RETURNED,
        note=message,
        now=now,
    )
    credential_services.external_file_return(
        external_file=external_file, reviewer=reviewer, message=message, now=now
    )
    return decision
