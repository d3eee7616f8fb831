"""Small builders for credit-request tests."""

from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile

from credit_requests.services import credit_request_submit
from tests.factories import pdf_bytes

PDF_BYTES = pdf_bytes("Annual Summation - CE Activities: 15 contact hours")


def pdf_file(name="summation.pdf"):
    return SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")


def submit(*, credential, now, credits="15", activity_date=None, uploaded_file=None, user=None, **extra):
    kwargs = {
        "user": user or credential.user,
        "credential_id": credential.pk,
        "activity_date": activity_date or credential.cycle_start,
        "course": "Annual Summation",
        "description": "CE Activities",
        "requested_credits": credits,
        "uploaded_file": uploaded_file or pdf_file(),
        "now": now,
    }
    kwargs.update(extra)
    return credit_request_submit(**kwargs)


def hours(value):
    return Decimal(str(value))


def fill_credit_form(dialog, *, credential, activity_date, credits="15"):
    """Browser tests: fill the "Request new Credit" window (or page) as the guide's annotations say."""
    dialog.get_by_label("Activity Date").fill(activity_date.strftime("%m/%d/%Y"))
    dialog.get_by_label("Course").fill("Annual Summation")
    dialog.get_by_label("Description").fill("CE Activities")
    dialog.get_by_label("Credentials to count against").select_option(str(credential.pk))
    dialog.get_by_label("Requested Credits").fill(credits)
    dialog.get_by_label("Drop files here to upload").set_input_files(
        {"name": "annual-summation.pdf", "mimeType": "application/pdf", "buffer": PDF_BYTES}
    )
