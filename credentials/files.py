"""Uploaded files: content checks, display names, storage that leaves nothing behind on failure, serving.

Used by External Files (credentials) and by credit requests (credit_requests), so both apply the same
rules: PDF, Word (.doc, .docx), .jpg/.jpeg, .png, recognised from the file's content; at most
`settings.UPLOAD_MAX_BYTES`; never empty. Stored under the model's generated `upload_to` name.
"""

import os
import zipfile
from contextlib import contextmanager, suppress

from csp.decorators import csp_replace
from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.template.defaultfilters import filesizeformat
from django.views.decorators.clickjacking import xframe_options_sameorigin

from portal.text import clean_text

ACCEPTED_MESSAGE = "The following document types are accepted: PDF, Word, .jpg, .png"
# The file chooser's hint (browsers filter the dialog with it; the server still checks the content).
ACCEPT_ATTRIBUTE = ".pdf,.doc,.docx,.jpg,.jpeg,.png"

PDF, DOC, DOCX, JPEG, PNG = "pdf", "doc", "docx", "jpeg", "png"
CONTENT_TYPES = {
    PDF: "application/pdf",
    DOC: "application/msword",
    DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    JPEG: "image/jpeg",
    PNG: "image/png",
}
EXTENSIONS = {".pdf": PDF, ".doc": DOC, ".docx": DOCX, ".jpg": JPEG, ".jpeg": JPEG, ".png": PNG}
# Types a browser can show inline safely (the reviewer's decision screen).
INLINE_TYPES = {CONTENT_TYPES[PDF], CONTENT_TYPES[JPEG], CONTENT_TYPES[PNG]}

OLE2_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
JPEG_SIGNATURE = b"\xff\xd8\xff"
ZIP_SIGNATURE = b"PK\x03\x04"
PDF_SIGNATURE = b"%PDF-"


def display_name(name: str | None, *, limit: int = 255) -> str:
    """The original file name made safe to show: its last path part, no control characters, trimmed."""
    name = (name or "").replace("\\", "/").split("/")[-1]
    name = clean_text(name, multiline=False).strip(".")
    if not name:
        return "file"
    stem, ext = os.path.splitext(name)
    if len(name) > limit:
        name = stem[: max(1, limit - len(ext))] + ext
    return name


def _sniff(uploaded_file) -> str | None:
    """The kind of file from its first bytes (and, for .docx, its zip directory); None if not accepted."""
    uploaded_file.seek(0)
    head = uploaded_file.read(2048)
    uploaded_file.seek(0)
    if head.startswith(PDF_SIGNATURE):
        return PDF
    if head.startswith(PNG_SIGNATURE):
        return PNG
    if head.startswith(JPEG_SIGNATURE):
        return JPEG
    if head.startswith(OLE2_SIGNATURE):
        return DOC
    if head.startswith(ZIP_SIGNATURE):
        try:
            with zipfile.ZipFile(uploaded_file) as archive:
                names = set(archive.namelist())
        except (zipfile.BadZipFile, OSError, ValueError):
            names = set()
        finally:
            uploaded_file.seek(0)
        if "word/document.xml" in names and "[Content_Types].xml" in names:
            return DOCX
    return None


def validate_upload(uploaded_file) -> tuple[str, str]:
    """Check an uploaded file; return (content_type, extension) or raise ValidationError naming what is accepted.

    Nothing is stored here: callers save only after this passes.
    """
    if uploaded_file is None:
        raise ValidationError("Choose a file to upload.", code="required")
    name = display_name(uploaded_file.name)
    size = uploaded_file.size or 0
    if size == 0:
        raise ValidationError(f"“{name}” is empty. {ACCEPTED_MESSAGE}.", code="empty")
    limit = settings.UPLOAD_MAX_BYTES
    if size > limit:
        raise ValidationError(
            f"“{name}” is too large ({filesizeformat(size)}): files can be at most {filesizeformat(limit)}.",
            code="too_large",
        )
    extension = os.path.splitext(name)[1].lower()
    claimed = EXTENSIONS.get(extension)
    if claimed is None:
        raise ValidationError(f"“{name}” is not an accepted file. {ACCEPTED_MESSAGE}.", code="extension")
    actual = _sniff(uploaded_file)
    if actual is None:
        raise ValidationError(
            f"“{name}” is not a real PDF, Word, JPEG or PNG file. {ACCEPTED_MESSAGE}.", code="content"
        )
    if actual != claimed:
        raise ValidationError(
            f"“{name}” is named {extension} but its content is {actual.upper()}: rename it or choose "
            f"another file. {ACCEPTED_MESSAGE}.",
            code="mismatch",
        )
    return CONTENT_TYPES[actual], extension


@contextmanager
def delete_stored_files_on_error(*field_files):
    """Wrap a save: if anything in the block raises, delete what the FieldFiles stored, then re-raise.

    Used inside a transaction, this covers both a failed INSERT after the file was written and any later
    error that rolls the row back, so a failed upload leaves no stray file.
    """
    try:
        yield
    except BaseException:
        for field_file in field_files:
            name = getattr(field_file, "name", None)
            if name and getattr(field_file, "_committed", False):
                # The original error matters more than a cleanup failure.
                with suppress(Exception):
                    field_file.storage.delete(name)
        raise


def private_file_response(upload, *, inline=False):
    """Serve a stored private upload (an ExternalFile or a CreditRequest: `file`, `original_name`,
    `content_type`). The caller has already checked access (owner or reviewer, via its app's selector).

    `inline` shows PDFs and images in the browser; anything else is always an attachment. The name is made
    safe for the Content-Disposition header; a missing stored file is a 404, never a 500.
    """
    try:
        handle = upload.file.open("rb")
    except (FileNotFoundError, OSError) as error:
        raise Http404("The stored file is missing.") from error
    response = FileResponse(
        handle,
        as_attachment=not (inline and upload.content_type in INLINE_TYPES),
        filename=display_name(upload.original_name),
        content_type=upload.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def framed_by_portal(view):
    """For inline file views: the reviewer's decision screen may frame them (same origin only).

    The portal-wide CSP says frame-ancestors 'none' and X-Frame-Options DENY; this relaxes both to 'self'
    for this view's responses only.
    """
    return xframe_options_sameorigin(csp_replace({"frame-ancestors": ["'self'"]})(view))


# --- c3: optional virus scan (CLAMD_HOST) --------------------------------------------------------------------


def virus_scan_enabled() -> bool:
    return bool(getattr(settings, "CLAMD_HOST", ""))


def virus_scan_enqueue(task, pk: int) -> None:
    """Queue the scan task of a held upload once the row is committed (the worker must see it)."""
    from django.db import transaction

    transaction.on_commit(lambda: task.delay(pk))


def infected_message(original_name: str, signature: str) -> str:
    return (
        f"The virus scan found “{signature}” in “{original_name}”, so the file was deleted and not sent for "
        "review. Check your computer, then upload a clean copy."
    )
