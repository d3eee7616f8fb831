"""Reviewer pages: the queue of pending items and the file decision screen (credit requests: views_credits)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from credentials import rules
from credentials import services as credential_services
from credentials.files import INLINE_TYPES
from credentials.models import CredentialStatus, ExternalFile
from reviews import selectors, services
from reviews.forms_files import ApproveForm, ExtendDeadlineForm, ReturnForm

PAGE_SIZE = selectors.PAGE_SIZE
EVENT_LABELS = {
    "registered": "Registered",
    "file_uploaded": "File uploaded",
    "file_approved": "File approved",
    "file_returned": "File returned",
    "status": "Status changed",
    "deadline": "Upload deadline changed",
    "enrolled": "Enrolled",
    "credit": "Credit added",
    "credit_request": "Credit requested",
    "credit_decision": "Credit request decided",
    "credit_reversed": "Credit reversed",
    "decision_reopened": "Decision reopened",
    "reinstated": "Application reinstated",
    "file_infected": "File refused (virus)",
    "credit_request_infected": "Credit request refused (virus)",
}


@login_required
@permission_required("reviews.review_submissions", raise_exception=True)
def queue(request):
    now = timezone.now()
    kind = request.GET.get("kind", "")
    if kind not in dict(selectors.KINDS):
        kind = ""
    program = request.GET.get("program", "")
    program_id = int(program) if program.isdigit() else None
    query = request.GET.get("q", "").strip()[:100]
    page = selectors.review_queue_page(
        kind=kind,
        program_id=program_id,
        query=query,
        after=request.GET.get("after", "")[:60],
        before=request.GET.get("before", "")[:60],
        size=PAGE_SIZE,
    )
    today = rules.local_date(now)
    rows = []
    for item in page["rows"]:
        age = (today - rules.local_date(item["submitted_at"])).days
        url_name = "reviews:file" if item["kind"] == selectors.KIND_FILE else "reviews:credit"
        rows.append({**item, "age_days": age, "url": reverse(url_name, args=[item["item_id"]])})
    params = request.GET.copy()
    for name in ("page", "after", "before"):
        params.pop(name, None)
    return render(
        request,
        "reviews/queue.html",
        {
            "page": page,
            "count_label": f"{page['count']:,}{'+' if page['count_capped'] else ''}",
            "rows": rows,
            "kinds": selectors.KINDS,
            "programs": selectors.review_programs(),
            "kind": kind,
            "program_id": program_id,
            "query": query,
            "filter_query": params.urlencode(),
        },
    )


@login_required
@permission_required("reviews.review_submissions", raise_exception=True)
@require_http_methods(["GET", "POST"])
def file_decision(request, pk):
    now = timezone.now()
    external_file = selectors.external_file_for_review(pk=pk)
    approve_form, return_form, extend_form = ApproveForm(), ReturnForm(), ExtendDeadlineForm()
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "approve":
                approve_form = ApproveForm(request.POST)
                if approve_form.is_valid():
                    services.file_approve(
                        external_file_id=external_file.pk,
                        reviewer=request.user,
                        now=now,
                        note=approve_form.cleaned_data["note"],
                    )
                    messages.success(
                        request,
                        f"Approved. {external_file.credential.program.credential_name} of "
                        f"{external_file.owner.display_name} is COMPLETED / COMPLIANT.",
                    )
                    return redirect("reviews:queue")
            elif action == "return":
                return_form = ReturnForm(request.POST)
                if return_form.is_valid():
                    services.file_return(
                        external_file_id=external_file.pk,
                        reviewer=request.user,
                        message=return_form.cleaned_data["message"],
                        now=now,
                    )
                    messages.success(
                        request, f"Returned to {external_file.owner.display_name} with your message."
                    )
                    return redirect("reviews:queue")
            elif action == "extend":
                extend_form = ExtendDeadlineForm(request.POST)
                if extend_form.is_valid():
                    credential_services.credential_extend_deadline(
                        credential=external_file.credential,
                        new_date=extend_form.cleaned_data["new_date"],
                        now=now,
                        actor=request.user,
                        note=extend_form.cleaned_data["reason"],
                    )
                    messages.success(request, "The upload deadline was changed.")
                    return redirect("reviews:file", pk=external_file.pk)
            else:
                messages.error(request, "Choose Approve or Return for more information.")
        except (services.ReviewError, credential_services.CredentialError) as error:
            messages.error(request, str(error))
            return redirect("reviews:file", pk=external_file.pk)
    credential = external_file.credential
    days_left = rules.days_left(credential.upload_deadline, now) if credential.upload_deadline else None
    history = list(selectors.credential_history(credential=credential))
    for event in history:
        event.label = EVENT_LABELS.get(event.kind, event.kind.replace("_", " ").capitalize())
    return render(
        request,
        "reviews/file_decision.html",
        {
            "external_file": external_file,
            "learner": external_file.owner,
            "credential": credential,
            "days_left": days_left,
            "history": history,
            "other_files": selectors.credential_files(credential=credential).exclude(pk=external_file.pk),
            "is_pending": external_file.status == ExternalFile.Status.SUBMITTED,
            "can_extend": credential.status == CredentialStatus.ACTIVE and credential.upload_deadline,
            "inline_kind": (
                ("pdf" if external_file.content_type == "application/pdf" else "image")
                if external_file.content_type in INLINE_TYPES
                else None
            ),
            "approve_form": approve_form,
            "return_form": return_form,
            "extend_form": extend_form,
        },
        status=400 if request.method == "POST" else 200,
    )
