"""`make bench`: what loading `request.user` and answering "is this a reviewer?" costs on every signed-in page,
the portal's way (accounts.backends + User.has_perm) against plain Django's ways. Not a test: nothing is
asserted; the numbers justify (or not) the custom request path in docs/DECISIONS.md.

Variants, each for a learner and a reviewer (through the "KDLA Reviewers" group), per signed-in request:
  portal      accounts.backends: the user row and the review permission in one hand-written query
  orm         the same query built by the ORM (annotate two Exists) in a backend's get_user
  union       Django's ModelBackend.get_user, then User.has_perm's one-query UNION of the user's permissions
  plain       Django's ModelBackend.get_user and ModelBackend.has_perm (two permission queries)
Prints the queries each costs and the median wall time and CPU time of N repetitions (BENCH_REQUESTS, 500).

    .venv/bin/python scripts/bench_request_user.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/kdla_bench .venv/bin/python scripts/bench_request_user.py
"""

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth.backends import ModelBackend  # noqa: E402
from django.contrib.auth.models import Group, Permission  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Exists, OuterRef  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

REQUESTS = int(os.environ.get("BENCH_REQUESTS", "500"))


def variants():
    from accounts.backends import AuthenticationBackend
    from accounts.models import REVIEW_PERMISSION, User

    app_label, codename = REVIEW_PERMISSION.split(".")

    def portal(pk):
        user = AuthenticationBackend().get_user(pk)
        return user.is_reviewer and user.has_perm(REVIEW_PERMISSION)  # the panel asks twice

    def orm(pk):
        direct = User.user_permissions.through.objects.filter(
            user_id=OuterRef("pk"),
            permission__codename=codename,
            permission__content_type__app_label=app_label,
        )
        through_group = User.groups.through.objects.filter(
            user_id=OuterRef("pk"),
            group__permissions__codename=codename,
            group__permissions__content_type__app_label=app_label,
        )
        user = User.objects.annotate(direct=Exists(direct), through_group=Exists(through_group)).get(pk=pk)
        return user.is_active and (user.is_superuser or user.direct or user.through_group)

    def union(pk):
        user = ModelBackend().get_user(pk)  # no annotations: User.has_perm loads the set in one UNION
        return user.is_reviewer and user.has_perm(REVIEW_PERMISSION)

    def plain(pk):
        backend = ModelBackend()
        user = backend.get_user(pk)
        return backend.has_perm(user, REVIEW_PERMISSION) and backend.has_perm(user, REVIEW_PERMISSION)

    return {"portal": portal, "orm": orm, "union": union, "plain": plain}


def measure(fn, pk):
    fn(pk)
    queries = []

    def count(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        answer = fn(pk)
    walls = []
    cpu_started = time.process_time()
    for _ in range(REQUESTS):
        started = time.perf_counter()
        fn(pk)
        walls.append(time.perf_counter() - started)
    cpu = (time.process_time() - cpu_started) / REQUESTS
    return answer, len(queries), statistics.median(walls) * 1e6, cpu * 1e6


def main():
    setup_test_environment()
    old_name = connection.settings_dict["NAME"]
    if connection.vendor != "sqlite":  # its own throwaway database
        connection.settings_dict["TEST"]["NAME"] = f"{old_name}_bench_user"
    connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    try:
        from accounts.models import User

        learner = User.objects.create_user(email="learner@library.example")
        reviewer = User.objects.create_user(email="reviewer@kdla.example")
        reviewer.groups.add(Group.objects.get(name="KDLA Reviewers"))
        User.objects.bulk_create(User(email=f"staff{n}@library.example") for n in range(1000))
        assert Permission.objects.filter(group__name="KDLA Reviewers").exists()
        print(f"Database: {connection.vendor}  repetitions: {REQUESTS}")
        print(f"{'variant':<8} {'user':<9} {'queries':>7} {'median us':>10} {'cpu us':>8}")
        for name, fn in variants().items():
            for who, user in (("learner", learner), ("reviewer", reviewer)):
                answer, queries, wall, cpu = measure(fn, user.pk)
                assert answer == (user is reviewer), (name, who)
                print(f"{name:<8} {who:<9} {queries:>7} {wall:>10.0f} {cpu:>8.0f}")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
