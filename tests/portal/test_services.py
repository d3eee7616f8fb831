"""The services the suite runs against are the ones configured. Under CI (CI=true) PostgreSQL and Redis are
required: a missing service is a failure here, never a silent fallback to SQLite or the filesystem broker."""

import os

import pytest
from django.conf import settings
from django.db import connection

IN_CI = os.environ.get("CI", "").lower() == "true"


@pytest.mark.django_db
def test_database_is_the_configured_one():
    expected = (
        "postgresql" if IN_CI or os.environ.get("DATABASE_URL", "").startswith("postgres") else "sqlite"
    )
    assert connection.vendor == expected
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        assert cursor.fetchone() == (1,)


def test_celery_broker_is_the_configured_one():
    if IN_CI:
        assert os.environ.get("REDIS_URL"), "CI must set REDIS_URL (see .ci/run)"
    redis_url = os.environ.get("REDIS_URL")
    if redis_url:
        import redis

        assert redis_url == settings.CELERY_BROKER_URL
        assert redis.Redis.from_url(redis_url, socket_connect_timeout=5).ping() is True
    else:
        assert settings.CELERY_BROKER_URL == "filesystem://"
