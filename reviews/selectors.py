"""Reviewer reads: the queue of pending items (files and credit requests) and the file decision screen."""

import datetime as dt
import re

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
    """Every word of `query` must match the learner's first or last name, email or library.

    `user_path` leads from the queryset's model to the user ("owner", "user"; "" for a User queryset).
    """
    prefix = f"{user_path}__" if user_path else ""
    for word in (query or "").split()[:6]:
        queryset = queryset.filter(
            Q(**{f"{prefix}first_name__icontains": word})
            | Q(**{f"{prefix}last_name__icontains": word})
            | Q(**{f"{prefix}email__icontains": word})
            | Q(**{f"{prefix}library__name__icontains": word})
        )
    return queryset


def _filtered(queryset, *, user_path, program_id, query):
    if program_id:
        queryset = queryset.filter(credential__program_id=program_id)
    return _search(queryset, user_path=user_path, query=query)


def _rows(queryset, *, kind, user_path, submitted_at, summary):
    """One half of the queue as QUEUE_COLUMNS rows."""
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


def _pending_files_filtered(*, program_id, query):
    pending = ExternalFile.objects.filter(status=ExternalFile.Status.SUBMITTED)
    return _filtered(pending, user_path="owner", program_id=program_id, query=query)


def _pending_files(*, program_id, query):
    return _rows(
        _pending_files_filtered(program_id=program_id, query=query),
        kind=KIND_FILE,
        user_path="owner",
        submitted_at="uploaded_at",
        summary="document_type__name",
    )


def _pending_credit_requests_filtered(*, program_id, query):
    pending = CreditRequest.objects.filter(status=CreditRequest.Status.PENDING)
    return _filtered(pending, user_path="user", program_id=program_id, query=query)


def _pending_credit_requests(*, program_id, query):
    return _rows(
        _pending_credit_requests_filtered(program_id=program_id, query=query),
        kind=KIND_CREDIT,
        user_path="user",
        submitted_at="created_at",
        summary="course",
    )


# Keyset ("seek") pagination of the queue. A position is the key (submitted_at, kind, item_id) of a row; a page is
# the PAGE_SIZE rows after (or before) it in that order. Each half is read with its own ORDER BY ... LIMIT on the
# partial indexes (status, time, id) and the two short lists are merged here, so page 1,000 costs what page 1 does:
# no OFFSET, and the total is a count capped at COUNT_CAP.
PAGE_SIZE = 25
COUNT_CAP = 1000
EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
_CURSOR = re.compile(r"^(\d{1,17})-(file|credit)-(\d{1,18})$")


def cursor_encode(row):
    """`<microseconds since 1970 UTC>-<kind>-<id>`: opaque enough, exact, and easy to validate."""
    delta = row["submitted_at"] - EPOCH
    micros = (delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds
    return f"{micros}-{row['kind']}-{row['item_id']}"


def cursor_decode(value):
    """The key a cursor stands for, or None for anything that is not a cursor we made (-> first page)."""
    match = _CURSOR.match(value or "")
    if not match:
        return None
    micros, kind, item_id = match.groups()
    try:
        submitted_at = EPOCH + dt.timedelta(microseconds=int(micros))
    except OverflowError:
        return None
    if submitted_at.year > 9000:
        return None
    return (submitted_at, kind, int(item_id))


def _seek(queryset, *, time_field, kind, key, backwards):
    """Rows of one half strictly after (or before) `key` in (time, kind, id) order; the half's kind is fixed.

    Same kind: the row-value comparison `(time, id) > (at, id)` spelled with plain lookups as
    `time >= at AND (time > at OR id > key id)` (the mirror for `<`). The first part is the index condition on
    the partial (time, id) index, so the scan starts at the key; the OR only filters rows at the key's own
    instant. Other kind: the time alone decides.
    """
    if key is None:
        return queryset
    at, key_kind, key_id = key
    beyond = "lt" if backwards else "gt"
    if kind == key_kind:
        return queryset.filter(
            Q(**{f"{time_field}__{beyond}e": at})
            & (Q(**{f"{time_field}__{beyond}": at}) | Q(**{f"pk__{beyond}": key_id}))
        )
    # At one instant, this whole kind sorts on the wanted side of the key or on the other.
    include_ties = (kind < key_kind) == backwards
    return queryset.filter(**{f"{time_field}__{beyond}{'e' if include_ties else ''}": at})


def _halves(*, kind, program_id, query):
    """(kind, time field, rows queryset, filtered queryset without the display joins) for each half asked for."""
    filters = {"program_id": program_id, "query": query}
    halves = []
    if kind in ("", KIND_FILE):
        halves.append(
            (KIND_FILE, "uploaded_at", _pending_files(**filters), _pending_files_filtered(**filters))
        )
    if kind in ("", KIND_CREDIT):
        halves.append(
            (
                KIND_CREDIT,
                "created_at",
                _pending_credit_requests(**filters),
                _pending_credit_requests_filtered(**filters),
            )
        )
    return halves


def review_queue(*, kind="", program_id=None, query=""):
    """Pending file submissions and credit requests, oldest first, as dicts with QUEUE_COLUMNS (a UNION queryset).

    For small reads and exports; the queue page uses `review_queue_page` (keyset pagination).
    """
    parts = [qs for _, _, qs, _ in _halves(kind=kind, program_id=program_id, query=query)]
    queue = parts[0] if len(parts) == 1 else parts[0].union(parts[1], all=True)
    return queue.order_by("submitted_at", "kind", "item_id")


def review_queue_page(*, kind="", program_id=None, query="", after=None, before=None, size=PAGE_SIZE):
    """One page of the queue after the `after` cursor (or before `before`), oldest first.

    Returns a dict: rows, next_cursor / previous_cursor (None when there is no such page), count (capped at
    COUNT_CAP) and count_capped. Two queries per half (the page, the capped count), whatever the page.
    """
    backwards = False
    key = cursor_decode(after) if after else None
    if key is None and before:
        key = cursor_decode(before)
        backwards = key is not None
    rows = []
    count = 0
    for half_kind, time_field, queryset, filtered in _halves(kind=kind, program_id=program_id, query=query):
        direction = "-" if backwards else ""
        page = _seek(queryset, time_field=time_field, kind=half_kind, key=key, backwards=backwards).order_by(
            f"{direction}{time_field}", f"{direction}pk"
        )
        rows.extend(page[: size + 1])
        count += filtered.values("pk")[: COUNT_CAP + 1].count()

    def sort_key(row):
        return (row["submitted_at"], row["kind"], row["item_id"])

    rows.sort(key=sort_key, reverse=backwards)
    more = len(rows) > size
    rows = rows[:size]
    # Nothing after the key or less than a page before it (items decided since, or a cursor past the end): the
    # first page, rather than an empty table under "Pending (N)".
    if key is not None and (not rows or (backwards and len(rows) < size)):
        return review_queue_page(kind=kind, program_id=program_id, query=query, size=size)
    if backwards:
        rows.reverse()
        has_previous, has_next = more, True
    else:
        has_previous, has_next = key is not None, more
    return {
        "rows": rows,
        "next_cursor": cursor_encode(rows[-1]) if rows and has_next else None,
        "previous_cursor": cursor_encode(rows[0]) if rows and has_previous else None,
        "count": min(count, COUNT_CAP),
        "count_capped": count > COUNT_CAP,
    }


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
