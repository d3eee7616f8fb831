"""Request new Credit (the window, also reachable as its own page) and the private evidence files."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from accounts.mfa import acts_as_reviewer
from credentials.files import framed_by_portal, private_file_response
from credit_requests import services
from credit_requests.forms import CreditRequestForm
from credit_requests.selectors import credit_request_for_file


@login_required
def credit_request_new(request):
    form = CreditRequestForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.credit_request_submit(
                user=request.user,
                credential_id=data["credential"],
                activity_date=data["activity_date"],
                course=data["course"],
                description=data["description"],
                requested_credits=data["requested_credits"],
                uploaded_file=data["file"],
                now=timezone.now(),
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request,
                "Your credit request was sent to KDLA for review. It appears in the Request Credits box "
                "in your Dashboard.",
            )
            return redirect("dashboard")
    return render(request, "credit_requests/new.html", {"form": form})


@require_GET
@login_required
def credit_request_file(request, pk):
    """Download: the owner or a reviewer; anyone else gets a 404."""
    credit_request = credit_request_for_file(user=request.user, pk=pk)
    return private_file_response(credit_request, inline=False)


@require_GET
@login_required
@framed_by_portal
def credit_request_file_inline(request, pk):
    """View in the browser (reviewers' decision screen)."""
    if not acts_as_reviewer(request.user):
        raise Http404
    credit_request = credit_request_for_file(user=request.user, pk=pk)
    return private_file_response(credit_request, inline=True)
