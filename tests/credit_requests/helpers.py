"""Small builders for credit-request tests."""

from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile

from credit_requests.services import credit_request_submit


def _tiny_pdf() -> bytes:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=14)
    pdf.cell(text="Annual Summation - CE Activities: 15 contact hours")
    return bytes(pdf.output())


PDF_BYTES = _tiny_pdf()


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


OTHER_EMAILS = ["application_registered", "application_approved", "renewal_enrolled", "credential_expired"]


def stub_missing_email_templates(settings, tmp_path):
    """Emails other issues write (registration, approval, enrollment): a stub only where the real one is missing.

    The stub folder comes after templates/, so once those templates exist they are used instead.
    """
    from django.template import TemplateDoesNotExist
    from django.template.loader import get_template

    folder = tmp_path / "stub_templates"
    (folder / "emails").mkdir(parents=True, exist_ok=True)
    for name in OTHER_EMAILS:
        for ext in ("txt", "html"):
            try:
                get_template(f"emails/{name}.{ext}")
            except TemplateDoesNotExist:
                (folder / "emails" / f"{name}.{ext}").write_text(f"{name} (stub)")
    templates = [dict(t) for t in settings.TEMPLATES]
    templates[0]["DIRS"] = [*templates[0]["DIRS"], folder]
    settings.TEMPLATES = templates


def ensure_reviewers_group():
    """Transactional tests flush the database, and with it the "KDLA Reviewers" group its data migration made."""
    from django.contrib.auth.models import Group, Permission

    group, _ = Group.objects.get_or_create(name="KDLA Reviewers")
    group.permissions.add(
        Permission.objects.get(codename="review_submissions", content_type__app_label="reviews")
    )
    return group
