"""The services the suite runs against are the ones configured. Under CI (CI=true) the run's CI_SERVICES
(PostgreSQL and Redis unless `.ci/run` says "sqlite filesystem") are required: a missing service is a failure
here, never a silent fallback to SQLite or the filesystem broker."""

import os

import pytest
from django.conf import settings
from django.db import connection

from tests.conftest import CI_SERVICES


@pytest.mark.django_db
def test_database_is_the_configured_one():
    expected = (
        "postgresql"
        if "postgresql" in CI_SERVICES or os.environ.get("DATABASE_URL", "").startswith("postgres")
        else "sqlite"
    )
    assert connection.vendor == expected
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        assert cursor.fetchone() == (1,)


def test_celery_broker_is_the_configured_one():
    if "redis" in CI_SERVICES:
        assert os.environ.get("REDIS_URL"), "CI must set REDIS_URL (see .ci/run)"
    redis_url = os.environ.get("REDIS_URL")
    if redis_url:
        import redis

        assert redis_url == settings.CELERY_BROKER_URL
        assert redis.Redis.from_url(redis_url, socket_connect_timeout=5).ping() is True
    else:
        assert "redis" not in CI_SERVICES
        assert settings.CELERY_BROKER_URL == "filesystem://"
