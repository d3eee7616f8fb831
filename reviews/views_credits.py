"""The credit decision screen: a reviewer approves all, some or none of a credit request, once."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from accounts.models import REVIEW_PERMISSION
from credentials.rules import format_hours
from credentials.selectors import credential_earned
from credit_requests.forms import CreditDecisionForm
from credit_requests.selectors import credit_request_for_review, credit_request_history
from credit_requests.services import CreditRequestError, credit_request_decision_refusal
from reviews import selectors, services
from reviews.filters import QueueFilters
from reviews.views import CREDIT_SHORTCUTS, item_url, redirect_after_decision

INLINE_TYPES = {"application/pdf", "image/jpeg", "image/png"}


@login_required
@permission_required(REVIEW_PERMISSION, raise_exception=True)
def credit_decision(request, pk):
    credit_request = credit_request_for_review(pk=pk)
    filters = QueueFilters.from_request(request)
    here = item_url(kind=selectors.KIND_CREDIT, pk=credit_request.pk, filters=filters)
    pending = credit_request.status == credit_request.Status.PENDING
    form = CreditDecisionForm(
        request.POST or None,
        initial={"approved_credits": f"{credit_request.requested_credits.normalize():f}"},
    )
    if request.method == "POST" and pending and form.is_valid():
        action = request.POST.get("action", "")
        deny = action in ("deny", "deny_next")
        try:
            decided = services.credit_request_decide(
                credit_request=credit_request,
                reviewer=request.user,
                approved_credits="0" if deny else form.cleaned_data["approved_credits"],
                notes=form.cleaned_data["notes"],
                now=timezone.now(),
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        except CreditRequestError as exc:
            messages.error(request, str(exc))
            return redirect(here)
        else:
            messages.success(
                request,
                f"{decided.get_status_display()}: {format_hours(decided.approved_credits)} of "
                f"{format_hours(decided.requested_credits)} credits for {credit_request.user.display_name}.",
            )
            return redirect_after_decision(
                request,
                filters=filters,
                item_kind=selectors.KIND_CREDIT,
                item=credit_request,
                go_next=action.endswith("_next"),
            )
    elif (
        request.method == "POST"
        and not pending
        and (refusal := credit_request_decision_refusal(credit_request=credit_request, reviewer=request.user))
    ):
        # "Already decided by ...": a request that is no longer pending always has this refusal.
        messages.error(request, refusal)
        return redirect(here)
    credential = credit_request.credential
    history = credit_request_history(credit_request=credit_request)
    context = {
        "credit_request": credit_request,
        "credential": credential,
        "earned": credential_earned(credential=credential),
        "form": form,
        "pending": pending,
        "inline": credit_request.content_type in INLINE_TYPES,
        "is_image": credit_request.content_type.startswith("image/"),
        "history": history,
        "filters": filters,
        "queue_url": filters.url(reverse("reviews:queue")),
        "shortcuts": CREDIT_SHORTCUTS,
    }
    return render(request, "reviews/credit_decision.html", context)
