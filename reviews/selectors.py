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


def _pending(queryset, *, kind, user_path, submitted_at, summary, program_id, query):
    """One half of the queue: `queryset`'s pending items as QUEUE_COLUMNS rows."""
    if program_id:
        queryset = queryset.filter(credential__program_id=program_id)
    queryset = _search(queryset, user_path=user_path, query=query)
    return (
        queryset.annotate(
            item_id=F("pk"),
            kind=Value(kind, output_field=CharField()),
            submitted_at=F(submitted_at),
            first_name=F(f"{user_path}__first_name"),
            last_name=F(f"{user_path}__last_name"),
            email=F(f"{user_path}__email"),
            library=F(f"{user_path}__library__name"),
            program_name=F("credential__program__credential_name"),
            summary=F(summary),
        )
        .values(*QUEUE_COLUMNS)
        .order_by()
    )


def _pending_files(*, program_id, query):
    return _pending(
        ExternalFile.objects.filter(status=ExternalFile.Status.SUBMITTED),
        kind=KIND_FILE,
        user_path="owner",
        submitted_at="uploaded_at",
        summary="document_type__name",
        program_id=program_id,
        query=query,
    )


def _pending_credit_requests(*, program_id, query):
    return _pending(
        CreditRequest.objects.filter(status=CreditRequest.Status.PENDING),
        kind=KIND_CREDIT,
        user_path="user",
        submitted_at="created_at",
        summary="course",
        program_id=program_id,
        query=query,
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
