"""The S3 upload path against a real S3-compatible HTTP server (moto's server mode), not mocked calls.

The storage is built from portal.settings' own S3 block (AWS_STORAGE_BUCKET_NAME set in a fresh process
would select it; here the same OPTIONS are read from the settings module's code path).
"""

import socket
import time
import urllib.error
import urllib.parse
import urllib.request

import boto3
import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from moto.server import ThreadedMotoServer

BUCKET = "kdla-private-uploads"


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def s3_endpoint():
    port = _free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    endpoint = f"http://127.0.0.1:{port}"
    client = boto3.client(
        "s3",
        endpoint_url=endpoint,
        region_name="us-east-1",
        aws_access_key_id="test",
        aws_secret_access_key="test",
    )
    client.create_bucket(Bucket=BUCKET)
    client.put_public_access_block(
        Bucket=BUCKET,
        PublicAccessBlockConfiguration={
            "BlockPublicAcls": True,
            "IgnorePublicAcls": True,
            "BlockPublicPolicy": True,
            "RestrictPublicBuckets": True,
        },
    )
    yield endpoint, client
    server.stop()


def _production_storage_settings(monkeypatch, endpoint):
    """The STORAGES["default"] the settings module builds when the S3 variables are set."""
    import importlib

    import portal.settings as settings_module

    monkeypatch.setenv("AWS_STORAGE_BUCKET_NAME", BUCKET)
    monkeypatch.setenv("AWS_S3_ENDPOINT_URL", endpoint)
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "test")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "test")
    monkeypatch.setenv("AWS_S3_REGION_NAME", "us-east-1")
    fresh = importlib.reload(settings_module)
    storage_settings = fresh.STORAGES["default"]
    monkeypatch.undo()
    importlib.reload(settings_module)
    return storage_settings


@pytest.fixture
def s3_storage(settings, monkeypatch, s3_endpoint):
    endpoint, client = s3_endpoint
    default = _production_storage_settings(monkeypatch, endpoint)
    assert default["BACKEND"] == "storages.backends.s3.S3Storage"
    settings.STORAGES = {**settings.STORAGES, "default": default}
    storages._storages = {}
    yield storages["default"], client, endpoint
    storages._storages = {}


def test_s3_settings_are_private_no_overwrite_and_short_lived(s3_storage):
    storage, _, _ = s3_storage
    assert storage.default_acl == "private"
    assert storage.file_overwrite is False
    assert storage.querystring_auth is True
    assert storage.querystring_expire <= 300


def test_upload_round_trip_through_django_storage(s3_storage):
    storage, client, _ = s3_storage
    name = storage.save("files/abc123", ContentFile(b"%PDF-1.4 certificate"))
    assert name == "files/abc123"
    assert storage.exists(name)
    with storage.open(name, "rb") as handle:
        assert handle.read() == b"%PDF-1.4 certificate"
    # Stored under the configured prefix, with a private ACL.
    acl = client.get_object_acl(Bucket=BUCKET, Key=f"uploads/{name}")
    grantees = [grant["Grantee"].get("URI", "") for grant in acl["Grants"]]
    assert not any("AllUsers" in uri or "AuthenticatedUsers" in uri for uri in grantees)
    storage.delete(name)
    assert not storage.exists(name)


def test_a_second_upload_with_the_same_name_never_overwrites(s3_storage):
    storage, _, _ = s3_storage
    first = storage.save("files/same", ContentFile(b"first"))
    second = storage.save("files/same", ContentFile(b"second"))
    assert first != second
    with storage.open(first, "rb") as handle:
        assert handle.read() == b"first"
    storage.delete(first)
    storage.delete(second)


def test_objects_are_not_publicly_readable(s3_storage):
    storage, _, endpoint = s3_storage
    name = storage.save("files/private-check", ContentFile(b"personal document"))
    public_url = f"{endpoint}/{BUCKET}/uploads/{name}"
    with pytest.raises(urllib.error.HTTPError) as denied:
        urllib.request.urlopen(public_url, timeout=5)
    assert denied.value.code == 403
    storage.delete(name)


def test_presigned_url_works_and_expires_within_five_minutes(s3_storage):
    storage, _, _ = s3_storage
    name = storage.save("files/presigned", ContentFile(b"evidence"))
    url = storage.url(name)
    query = urllib.parse.parse_qs(urllib.parse.urlparse(url).query)
    expires = int(query.get("X-Amz-Expires", ["0"])[0]) or int(query["Expires"][0]) - int(time.time())
    assert 0 < expires <= 300
    with urllib.request.urlopen(url, timeout=5) as response:
        assert response.read() == b"evidence"
    storage.delete(name)


@pytest.mark.django_db
def test_a_model_file_field_saves_to_the_bucket_under_a_generated_name(s3_storage, seeded):
    """An ExternalFile saved through the ORM lands in S3 under files/<uuid>, never the user's file name."""
    from credentials.models import DocumentType, ExternalFile
    from tests.factories import CredentialFactory

    storage, client, _ = s3_storage
    credential = CredentialFactory()
    external = ExternalFile(
        owner=credential.user,
        credential=credential,
        document_type=DocumentType.objects.first() or DocumentType.objects.create(name="Certificate"),
        description="Workshop certificate",
        original_name="My Certificate (final).pdf",
        content_type="application/pdf",
        size=8,
        uploaded_at=credential.registered_at,
    )
    external.file.save("My Certificate (final).pdf", ContentFile(b"%PDF-1.4"), save=True)
    assert external.file.name.startswith("files/")
    assert "Certificate" not in external.file.name
    head = client.head_object(Bucket=BUCKET, Key=f"uploads/{external.file.name}")
    assert head["ContentLength"] == 8
    with external.file.open("rb") as handle:
        assert handle.read() == b"%PDF-1.4"
    external.file.delete(save=False)
