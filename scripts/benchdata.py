"""Set-based inserts for the benchmarks that load 100,000s of rows with one INSERT ... SELECT.

A bench names only the columns it cares about; every other column of the model gets the field's own default,
so a field added later with a default never breaks a bench (bench_sweeps stopped twice on a new NOT NULL
user column). A new column with neither a default nor NULL allowed stops the bench with its name.
"""

from django.db import connection
from django.db.models import NOT_PROVIDED


def insert_select(cursor, model, columns, *, source, params=(), with_sql="", with_params=()):
    """`INSERT INTO <model's table> (...) SELECT <columns> <source>`.

    `columns` maps a field name (or attname, e.g. `library_id`) to an SQL expression, or to `(expression,
    [parameters])`; `source` is the rest of the SELECT (FROM ..., WHERE ...) and `params` its parameters;
    `with_sql` an optional `WITH ...` clause before the SELECT.
    """
    given = dict(columns)
    names, expressions, values = [], [], []
    for field in model._meta.concrete_fields:
        if field.primary_key and field.name not in given:
            continue
        key = field.name if field.name in given else field.attname
        if key in given:
            expression = given.pop(key)
            sql, sql_params = expression if isinstance(expression, tuple) else (expression, [])
            expressions.append(sql)
            values.extend(sql_params)
        elif field.has_default() or (not field.null and field.get_default() == ""):  # "" for blank text
            expressions.append("%s")
            values.append(field.get_db_prep_save(field.get_default(), connection))
        elif field.null or field.db_default is not NOT_PROVIDED:
            continue
        else:
            raise SystemExit(
                f"{model._meta.label}.{field.name} has no default: give it in the bench's columns"
            )
        names.append(field.column)
    if given:
        raise SystemExit(f"{model._meta.label} has no field {', '.join(given)}")
    cursor.execute(
        f"INSERT INTO {model._meta.db_table} ({', '.join(names)}) {with_sql} "
        f"SELECT {', '.join(expressions)} {source}",
        [*with_params, *values, *params],
    )


def insert_learners(cursor, count):
    """`count` active learners bench1@example.org ... at the first library system, in one statement."""
    from accounts.models import User

    insert_select(
        cursor,
        User,
        {
            "password": "'!'",
            "email": "'bench' || g || '@example.org'",
            "first_name": "'First' || g",
            "last_name": "'Last' || g",
            "date_joined": "now()",
            "job_title": "'Library Assistant'",
            "library_id": "(SELECT min(id) FROM accounts_library)",
        },
        source="FROM generate_series(1, %s) g",
        params=[count],
    )
