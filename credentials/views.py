"""External Files: the learner's uploaded documents, the upload form (dialog or page) and file downloads."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from credentials import files as file_rules
from credentials import rules, selectors_files
from credentials.forms_files import ExternalFileForm
from credentials.models import ExternalFile
from credentials.seeding import APPLICATION_FORM
from credentials.services.base import CredentialError
from credentials.services.external_files import external_file_upload

BLANK_FORM = "forms/application-for-certification-part-time-library-staff.pdf"


def _deadline_rows(credentials, now):
    """Each credential with its upload deadline as the Credentials box says it: due date and days left."""
    rows = []
    for credential in credentials:
        days = rules.days_left(credential.upload_deadline, now) if credential.upload_deadline else None
        rows.append({"credential": credential, "days_left": days})
    return rows


def _upload_context(request, *, now, form=None):
    uploadable = selectors_files.credentials_taking_uploads(user=request.user, now=now)
    selected = None
    credential_id = request.GET.get("credential") or request.POST.get("credential")
    if credential_id and str(credential_id).isdigit():
        selected = selectors_files.credential_for_user(user=request.user, pk=int(credential_id))
    if form is None:
        initial = {}
        if selected is not None:
            initial["credential"] = selected.pk
        choices = list(uploadable)
        if selected is None and len(choices) == 1:
            initial["credential"] = choices[0].pk
        form = ExternalFileForm(credentials=uploadable, initial=initial)
        document_types = list(form.fields["document_type"].queryset)
        if len(document_types) == 1:
            form.initial["document_type"] = document_types[0].pk
    query = f"?credential={selected.pk}" if selected else ""
    return {
        "form": form,
        "uploadable": uploadable,
        "selected": selected,
        "add_url": reverse("credentials:file_add") + query,
        "files_url": reverse("credentials:files") + query,
        "blank_form_url": static(BLANK_FORM),
        "blank_form_name": APPLICATION_FORM,
    }


@login_required
@require_GET
def files(request):
    now = timezone.now()
    context = _upload_context(request, now=now)
    external_files = list(selectors_files.external_files_for_user(user=request.user))
    context["external_files"] = external_files
    context["awaiting_review"] = any(
        f.status in (ExternalFile.Status.SUBMITTED, ExternalFile.Status.SCANNING) for f in external_files
    )
    context["upload_windows"] = selectors_files.application_upload_windows()
    context["applications"] = _deadline_rows(
        selectors_files.application_credentials_for_user(user=request.user), now
    )
    return render(request, "credentials/files.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def file_add(request):
    """The upload form as its own page (without JavaScript), and where the dialog's form posts."""
    now = timezone.now()
    uploadable = selectors_files.credentials_taking_uploads(user=request.user, now=now)
    form = None
    if request.method == "POST":
        form = ExternalFileForm(request.POST, request.FILES, credentials=uploadable)
        if form.is_valid():
            data = form.cleaned_data
            try:
                external_file = external_file_upload(
                    user=request.user,
                    credential=data["credential"],
                    document_type=data["document_type"],
                    description=data["description"],
                    uploaded_file=data["file"],
                    now=now,
                )
            except CredentialError as error:
                form.add_error(None, str(error))
            except ValidationError as error:
                form.add_error("file", error)
            else:
                messages.success(
                    request,
                    f"Thank you: “{external_file.original_name}” was uploaded. KDLA will review your file "
                    "submission.",
                )
                return redirect(reverse("credentials:files") + f"?credential={external_file.credential_id}")
    context = _upload_context(request, now=now, form=form)
    return render(request, "credentials/files_add.html", context)


@login_required
@require_GET
def file_download(request, pk):
    """Owner or reviewer only (anyone else: 404); always an attachment."""
    external_file = selectors_files.external_file_for_download(user=request.user, pk=pk)
    return file_rules.private_file_response(external_file, inline=False)


@login_required
@require_GET
@file_rules.framed_by_portal
def file_view(request, pk):
    """The same file shown in the browser (PDF and images only) for the reviewer's decision screen."""
    external_file = selectors_files.external_file_for_download(user=request.user, pk=pk)
    return file_rules.private_file_response(external_file, inline=True)
