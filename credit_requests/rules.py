"""Pure credit-decision rules (no ORM): which status a decision gives a request."""

from decimal import Decimal

from credit_requests.models import CreditRequest


def credit_decision_status(approved: Decimal, requested: Decimal) -> CreditRequest.Status:
    """APPROVED when all are approved, DENIED when none, PARTIALLY APPROVED otherwise."""
    if approved >= requested:
        return CreditRequest.Status.APPROVED
    if approved <= 0:
        return CreditRequest.Status.DENIED
    return CreditRequest.Status.PARTIALLY_APPROVED
