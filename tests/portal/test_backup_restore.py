"""scripts/backup.sh and scripts/restore.sh, run once for real: pg_dump/pg_restore against PostgreSQL and
the files against a local folder and against an S3 bucket on moto's server.

The database is the test database when the suite runs on PostgreSQL (as in CI); on the SQLite fast loop it is
BACKUP_TEST_DATABASE_URL or the local postgres://postgres@127.0.0.1:5432/kdla_h7.
"""

import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import boto3
import psycopg
import pytest
from django.db import connection
from moto.server import ThreadedMotoServer

from tests.conftest import service_missing

ROOT = Path(__file__).resolve().parents[2]


def _database_url():
    if connection.vendor == "postgresql":
        s = connection.settings_dict
        password = f":{s['PASSWORD']}" if s.get("PASSWORD") else ""
        return f"postgres://{s['USER']}{password}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"
    return os.environ.get("BACKUP_TEST_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/kdla_h7")


def _postgresql_or_missing(url):
    """The scripts need a PostgreSQL server and its pg_dump/pg_restore: on a machine without them (the SQLite
    run of a new clone) this skips, and fails under CI (tests/conftest.py)."""
    missing = [tool for tool in ("pg_dump", "pg_restore") if shutil.which(tool) is None]
    if missing:
        service_missing(f"{' and '.join(missing)} not installed: the backup scripts need them")
    base = url.rpartition("/")[0]
    try:
        _sql(f"{base}/postgres", "SELECT 1")
    except psycopg.OperationalError as exc:
        service_missing(f"PostgreSQL at {base} is unreachable ({exc})")


def _sql(url, statement):
    with psycopg.connect(url, autocommit=True) as conn:
        cur = conn.execute(statement)
        return cur.fetchall() if cur.description else None


def _run(script, *args, env):
    connection.close()  # restore drops tables: Django must not hold a connection inside a transaction
    result = subprocess.run(
        ["bash", str(ROOT / "scripts" / script), *map(str, args)],
        env={**os.environ, "PYTHON": sys.executable, **env},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr + result.stdout
    return result.stdout.strip().splitlines()[-1]


@pytest.fixture
def database_url(transactional_db):
    url = _database_url()
    if connection.vendor != "postgresql":
        _postgresql_or_missing(url)
        base, _, name = url.rpartition("/")
        exists = _sql(f"{base}/postgres", f"SELECT 1 FROM pg_database WHERE datname = '{name}'")
        if not exists:
            _sql(f"{base}/postgres", f'CREATE DATABASE "{name}"')
    _sql(url, "DROP TABLE IF EXISTS h7_backup_probe")
    _sql(url, "CREATE TABLE h7_backup_probe (id int primary key, note text)")
    _sql(url, "INSERT INTO h7_backup_probe VALUES (1, 'before backup'), (2, 'kept')")
    yield url
    _sql(url, "DROP TABLE IF EXISTS h7_backup_probe")


def _damage_database(url):
    _sql(url, "DELETE FROM h7_backup_probe WHERE id = 2")
    _sql(url, "UPDATE h7_backup_probe SET note = 'changed after backup' WHERE id = 1")
    _sql(url, "INSERT INTO h7_backup_probe VALUES (3, 'added after backup')")


def _assert_database_restored(url):
    assert _sql(url, "SELECT id, note FROM h7_backup_probe ORDER BY id") == [
        (1, "before backup"),
        (2, "kept"),
    ]


def test_backup_and_restore_with_a_local_upload_folder(database_url, tmp_path):
    media = tmp_path / "private"
    (media / "files").mkdir(parents=True)
    (media / "files" / "a1b2").write_bytes(b"%PDF-1.4 certificate")
    env = {"DATABASE_URL": database_url, "PRIVATE_MEDIA_ROOT": str(media), "AWS_STORAGE_BUCKET_NAME": ""}

    backup = Path(_run("backup.sh", tmp_path / "backups", env=env))
    assert (backup / "database.dump").stat().st_size > 0
    assert "files_count=1" in (backup / "MANIFEST").read_text()

    _damage_database(database_url)
    (media / "files" / "a1b2").unlink()

    _run("restore.sh", backup, env=env)
    _assert_database_restored(database_url)
    assert (media / "files" / "a1b2").read_bytes() == b"%PDF-1.4 certificate"


def test_restore_refuses_a_damaged_backup(database_url, tmp_path):
    media = tmp_path / "private"
    env = {"DATABASE_URL": database_url, "PRIVATE_MEDIA_ROOT": str(media), "AWS_STORAGE_BUCKET_NAME": ""}
    backup = Path(_run("backup.sh", tmp_path / "backups", env=env))
    with open(backup / "database.dump", "ab") as dump:
        dump.write(b"tampered")
    _damage_database(database_url)
    connection.close()
    result = subprocess.run(
        ["bash", str(ROOT / "scripts" / "restore.sh"), str(backup)],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert _sql(database_url, "SELECT count(*) FROM h7_backup_probe") == [(2,)]  # untouched: 1 and 3


def test_backup_and_restore_with_the_s3_bucket(database_url, tmp_path):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    try:
        endpoint = f"http://127.0.0.1:{port}"
        s3 = boto3.client(
            "s3",
            endpoint_url=endpoint,
            region_name="us-east-1",
            aws_access_key_id="t",
            aws_secret_access_key="t",
        )
        s3.create_bucket(Bucket="kdla-backup-test")
        s3.put_object(Bucket="kdla-backup-test", Key="uploads/files/c3d4", Body=b"evidence")
        env = {
            "DATABASE_URL": database_url,
            "AWS_STORAGE_BUCKET_NAME": "kdla-backup-test",
            "AWS_S3_ENDPOINT_URL": endpoint,
            "AWS_ACCESS_KEY_ID": "t",
            "AWS_SECRET_ACCESS_KEY": "t",
            "AWS_S3_REGION_NAME": "us-east-1",
        }
        backup = Path(_run("backup.sh", tmp_path / "backups", env=env))
        assert (backup / "files" / "uploads" / "files" / "c3d4").read_bytes() == b"evidence"

        _damage_database(database_url)
        s3.delete_object(Bucket="kdla-backup-test", Key="uploads/files/c3d4")

        _run("restore.sh", backup, env=env)
        _assert_database_restored(database_url)
        body = s3.get_object(Bucket="kdla-backup-test", Key="uploads/files/c3d4")["Body"].read()
        assert body == b"evidence"
    finally:
        server.stop()
