"""Reviewer pages: the queue of pending items and the file decision screen (credit requests: views_credits)."""

import datetime as dt
import math

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from accounts.models import REVIEW_PERMISSION
from credentials import rules
from credentials.files import INLINE_TYPES
from credentials.models import CredentialStatus, ExternalFile
from credentials.services.base import CredentialError
from credentials.services.expiry import credential_extend_deadline
from reviews import selectors, services
from reviews.filters import QueueFilters
from reviews.forms_files import ApproveForm, ExtendDeadlineForm, ReturnForm

PAGE_SIZE = selectors.PAGE_SIZE


def item_url(*, kind, pk, filters):
    """A decision screen's address, carrying the queue's filters."""
    name = "reviews:file" if kind == selectors.KIND_FILE else "reviews:credit"
    return filters.url(reverse(name, args=[pk]))


def redirect_after_decision(request, *, filters, item_kind, item, go_next):
    """After a decision: the next pending item in the queue's order and filters ("... and next"), else the queue.

    The queue keeps the filters either way; when "next" finds nothing left, the queue says so.
    """
    if go_next:
        following = selectors.review_queue_next(**filters.selector_kwargs(), item_kind=item_kind, item=item)
        if following:
            return redirect(item_url(kind=following["kind"], pk=following["item_id"], filters=filters))
        messages.info(
            request,
            "Nothing else is waiting for review" + (" with these filters." if filters.narrowed else "."),
        )
    return redirect(filters.url(reverse("reviews:queue")))


def _deadline_mark(*, deadline, now):
    """The near-deadline badge text of a queue row, or "" when the deadline is further off (or there is none).

    `deadline`: an upload deadline (datetime) or a cycle's last day (date, ending at 11:59 pm Eastern)."""
    if deadline is None:
        return ""
    days = rules.days_left(deadline if isinstance(deadline, dt.datetime) else rules.end_of_day(deadline), now)
    if days > selectors.NEAR_DEADLINE_DAYS:
        return ""
    if days < 0:
        return "Deadline passed"
    if days == 0:
        return "Due today"
    return f"Due in {days} day{'s' if days != 1 else ''}"


def _page_number(request, *, page, pages):
    """The page shown, carried in the links (`n`): 1 on the first page, the last page when there is no next."""
    if page["first_page"]:
        return 1
    if not page["next_cursor"] and not page["count_capped"]:
        return pages
    value = request.GET.get("n", "")
    number = int(value) if value.isdigit() and len(value) < 7 else 2
    upper = pages if page["count_capped"] else max(pages - 1, 2)
    return min(max(number, 2), upper)


# The decision screens' keyboard shortcuts (static/js/review_shortcuts.js): Alt+Shift+<key>, never inside a text
# field. Each names the element it presses or focuses by id; the page lists them (reviews/_shortcuts.html).
FILE_SHORTCUTS = [
    {"key": "A", "target": "approve-next", "label": "Approve and next"},
    {"key": "M", "target": "id_message", "label": "Write the message to return the file"},
    {"key": "F", "target": "file-title", "label": "Go to the file"},
    {"key": "Q", "target": "back-to-queue", "label": "Back to the queue"},
]
CREDIT_SHORTCUTS = [
    {"key": "A", "target": "approve-next", "label": "Approve the credits shown and next"},
    {"key": "M", "target": "id_notes", "label": "Write the notes"},
    {"key": "F", "target": "request-title", "label": "Go to the file"},
    {"key": "Q", "target": "back-to-queue", "label": "Back to the queue"},
]


@login_required
@permission_required(REVIEW_PERMISSION, raise_exception=True)
def queue(request):
    now = timezone.now()
    filters = QueueFilters.from_request(request)
    page = selectors.review_queue_page(
        **filters.selector_kwargs(),
        after=request.GET.get("after", "")[:60],
        before=request.GET.get("before", "")[:60],
        size=PAGE_SIZE,
    )
    today = rules.local_date(now)
    rows = []
    for item in page["rows"]:
        rows.append(
            {
                **item,
                "age_days": (today - rules.local_date(item["submitted_at"])).days,
                "deadline_mark": _deadline_mark(deadline=item["deadline"], now=now),
                "url": item_url(kind=item["kind"], pk=item["item_id"], filters=filters),
            }
        )
    pages = max(math.ceil(page["count"] / PAGE_SIZE), 1)
    number = _page_number(request, page=page, pages=pages)
    return render(
        request,
        "reviews/queue.html",
        {
            "page": page,
            "count_label": f"{page['count']:,}{'+' if page['count_capped'] else ''}",
            "page_label": f"Page {number:,} of {pages:,}{'+' if page['count_capped'] else ''}",
            "previous_number": number - 1,
            "next_number": number + 1,
            "rows": rows,
            "kinds": selectors.KINDS,
            "sorts": selectors.SORTS,
            "programs": selectors.review_programs(),
            "filters": filters,
            "kind": filters.kind,
            "program_id": filters.program_id,
            "query": filters.query,
            "filter_query": filters.querystring(),
            "near_deadline_days": selectors.NEAR_DEADLINE_DAYS,
        },
    )


@login_required
@permission_required(REVIEW_PERMISSION, raise_exception=True)
@require_http_methods(["GET", "POST"])
def file_decision(request, pk):
    now = timezone.now()
    external_file = selectors.external_file_for_review(pk=pk)
    filters = QueueFilters.from_request(request)
    here = item_url(kind=selectors.KIND_FILE, pk=external_file.pk, filters=filters)
    approve_form, return_form, extend_form = ApproveForm(), ReturnForm(), ExtendDeadlineForm()
    if request.method == "POST":
        action = request.POST.get("action")
        go_next = request.POST.get("next") == "1"
        decided = {
            "filters": filters,
            "item_kind": selectors.KIND_FILE,
            "item": external_file,
            "go_next": go_next,
        }
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
                    return redirect_after_decision(request, **decided)
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
                    return redirect_after_decision(request, **decided)
            elif action == "extend":
                extend_form = ExtendDeadlineForm(request.POST)
                if extend_form.is_valid():
                    try:
                        credential_extend_deadline(
                            credential=external_file.credential,
                            new_date=extend_form.cleaned_data["new_date"],
                            now=now,
                            actor=request.user,
                            note=extend_form.cleaned_data["reason"],
                        )
                    except CredentialError as error:
                        if error.field not in extend_form.fields:
                            raise
                        extend_form.add_error(error.field, str(error))  # next to the date, input kept
                    else:
                        messages.success(request, "The upload deadline was changed.")
                        return redirect(here)
            else:
                messages.error(request, "Choose Approve or Return for more information.")
        except (services.ReviewError, CredentialError) as error:
            messages.error(request, str(error))
            return redirect(here)
    credential = external_file.credential
    days_left = rules.days_left(credential.upload_deadline, now) if credential.upload_deadline else None
    history = selectors.credential_history(credential=credential)
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
            "filters": filters,
            "queue_url": filters.url(reverse("reviews:queue")),
            "shortcuts": FILE_SHORTCUTS,
            "approve_form": approve_form,
            "return_form": return_form,
            "extend_form": extend_form,
        },
        status=400 if request.method == "POST" else 200,
    )
