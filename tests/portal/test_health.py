import json
import socket

import pytest
from django.db import connection
from django.urls import reverse


def _unused_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def file_broker(settings, tmp_path):
    """The broker check passes without Redis: the filesystem broker's folder."""


@pytest.mark.django_db
def test_healthz_answers_without_touching_the_database(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


@pytest.mark.django_db
def test_readyz_is_ok_when_database_broker_and_storage_answer(client, file_broker):
    response = client.get(reverse("readyz"))
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "checks": {"database": "ok", "broker": "ok", "cache": "ok", "storage": "ok"},
        "failing": [],
        "degraded": [],
    }


@pytest.mark.django_db
def test_readyz_fails_naming_the_broker_when_redis_is_down(client, settings):
    settings.REDIS_URL = f"redis://127.0.0.1:{_unused_port()}/7"
    response = client.get(reverse("readyz"))
    assert response.status_code == 503
    body = json.loads(response.content)
    assert body["failing"] == ["broker"]
    assert body["checks"]["database"] == "ok"


@pytest.mark.django_db
def test_readyz_reports_the_portals_cache_down_without_failing_readiness(
    client, settings, file_broker, caplog
):
    """The backend CACHE_URL configures fails open, so its outage read as "ok" here. It is reported now; the
    instance stays ready because every page still works without the cache (and every replica shares it:
    failing readiness would take the whole site down for a cache outage)."""
    settings.CACHES = {
        "default": {
            "BACKEND": "portal.cache.FailOpenRedisCache",
            "LOCATION": f"redis://127.0.0.1:{_unused_port()}/1",
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }
    response = client.get(reverse("readyz"))
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "degraded"
    assert body["checks"]["cache"] == "unreachable"
    assert body["degraded"] == ["cache"] and body["failing"] == []
    assert "readiness check degraded" in caplog.text


@pytest.mark.django_db
def test_readyz_fails_naming_the_database_when_it_is_unreachable(client, monkeypatch, file_broker):

    def broken_cursor(*args, **kwargs):
        raise connection.Database.OperationalError("connection refused")

    monkeypatch.setattr(connection, "cursor", broken_cursor)
    response = client.get(reverse("readyz"))
    assert response.status_code == 503
    assert response.json()["failing"] == ["database"]


@pytest.mark.django_db
def test_readyz_fails_naming_storage_when_the_bucket_is_unreachable(client, settings, file_broker):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": "kdla-uploads",
                "endpoint_url": f"http://127.0.0.1:{_unused_port()}",
                "access_key": "x",
                "secret_key": "y",
                "region_name": "us-east-1",
            },
        },
    }
    response = client.get(reverse("readyz"))
    assert response.status_code == 503
    assert response.json()["failing"] == ["storage"]


@pytest.mark.django_db
def test_readyz_pings_redis_when_redis_url_is_set(client, settings):
    """Runs against the real Redis when REDIS_URL is set (CI, helper runs); else against the file broker."""
    import os

    settings.REDIS_URL = os.environ.get("REDIS_URL") or None
    response = client.get(reverse("readyz"))
    assert response.status_code == 200
    assert response.json()["checks"]["broker"] == "ok"


@pytest.mark.django_db(transaction=True)
def test_readyz_fails_naming_the_database_when_it_is_read_only(client, file_broker):
    """SELECT 1 still answers on a read-only database; the probe's rolled-back write does not."""
    from portal.models import JobRun

    read_only, read_write = {
        "sqlite": ("PRAGMA query_only = ON", "PRAGMA query_only = OFF"),
        "postgresql": (
            "SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY",
            "SET SESSION CHARACTERISTICS AS TRANSACTION READ WRITE",
        ),
    }[connection.vendor]
    assert client.get(reverse("readyz")).json()["checks"]["database"] == "ok"
    with connection.cursor() as cursor:
        cursor.execute(read_only)
    try:
        response = client.get(reverse("readyz"))
    finally:
        with connection.cursor() as cursor:
            cursor.execute(read_write)
    assert response.status_code == 503
    assert "database" in response.json()["failing"]
    assert not JobRun.objects.filter(name="readyz-probe").exists()  # the probe never leaves a row
