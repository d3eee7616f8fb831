"""The review queue's filters (kind, program, search, sort), read from and written back to the query string.

The queue, both decision screens and their "... and next" buttons carry the same filters, so a reviewer who
filtered once keeps the filter from item to item and back to the queue.
"""

from dataclasses import dataclass
from urllib.parse import urlencode

from reviews import selectors

QUERY_MAX_LENGTH = 100


@dataclass(frozen=True)
class QueueFilters:
    kind: str = ""
    program_id: int | None = None
    query: str = ""
    sort: str = selectors.SORT_AGE

    @classmethod
    def from_request(cls, request):
        """Validated filters from the query string: anything unknown falls back to "no filter"."""
        params = request.GET
        kind = params.get("kind", "")
        program = params.get("program", "")
        sort = params.get("sort", "")
        return cls(
            kind=kind if kind in dict(selectors.KINDS) else "",
            program_id=int(program) if program.isdigit() and len(program) < 10 else None,
            query=params.get("q", "").strip()[:QUERY_MAX_LENGTH],
            sort=sort if sort in dict(selectors.SORTS) else selectors.SORT_AGE,
        )

    @property
    def narrowed(self):
        """True when some items are left out (the sort leaves nothing out)."""
        return bool(self.kind or self.program_id or self.query)

    def selector_kwargs(self):
        return {"kind": self.kind, "program_id": self.program_id, "query": self.query, "sort": self.sort}

    def querystring(self):
        """The filters as a query string without the "?", only those that differ from the defaults."""
        params = {"kind": self.kind, "program": self.program_id or "", "q": self.query}
        if self.sort != selectors.SORT_AGE:
            params["sort"] = self.sort
        return urlencode({name: value for name, value in params.items() if value})

    def url(self, path):
        """`path` with the filters appended."""
        query = self.querystring()
        return f"{path}?{query}" if query else path
