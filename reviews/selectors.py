"""Reviewer reads: the queue of pending items (files and credit requests) and the file decision screen."""

from django.db.models import CharField, F, Q, Value
from django.shortcuts import get_object_or_404

from credentials.models import CredentialEvent, ExternalFile, Program
from credit_requests.models import CreditRequest

KIND_FILE = "file"
KIND_CREDIT = "credit"
KINDS = [(KIND_FILE, "File submissions"), (KIND_CREDIT, "Credit requests")]

# The columns both halves of the queue select, in this order (a UNION needs the same shape on each side).
QUEUE_COLUMNS = [
    "item_id",
    "kind",
    "submitted_at",
    "first_name",
    "last_name",
    "email",
    "library",
    "program_name",
    "summary",
]


def _search(queryset, *, user_path, query):
    """Every word of `query` must match the learner's first or last name, email or library."""
    for word in (query or "").split()[:6]:
        queryset = queryset.filter(
            Q(**{f"{user_path}__first_name__icontains": word})
            | Q(**{f"{user_path}__last_name__icontains": word})
            | Q(**{f"{user_path}__email__icontains": word})
            | Q(**{f"{user_path}__library__name__icontains": word})
        )
    return queryset


def _pending_files(*, program_id, query):
    files = ExternalFile.objects.filter(status=ExternalFile.Status.SUBMITTED)
    if program_id:
        files = files.filter(credential__program_id=program_id)
    files = _search(files, user_path="owner", query=query)
    return (
        files.annotate(
            item_id=F("pk"),
            kind=Value(KIND_FILE, output_field=CharField()),
            submitted_at=F("uploaded_at"),
            first_name=F("owner__first_name"),
            last_name=F("owner__last_name"),
            email=F("owner__email"),
            library=F("owner__library__name"),
            program_name=F("credential__program__credential_name"),
            summary=F("document_type__name"),
        )
        .values(*QUEUE_COLUMNS)
        .order_by()
    )


def _pending_credit_requests(*, program_id, query):
    requests = CreditRequest.objects.filter(status=CreditRequest.Status.PENDING)
    if program_id:
        requests = requests.filter(credential__program_id=program_id)
    requests = _search(requests, user_path="user", query=query)
    return (
        requests.annotate(
            item_id=F("pk"),
            kind=Value(KIND_CREDIT, output_field=CharField()),
            submitted_at=F("created_at"),
            first_name=F("user__first_name"),
            last_name=F("user__last_name"),
            email=F("user__email"),
            library=F("user__library__name"),
            program_name=F("credential__program__credential_name"),
            summary=F("course"),
        )
        .values(*QUEUE_COLUMNS)
        .order_by()
    )


def review_queue(*, kind="", program_id=None, query=""):
    """Pending file submissions and credit requests, oldest first, as dicts with QUEUE_COLUMNS.

    One SQL query for a page (plus one for the count), whatever the number of items.
    """
    parts = []
    if kind in ("", KIND_FILE):
        parts.append(_pending_files(program_id=program_id, query=query))
    if kind in ("", KIND_CREDIT):
        parts.append(_pending_credit_requests(program_id=program_id, query=query))
    queue = parts[0] if len(parts) == 1 else parts[0].union(parts[1], all=True)
    return queue.order_by("submitted_at", "kind", "item_id")


def review_programs():
    return Program.objects.order_by("name").only("pk", "name", "credential_name")


def external_file_for_review(*, pk):
    return get_object_or_404(
        ExternalFile.objects.select_related(
            "owner__library",
            "credential__program",
            "document_type",
            "decided_by",
            "decision__reviewer",
        ),
        pk=pk,
    )


def credential_history(*, credential):
    return CredentialEvent.objects.filter(credential=credential).select_related("actor").order_by("at", "pk")


def credential_files(*, credential):
    return ExternalFile.objects.filter(credential=credential).select_related("document_type", "decided_by")
