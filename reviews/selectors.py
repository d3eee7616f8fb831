"""Reviewer reads: the queue of pending items (files and credit requests) and the file decision screen."""

import datetime as dt
import re

from django.db import connection
from django.db.models import CharField, DateTimeField, DecimalField, F, Q, Value
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404

from credentials import rules
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


# Keyset ("seek") pagination of the queue. A position is the key (sort time, kind, item_id) of a row; a page is
# the PAGE_SIZE rows after (or before) it in that order. Each half is read with its own ORDER BY ... LIMIT and the
# two short lists are merged here, so page 1,000 costs what page 1 does: no OFFSET, and the total is ONE count
# query, capped at COUNT_CAP. Two orders (SORTS): by age (submitted time, on the partial (time, id) indexes) and by
# deadline (a file: its application's upload deadline; a credit request: the end of its renewal cycle, 11:59 pm
# Eastern on cycle_end): a column of the joined credential, so that order is not an index walk (see DECISIONS).
PAGE_SIZE = 25
COUNT_CAP = 1000
# Items whose deadline is at most this many Kentucky days away are marked in the queue.
NEAR_DEADLINE_DAYS = 7
EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
# Where a file whose credential has no upload deadline sorts in deadline order: after every real deadline.
NO_DEADLINE = dt.datetime(2999, 12, 31, tzinfo=dt.UTC)
_CURSOR = re.compile(r"^(\d{1,17})-(file|credit)-(\d{1,18})$")

SORT_AGE = "age"
SORT_DEADLINE = "deadline"
SORTS = [(SORT_AGE, "Oldest first"), (SORT_DEADLINE, "Closest deadline first")]


def cursor_encode(row):
    """`<microseconds since 1970 UTC>-<kind>-<id>`: opaque enough, exact, and easy to validate."""
    delta = row.get("sort_at", row["submitted_at"]) - EPOCH
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


class _TimeOrder:
    """The sort time is a datetime expression (`sort_value`): compared with the key's time as it is."""

    def __init__(self, expression):
        self.expression = expression

    def compare(self, lookup, at):
        """Q for `sort time <lookup> at` (lookup: gt, gte, lt, lte)."""
        return Q(**{f"sort_value__{lookup}": at})

    def sort_at(self, value):
        return value or NO_DEADLINE


class _EndOfDayOrder(_TimeOrder):
    """The sort time is 11:59 pm Eastern on a date column: the key's time is compared as a Kentucky date."""

    def compare(self, lookup, at):
        day = rules.local_date(at)
        at_end_of_day = at == rules.end_of_day(day)
        # end_of_day(d) > at  <=>  d > day when `at` is the very end of `day`, d >= day when it is earlier.
        mapped = {
            "gte": "gte",
            "gt": "gt" if at_end_of_day else "gte",
            "lte": "lte" if at_end_of_day else "lt",
            "lt": "lt",
        }[lookup]
        return Q(**{f"sort_value__{mapped}": day})

    def sort_at(self, value):
        return rules.end_of_day(value)


class _Half:
    """One kind of pending item as the queue reads it (files and credit requests)."""

    def __init__(self, *, kind, model, status, user_path, time_field, summary, deadline, hours, orders):
        self.kind = kind
        self.model = model
        self.status = status
        self.user_path = user_path
        self.time_field = time_field
        self.summary = summary
        self.deadline = deadline
        self.hours = hours
        self.orders = orders

    def filtered(self, *, program_id, query):
        pending = self.model.objects.filter(status=self.status)
        return _filtered(pending, user_path=self.user_path, program_id=program_id, query=query)

    def rows(self, *, program_id, query):
        return _rows(
            self.filtered(program_id=program_id, query=query),
            kind=self.kind,
            user_path=self.user_path,
            submitted_at=self.time_field,
            summary=self.summary,
        )

    def seek(self, *, program_id, query, sort, key, backwards, size):
        """Up to `size` rows strictly after (or before) `key` in (sort time, kind, id) order, nearest first.

        Same kind: the row-value comparison `(time, id) > (at, id)` spelled with plain lookups as
        `time >= at AND (time > at OR id > key id)` (the mirror for `<`). The first part is the index condition
        on the partial (time, id) index, so the scan starts at the key; the OR only filters rows at the key's own
        instant. Other kind: the time alone decides.
        """
        order = self.orders[sort]
        condition = Q()
        if key is not None:
            at, key_kind, key_id = key
            beyond = "lt" if backwards else "gt"
            if self.kind == key_kind:
                condition = order.compare(f"{beyond}e", at) & (
                    order.compare(beyond, at) | Q(**{f"pk__{beyond}": key_id})
                )
            else:
                # At one instant, this whole kind sorts on the wanted side of the key or on the other.
                include_ties = (self.kind < key_kind) == backwards
                condition = order.compare(f"{beyond}{'e' if include_ties else ''}", at)
        direction = "-" if backwards else ""
        ordering = (f"{direction}sort_value", f"{direction}pk")
        hours = F(self.hours) if self.hours else Value(None, output_field=DecimalField())
        rows = (
            self.rows(program_id=program_id, query=query)
            .annotate(deadline=F(self.deadline), requested_credits=hours, sort_value=order.expression)
            .values(*QUEUE_COLUMNS, "deadline", "requested_credits", "sort_value")
        )
        if sort == SORT_DEADLINE:
            # No index has this order, so every matching pending row is read: find the page's ids joining only
            # what the order and the filters need, then read the display columns of those rows alone.
            page_ids = (
                self.filtered(program_id=program_id, query=query)
                .annotate(sort_value=order.expression)
                .filter(condition)
                .order_by(*ordering)
                .values_list("pk", flat=True)[:size]
            )
            rows = rows.filter(pk__in=list(page_ids))
        else:
            rows = rows.filter(condition)
        rows = list(rows.order_by(*ordering)[:size])
        for row in rows:
            row["sort_at"] = order.sort_at(row.pop("sort_value"))
        return rows

    def key_of(self, item, *, sort):
        """The queue key (sort time, kind, id) of one of this half's items (a model instance)."""
        if sort == SORT_DEADLINE:
            value = item
            for part in self.deadline.split("__"):
                value = getattr(value, part)
            return (self.orders[sort].sort_at(value), self.kind, item.pk)
        return (getattr(item, self.time_field), self.kind, item.pk)


_HALVES = {
    KIND_FILE: _Half(
        kind=KIND_FILE,
        model=ExternalFile,
        status=ExternalFile.Status.SUBMITTED,
        user_path="owner",
        time_field="uploaded_at",
        summary="document_type__name",
        deadline="credential__upload_deadline",
        hours=None,
        orders={
            SORT_AGE: _TimeOrder(F("uploaded_at")),
            SORT_DEADLINE: _TimeOrder(
                Coalesce(F("credential__upload_deadline"), Value(NO_DEADLINE, output_field=DateTimeField()))
            ),
        },
    ),
    KIND_CREDIT: _Half(
        kind=KIND_CREDIT,
        model=CreditRequest,
        status=CreditRequest.Status.PENDING,
        user_path="user",
        time_field="created_at",
        summary="course",
        deadline="credential__cycle_end",
        hours="requested_credits",
        orders={
            SORT_AGE: _TimeOrder(F("created_at")),
            SORT_DEADLINE: _EndOfDayOrder(F("credential__cycle_end")),
        },
    ),
}


def _halves(kind):
    return [half for half_kind, half in _HALVES.items() if kind in ("", half_kind)]


def _capped_count(querysets, *, cap):
    """Pending rows of every half, each counted up to cap + 1, in ONE query (a scalar subquery per half)."""
    parts, params = [], []
    for queryset in querysets:
        compiler = queryset.values("pk").order_by()[: cap + 1].query.get_compiler(using=queryset.db)
        sql, part_params = compiler.as_sql()
        # Only ORM-compiled SQL is joined here, its parameters kept apart: nothing from the request.
        parts.append(f"(SELECT COUNT(*) FROM ({sql}) part)")  # noqa: S608  # nosec B608
        params.extend(part_params)
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + " + ".join(parts), params)
        return cursor.fetchone()[0]


def _merged(*, kind, program_id, query, sort, key, backwards, size):
    """Up to size + 1 rows after (before) `key`, both halves merged, nearest first."""
    rows = []
    for half in _halves(kind):
        rows += half.seek(
            program_id=program_id, query=query, sort=sort, key=key, backwards=backwards, size=size + 1
        )
    rows.sort(key=lambda row: (row["sort_at"], row["kind"], row["item_id"]), reverse=backwards)
    return rows[: size + 1]


def review_queue_page(
    *, kind="", program_id=None, query="", sort=SORT_AGE, after=None, before=None, size=PAGE_SIZE
):
    """One page of the queue after the `after` cursor (or before `before`), in `sort` order.

    Returns a dict: rows, next_cursor / previous_cursor (None when there is no such page), count (capped at
    COUNT_CAP), count_capped, and first_page (True when this is the first page, asked for or fallen back to).
    One query per half for the page and one count query, whatever the page and the order.
    """
    sort = sort if sort in dict(SORTS) else SORT_AGE
    backwards = False
    key = cursor_decode(after) if after else None
    if key is None and before:
        key = cursor_decode(before)
        backwards = key is not None
    rows = _merged(
        kind=kind, program_id=program_id, query=query, sort=sort, key=key, backwards=backwards, size=size
    )
    more = len(rows) > size
    rows = rows[:size]
    # Nothing after the key or less than a page before it (items decided since, or a cursor past the end): the
    # first page, rather than an empty table under "Pending (N)".
    if key is not None and (not rows or (backwards and len(rows) < size)):
        return review_queue_page(kind=kind, program_id=program_id, query=query, sort=sort, size=size)
    count = _capped_count(
        [half.filtered(program_id=program_id, query=query) for half in _halves(kind)], cap=COUNT_CAP
    )
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
        "first_page": not has_previous,
    }


def review_queue_next(*, kind="", program_id=None, query="", sort=SORT_AGE, item_kind, item):
    """The queue row that follows `item` (a pending or just-decided file or credit request) with these filters
    and in this order, or None when nothing is left after it. One query per half."""
    sort = sort if sort in dict(SORTS) else SORT_AGE
    key = _HALVES[item_kind].key_of(item, sort=sort)
    rows = _merged(kind=kind, program_id=program_id, query=query, sort=sort, key=key, backwards=False, size=0)
    return rows[0] if rows else None


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
