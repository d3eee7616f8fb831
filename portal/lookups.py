"""A list of values as ONE query parameter where the database has arrays: `AnyOf` for the ORM, `any_of_sql` for
hand-written SQL.

Django's `__in` writes a placeholder per value. For the thousands of ids a sweep batch hands from one statement
to the next, building, quoting and parsing that list costs more than some of the statements themselves
(measured with `scripts/bench_sweeps.py`, docs/DECISIONS.md "Scheduled jobs"). On PostgreSQL both write
`column = ANY(%s)` with the list as one array; on other databases (SQLite) they write Django's `IN (...)`.
Meant for lists of integers (ids): the values are passed as they are.
"""

from django.core.exceptions import EmptyResultSet
from django.db.models.lookups import In


class AnyOf(In):
    """`filter(AnyOf(F("pk"), ids))`: `pk IN ids`, one array parameter on PostgreSQL."""

    lookup_name = "any_of"

    def as_postgresql(self, compiler, connection):
        if not self.rhs_is_direct_value():
            return self.as_sql(compiler, connection)
        values = [value for value in self.rhs if value is not None]
        if not values:
            raise EmptyResultSet
        lhs, lhs_params = self.process_lhs(compiler, connection)
        return f"{lhs} = ANY(%s)", (*lhs_params, values)


def any_of_sql(column: str, values, *, connection) -> tuple[str, list]:
    """`column IN values` for hand-written SQL: the fragment and its parameters (one array on PostgreSQL)."""
    values = list(values)
    if connection.vendor == "postgresql":
        return f"{column} = ANY(%s)", [values]
    return f"{column} IN ({', '.join(['%s'] * len(values))})", values
