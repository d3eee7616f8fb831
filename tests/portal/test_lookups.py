"""portal.lookups: a list of ids as one array parameter on PostgreSQL, Django's IN elsewhere; same rows."""

import pytest
from django.db import connection
from django.db.models import F

from accounts.models import User
from portal.lookups import AnyOf, any_of_sql
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_any_of_finds_the_listed_rows_and_ignores_none():
    first, second, _other = UserFactory(), UserFactory(), UserFactory()
    found = User.objects.filter(AnyOf(F("pk"), [first.pk, second.pk, None]))
    assert set(found) == {first, second}
    assert list(User.objects.filter(AnyOf(F("pk"), []))) == []


def test_any_of_sql_selects_the_listed_rows():
    first, _other = UserFactory(), UserFactory()
    where, params = any_of_sql("id", [first.pk], connection=connection)
    table = connection.ops.quote_name(User._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT id FROM {table} WHERE {where}", params)  # noqa: S608  # nosec B608
        assert cursor.fetchall() == [(first.pk,)]


def test_a_whole_sweep_batch_of_ids_is_one_statement_on_this_database():
    """The sweeps pass BATCH_SIZE ids at once: SQLite must take that many placeholders (its limit is 32,766
    since 3.32; Django's own bulk batching assumes 999), PostgreSQL one array."""
    from portal.jobs import BATCH_SIZE

    user = UserFactory()
    ids = [user.pk, *range(10**9, 10**9 + BATCH_SIZE)]
    assert list(User.objects.filter(AnyOf(F("pk"), ids))) == [user]
    where, params = any_of_sql("id", ids, connection=connection)
    table = connection.ops.quote_name(User._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT id FROM {table} WHERE {where}", params)  # noqa: S608  # nosec B608
        assert cursor.fetchall() == [(user.pk,)]
