"""Request new Credit (the window, also reachable as its own page) and the private evidence files."""

from csp.decorators import csp_replace
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_GET

from credentials import files as file_rules
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


def _file_response(credit_request, *, inline):
    storage_file = credit_request.file
    try:
        handle = storage_file.open("rb")
    except FileNotFoundError as exc:
        raise Http404("The file is missing.") from exc
    # Only PDFs and images are shown in the browser; Word files always download.
    as_inline = inline and credit_request.content_type in file_rules.INLINE_TYPES
    response = FileResponse(
        handle,
        as_attachment=not as_inline,
        filename=credit_request.original_name,
        content_type=credit_request.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
@login_required
def credit_request_file(request, pk):
    """Download: the owner or a reviewer; anyone else gets a 404."""
    credit_request = credit_request_for_file(user=request.user, pk=pk)
    return _file_response(credit_request, inline=False)


@require_GET
@login_required
@xframe_options_sameorigin
@csp_replace(
    {"frame-ancestors": ["'self'"]}
)  # the portal-wide CSP says 'none'; the decision screen frames this
def credit_request_file_inline(request, pk):
    """View in the browser (reviewers' decision screen)."""
    if not request.user.is_reviewer:
        raise Http404
    credit_request = credit_request_for_file(user=request.user, pk=pk)
    return _file_response(credit_request, inline=True)
