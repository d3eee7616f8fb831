"""Optional ClamAV scan: the INSTREAM client against a fake clamd on 127.0.0.1, and uploads held until clean."""

import socket
import struct
import threading

import pytest
from django.utils import timezone

from credentials import services
from credentials.models import CredentialEvent, ExternalFile
from credentials.tasks import scan_external_file
from credit_requests.models import CreditRequest
from credit_requests.tasks import scan_credit_request
from portal import clamd
from reviews import selectors
from tests.credentials.applications import application_form_type, pdf_bytes, registered_application, upload
from tests.credit_requests.helpers import submit
from tests.factories import CredentialFactory, ReviewerFactory, UserFactory

# The EICAR test string, built from parts so this file itself is not flagged by a virus scanner.
EICAR = b"X5O!P%@AP[4\\PZX54(P^)7CC)7}$" + b"EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"


class FakeClamd:
    """Speaks INSTREAM: reads length-prefixed chunks until a zero-length one, answers OK or FOUND."""

    def __init__(self):
        self.server = socket.create_server(("127.0.0.1", 0))
        self.port = self.server.getsockname()[1]
        self.received = []
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _read(self, conn, size):
        data = b""
        while len(data) < size:
            part = conn.recv(size - len(data))
            if not part:
                raise ConnectionError("short read")
            data += part
        return data

    def _serve(self):
        while True:
            try:
                conn, _ = self.server.accept()
            except OSError:
                return
            with conn:
                command = b""
                while not command.endswith(b"\0"):
                    command += self._read(conn, 1)
                assert command == b"zINSTREAM\0"
                data = b""
                while True:
                    (length,) = struct.unpack("!L", self._read(conn, 4))
                    if length == 0:
                        break
                    data += self._read(conn, length)
                self.received.append(data)
                found = b"EICAR-STANDARD-ANTIVIRUS-TEST-FILE" in data
                conn.sendall(b"stream: Eicar-Test-Signature FOUND\0" if found else b"stream: OK\0")

    def close(self):
        self.server.close()


@pytest.fixture
def fake_clamd(settings, monkeypatch):
    server = FakeClamd()
    settings.CLAMD_HOST = "127.0.0.1"
    settings.CLAMD_PORT = server.port
    # The scan tasks run in-process, as a worker would run them. (Eager `delay` would still borrow a broker
    # producer, and the worker tests in tests/credentials/test_tasks.py close that pool for the session.)
    for task in (scan_external_file, scan_credit_request):
        monkeypatch.setattr(task, "delay", lambda *args, task=task: task.apply(args=args, throw=True))
    yield server
    server.close()


def infected_pdf():
    return pdf_bytes() + b"\n" + EICAR + b"\n"


# --- The client ---------------------------------------------------------------------------------------------


def test_client_reports_clean_data_and_the_signature_of_infected_data(fake_clamd):
    big = b"%PDF-1.4\n" + b"x" * (3 * clamd.CHUNK_SIZE + 17)
    assert clamd.scan_stream([big], host="127.0.0.1", port=fake_clamd.port) is None
    assert fake_clamd.received[-1] == big  # every chunk arrived, in order
    found = clamd.scan_stream([b"abc", EICAR], host="127.0.0.1", port=fake_clamd.port)
    assert found == "Eicar-Test-Signature"


def test_client_raises_when_clamd_is_not_there():
    server = socket.create_server(("127.0.0.1", 0))
    port = server.getsockname()[1]
    server.close()
    with pytest.raises(clamd.ClamdError):
        clamd.scan_stream([b"data"], host="127.0.0.1", port=port, timeout=2)


# --- External Files ------------------------------------------------------------------------------------------


def _upload(credential, content):
    return services.external_file_upload(
        user=credential.user,
        credential=credential,
        document_type=application_form_type(),
        description="Signed application",
        uploaded_file=upload(content=content),
        now=timezone.now(),
    )


@pytest.mark.django_db
def test_without_clamd_an_upload_goes_straight_to_review(seeded, settings):
    settings.CLAMD_HOST = ""
    external_file = _upload(registered_application(), pdf_bytes())
    assert external_file.status == ExternalFile.Status.SUBMITTED


@pytest.mark.django_db
def test_a_clean_file_is_held_as_scanning_until_clamd_answers_then_reaches_the_queue(
    seeded, fake_clamd, client, django_capture_on_commit_callbacks
):
    credential = registered_application()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        external_file = _upload(credential, pdf_bytes())
    assert external_file.status == ExternalFile.Status.SCANNING
    assert not selectors.review_queue_page()["rows"]
    client.force_login(credential.user)
    html = client.get("/credentials/files/").content.decode()
    assert "Checking for viruses" in html
    assert "Add new file" not in html  # a file being scanned counts as the live one

    for callback in callbacks:  # the commit: the scan task runs (eagerly in tests)
        callback()
    external_file.refresh_from_db()
    assert external_file.status == ExternalFile.Status.SUBMITTED
    assert [row["item_id"] for row in selectors.review_queue_page()["rows"]] == [external_file.pk]
    assert fake_clamd.received[-1] == external_file.file.open("rb").read()


@pytest.mark.django_db(transaction=True)
def test_an_infected_file_is_deleted_refused_and_recorded(seeded, fake_clamd, client):
    credential = registered_application()
    external_file = _upload(credential, infected_pdf())
    external_file.refresh_from_db()
    assert external_file.status == ExternalFile.Status.INFECTED
    assert not external_file.file.storage.exists(external_file.file.name)
    assert not selectors.review_queue_page()["rows"]
    event = CredentialEvent.objects.get(credential=credential, kind="file_infected")
    assert "Eicar-Test-Signature" in event.note
    client.force_login(credential.user)
    html = client.get("/credentials/files/").content.decode()
    assert "Refused: a virus was found" in html
    # The deleted file is named without a download link, with the scan's message to the learner.
    assert f"/credentials/files/{external_file.pk}/download/" not in html
    assert "Eicar-Test-Signature" in html
    assert "upload a clean copy" in html
    assert "The virus scan found “Eicar-Test-Signature”" in html
    assert "Add new file" in html  # the learner may upload a clean copy
    assert client.get(f"/credentials/files/{external_file.pk}/download/").status_code == 404


# --- Credit requests -----------------------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_credit_request_evidence_is_scanned_before_it_is_pending(seeded, fake_clamd, client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    clean = submit(credential=CredentialFactory(user=UserFactory()), now=timezone.now())
    clean.refresh_from_db()
    assert clean.status == CreditRequest.Status.PENDING
    assert [row["item_id"] for row in selectors.review_queue_page(kind="credit")["rows"]] == [clean.pk]

    credential = CredentialFactory(user=UserFactory())
    infected = submit(
        credential=credential,
        now=timezone.now(),
        uploaded_file=SimpleUploadedFile("evidence.pdf", infected_pdf(), content_type="application/pdf"),
    )
    infected.refresh_from_db()
    assert infected.status == CreditRequest.Status.INFECTED
    assert not infected.file.storage.exists(infected.file.name)
    assert [row["item_id"] for row in selectors.review_queue_page(kind="credit")["rows"]] == [clean.pk]
    assert CredentialEvent.objects.filter(credential=credential, kind="credit_request_infected").exists()
    client.force_login(credential.user)
    html = client.get("/").content.decode()
    assert "REFUSED (VIRUS FOUND)" in html
    assert "The virus scan found “Eicar-Test-Signature”" in html
    client.force_login(ReviewerFactory())
    assert "Pending (1)" in client.get("/review/").content.decode()
