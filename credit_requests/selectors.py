"""Scoped reads for credit requests. Someone else's request is a 404, never a leak."""

from django.db.models import F
from django.shortcuts import get_object_or_404

from accounts.mfa import acts_as_reviewer
from credentials.models import Credential, CredentialStatus, Program
from credit_requests.models import CreditRequest


def active_renewal_credentials(*, user):
    """The learner's own ACTIVE renewal-credits credentials: what a request may count against."""
    return (
        Credential.objects.filter(
            user=user, status=CredentialStatus.ACTIVE, program__kind=Program.Kind.RENEWAL_CREDITS
        )
        .select_related("program")
        .order_by("cycle_start", "id")
    )


def dashboard_credit_requests(*, user):
    """The "REQUEST CREDITS" box: newest first, one query whatever the number of rows.

    Only the columns the box shows, and the credential's name as an annotation (`credential_name`) rather than two
    joined model instances per row: the dashboard is the most requested signed-in page (issue 7's load target).
    """
    return (
        CreditRequest.objects.filter(user=user)
        .only(
            "id",
            "credential_id",
            "status",
            "created_at",
            "course",
            "description",
            "requested_credits",
            "approved_credits",
            "notes",
        )
        .annotate(credential_name=F("credential__program__credential_name"))
        .order_by("-created_at", "-id")
    )


def credit_request_for_file(*, user, pk):
    """A request whose file `user` may read: their own, or any when they are a reviewer."""
    queryset = CreditRequest.objects.all()
    if not acts_as_reviewer(user):
        queryset = queryset.filter(user=user)
    return get_object_or_404(queryset, pk=pk)


def credit_request_for_review(*, pk):
    """A request with everything the decision screen shows (for reviewers; the view checks permission)."""
    return get_object_or_404(
        CreditRequest.objects.select_related("user__library", "credential__program", "decided_by"), pk=pk
    )


def credit_request_history(*, credit_request):
    """The credential's history (registration, requests, decisions, status changes), oldest first."""
    return credit_request.credential.events.select_related("actor").order_by("at", "id")
