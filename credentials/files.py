"""Upload checks shared by External Files and credit requests: type from the content, size limit.

NOTE (h5): written on the credit-requests branch because h4's version was not there yet; at merge the
lead keeps h4's module (same name and signature: `validate_upload(uploaded_file) -> (content_type, extension)`).
"""

import zipfile

from django.conf import settings
from django.core.exceptions import ValidationError

ACCEPTED_TEXT = "The following document types are accepted: PDF, Word, .jpg, .png"

# extension -> content type
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "doc": "application/msword",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "jpg": "image/jpeg",
    "png": "image/png",
}
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _sniff(head: bytes, uploaded_file) -> str | None:
    """The extension the bytes really are, or None."""
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpg"
    if head.startswith(OLE2):
        return "doc"
    if head.startswith(b"PK\x03\x04"):
        uploaded_file.seek(0)
        try:
            with zipfile.ZipFile(uploaded_file) as archive:
                names = set(archive.namelist())
        except (zipfile.BadZipFile, OSError, ValueError):
            return None
        if "word/document.xml" in names and "[Content_Types].xml" in names:
            return "docx"
    return None


def validate_upload(uploaded_file) -> tuple[str, str]:
    """Check size and real type; return (content_type, extension) or raise ValidationError."""
    if uploaded_file is None:
        raise ValidationError("Choose a file to upload.")
    size = uploaded_file.size or 0
    if size == 0:
        raise ValidationError("The file is empty.")
    limit = settings.UPLOAD_MAX_BYTES
    if size > limit:
        raise ValidationError(f"The file is too large: at most {limit // (1024 * 1024)} MB.")
    uploaded_file.seek(0)
    head = uploaded_file.read(16)
    extension = _sniff(head, uploaded_file)
    uploaded_file.seek(0)
    if extension is None:
        raise ValidationError(f"This file type is not accepted. {ACCEPTED_TEXT}")
    return CONTENT_TYPES[extension], extension
