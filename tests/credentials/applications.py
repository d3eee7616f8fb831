"""Helpers for application tests: a registered initial application, and real tiny files of each kind."""

import datetime as dt
import io
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from credentials import services
from credentials.models import DocumentType, Program
from tests.factories import EnrollmentFactory, UserFactory, pdf_bytes

INITIAL = "part-time-initial-application"


def registered_application(user=None, *, now=None):
    """`user` (or a new learner) completes the four required courses and registers for the initial
    application through the real service (use with the `seeded` fixture)."""
    now = now or timezone.now()
    user = user or UserFactory()
    program = Program.objects.get(code=INITIAL)
    for course in program.prerequisite_courses.all():
        EnrollmentFactory(
            user=user,
            course=course,
            registered_at=now - dt.timedelta(days=20),
            completed_at=now - dt.timedelta(days=10),
        )
    return services.application_register(user=user, program=program, now=now)


def uploaded_application_file(credential=None, *, now=None):
    """The signed application form uploaded by its owner to `credential` (or a new registered application)."""
    credential = credential or registered_application()
    return services.external_file_upload(
        user=credential.user,
        credential=credential,
        document_type=application_form_type(),
        description="Signed application",
        uploaded_file=upload(),
        now=now or timezone.now(),
    )


def application_form_type():
    return DocumentType.objects.get(name="Application for Certification of Part-Time Library Staff")


def png_bytes():
    import struct
    import zlib

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\x00\x00")
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")


def jpeg_bytes():
    return (
        b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + b"\x00" * 64 + b"\xff\xd9"
    )


def docx_bytes():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def doc_bytes():
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504


def upload(name="application.pdf", content=None, content_type="application/pdf"):
    return SimpleUploadedFile(name, pdf_bytes() if content is None else content, content_type=content_type)


def stored_files(root):
    """Every file under the private storage folder (to prove nothing was left behind)."""
    return [path for path in root.rglob("*") if path.is_file()] if root.exists() else []


def returned_application(user, *, reviewer, message, now=None):
    """`user` registers for the initial application, uploads a file, and `reviewer` returns it with `message`."""
    now = now or timezone.now()
    application = registered_application(user, now=now)
    external_file = services.external_file_upload(
        user=user,
        credential=application,
        document_type=application_form_type(),
        description="Signed application form",
        uploaded_file=upload(),
        now=now,
    )
    services.external_file_return(external_file=external_file, reviewer=reviewer, message=message, now=now)
    return application
