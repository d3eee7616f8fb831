"""External Files: content checks, refusals that store nothing, private downloads, the learner's page."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from credentials import files, rules, services
from credentials.models import Credential, CredentialStatus, ExternalFile
from credentials.services import external_files
from tests.credentials.applications import (
    application_form_type,
    doc_bytes,
    docx_bytes,
    jpeg_bytes,
    pdf_bytes,
    png_bytes,
    registered_application,
    stored_files,
    upload,
)
from tests.factories import ReviewerFactory, UserFactory

pytestmark = pytest.mark.django_db

ELEVEN_MB = 11 * 1024 * 1024


# --- validate_upload ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("form.pdf", pdf_bytes(), ("application/pdf", ".pdf")),
        ("form.PDF", pdf_bytes(), ("application/pdf", ".pdf")),
        ("form.doc", doc_bytes(), ("application/msword", ".doc")),
        (
            "form.docx",
            docx_bytes(),
            ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".docx"),
        ),
        ("scan.jpg", jpeg_bytes(), ("image/jpeg", ".jpg")),
        ("scan.jpeg", jpeg_bytes(), ("image/jpeg", ".jpeg")),
        ("scan.png", png_bytes(), ("image/png", ".png")),
    ],
)
def test_accepted_kinds_are_recognised_from_their_content(name, content, expected):
    assert files.validate_upload(upload(name, content)) == expected


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "setup.pdf",
            b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 200,
            "is not a real PDF, Word, JPEG or PNG file",
        ),
        ("page.pdf", b"<!doctype html><html><script>alert(1)</script></html>", "is not a real PDF"),
        ("page.html", b"<!doctype html><html></html>", "is not an accepted file"),
        ("empty.pdf", b"", "is empty"),
        ("notes.txt", b"hello", "is not an accepted file"),
        ("form.png", pdf_bytes(), "is named .png but its content is PDF"),
        ("archive.docx", b"PK\x03\x04" + b"\x00" * 100, "is not a real PDF"),
        ("noext", pdf_bytes(), "is not an accepted file"),
    ],
)
def test_refused_files_say_what_is_accepted(name, content, message):
    with pytest.raises(ValidationError) as refused:
        files.validate_upload(upload(name, content))
    text = " ".join(refused.value.messages)
    assert message in text
    if "is empty" not in message:
        assert files.ACCEPTED_MESSAGE in text


def test_files_over_the_size_setting_are_refused(settings):
    settings.UPLOAD_MAX_BYTES = 10 * 1024 * 1024
    big = upload("big.pdf", pdf_bytes() + b"\x00" * ELEVEN_MB)
    with pytest.raises(ValidationError) as refused:
        files.validate_upload(big)
    assert "files can be at most 10.0\xa0MB" in refused.value.messages[0]


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("../../etc/passwd.pdf", "passwd.pdf"),
        ("C:\\Users\\pat\\My Application.pdf", "My Application.pdf"),
        ("bad\x00na\x1bme\n.pdf", "badname.pdf"),
        ("", "file"),
        ("..", "file"),
    ],
)
def test_display_names_keep_only_the_last_path_part_without_control_characters(raw, shown):
    assert files.display_name(raw) == shown


# --- Uploading through the page ---------------------------------------------------------------------


@pytest.fixture
def application(seeded):
    return registered_application()


def _upload_now(application, *, credential=None, description="Signed application", uploaded_file=None):
    """The upload service as the learner who owns `application` calls it, now."""
    return services.external_file_upload(
        user=application.user,
        credential=credential or application,
        document_type=application_form_type(),
        description=description,
        uploaded_file=uploaded_file or upload(),
        now=timezone.now(),
    )


def _post(client, credential, uploaded, description="Signed application"):
    client.force_login(credential.user)
    return client.post(
        reverse("credentials:file_add"),
        {
            "credential": credential.pk,
            "document_type": application_form_type().pk,
            "description": description,
            "file": uploaded,
        },
    )


BAD_UPLOADS = [
    ("exe renamed pdf", "invoice.pdf", b"MZ\x90\x00" + b"\x00" * 300, "is not a real PDF"),
    ("html", "form.html", b"<html><body>hi</body></html>", "is not an accepted file"),
    ("html named pdf", "form.pdf", b"<html><body>hi</body></html>", "is not a real PDF"),
    ("empty", "form.pdf", b"", "empty"),
    # Just over the limit: an 11 MB body is stopped earlier by the request-size middleware (413).
    ("over 10 MB", "form.pdf", None, "files can be at most 10.0"),
    ("wrong extension", "form.jpg", None, "is named .jpg but its content is PDF"),
    ("path-like name", "../../etc/passwd.pdf", b"root:x:0:0:root:/root:/bin/bash\n", "is not a real PDF"),
]


@pytest.mark.parametrize(("case", "name", "content", "message"), BAD_UPLOADS, ids=[b[0] for b in BAD_UPLOADS])
def test_bad_uploads_are_refused_with_a_message_and_leave_no_row_and_no_file(
    client, settings, application, _private_storage, case, name, content, message
):
    if content is None:
        content = pdf_bytes()
        if case == "over 10 MB":
            content += b"\x00" * (settings.UPLOAD_MAX_BYTES + 1 - len(content))
    response = _post(client, application, upload(name, content))
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html.replace("&nbsp;", "\xa0")
    assert "The following document types are accepted: PDF, Word, .jpg, .png" in html
    assert not ExternalFile.objects.exists()
    assert stored_files(_private_storage) == []


def test_a_missing_description_is_refused_next_to_the_field(client, application, _private_storage):
    response = _post(client, application, upload(), description="  ")
    assert "Enter a short description of the file you are uploading." in response.content.decode()
    assert 'id="id_description_error"' in response.content.decode()
    assert not ExternalFile.objects.exists()
    assert stored_files(_private_storage) == []


def test_a_good_upload_is_stored_privately_under_a_generated_name(client, application, _private_storage):
    response = _post(client, application, upload("../../etc/passwd.pdf"))
    assert response.status_code == 302
    assert response["Location"] == f"/credentials/files/?credential={application.pk}"
    external_file = ExternalFile.objects.get()
    assert external_file.original_name == "passwd.pdf"
    assert external_file.content_type == "application/pdf"
    assert external_file.file.name.startswith("files/")
    assert "passwd" not in external_file.file.name
    assert [p.relative_to(_private_storage).as_posix() for p in stored_files(_private_storage)] == [
        external_file.file.name
    ]
    assert external_file.status == ExternalFile.Status.SUBMITTED


def test_a_failed_save_leaves_no_row_and_no_file(application, _private_storage, monkeypatch):
    def broken(**kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(external_files, "credential_event_record", broken)
    with pytest.raises(RuntimeError):
        _upload_now(application)
    assert not ExternalFile.objects.exists()
    assert stored_files(_private_storage) == []


def test_upload_after_the_deadline_is_refused(client, application, _private_storage):
    application.upload_deadline = timezone.now() - dt.timedelta(minutes=1)
    application.save()
    with pytest.raises(services.CredentialError, match="upload window .* closed on"):
        _upload_now(application, description="Late")
    response = _post(client, application, upload())
    assert response.status_code == 200
    assert not ExternalFile.objects.exists()
    assert stored_files(_private_storage) == []


def test_upload_for_someone_elses_credential_is_refused(client, application, _private_storage):
    other = registered_application()
    client.force_login(application.user)
    response = client.post(
        reverse("credentials:file_add"),
        {
            "credential": other.pk,
            "document_type": application_form_type().pk,
            "description": "Not mine",
            "file": upload(),
        },
    )
    assert response.status_code == 404
    with pytest.raises(services.CredentialError, match="your own credentials"):
        _upload_now(application, credential=other, description="Not mine")
    assert not ExternalFile.objects.exists()


def test_a_second_upload_is_refused_while_one_awaits_review(client, application):
    assert _post(client, application, upload()).status_code == 302
    with pytest.raises(services.CredentialError, match="awaiting KDLA review"):
        _upload_now(application, description="Again")
    assert ExternalFile.objects.count() == 1


def test_an_expired_application_takes_no_upload(application):
    # (The expiry sweep and its email belong to the sweeps issue: set the state directly.)
    Credential.objects.filter(pk=application.pk).update(status=CredentialStatus.EXPIRED)
    application.refresh_from_db()
    assert application.status == CredentialStatus.EXPIRED
    with pytest.raises(services.CredentialError, match="only be uploaded while it is ACTIVE"):
        _upload_now(application, description="Late")


# --- Downloads ------------------------------------------------------------------------------------------


@pytest.fixture
def uploaded(application):
    return _upload_now(application, uploaded_file=upload("My Application.pdf"))


def test_the_owner_downloads_their_file_as_an_attachment(client, uploaded):
    client.force_login(uploaded.owner)
    response = client.get(reverse("credentials:file_download", args=[uploaded.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert 'filename="My Application.pdf"' in response["Content-Disposition"]
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_a_reviewer_downloads_and_views_any_file_inline(client, uploaded):
    client.force_login(ReviewerFactory())
    assert client.get(reverse("credentials:file_download", args=[uploaded.pk])).status_code == 200
    response = client.get(reverse("credentials:file_view", args=[uploaded.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("inline;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    # With the portal's CSP middleware on, this replaces frame-ancestors 'none' for this response only.
    assert response._csp_replace == {"frame-ancestors": ["'self'"]}


def test_word_files_are_never_served_inline(client, application):
    word = _upload_now(
        application, description="Word version", uploaded_file=upload("form.docx", docx_bytes())
    )
    client.force_login(ReviewerFactory())
    response = client.get(reverse("credentials:file_view", args=[word.pk]))
    assert response["Content-Disposition"].startswith("attachment;")


@pytest.mark.parametrize("url_name", ["credentials:file_download", "credentials:file_view"])
def test_another_learner_gets_404_for_someone_elses_file(client, uploaded, url_name):
    client.force_login(UserFactory())
    assert client.get(reverse(url_name, args=[uploaded.pk])).status_code == 404


@pytest.mark.parametrize("url_name", ["credentials:file_download", "credentials:file_view"])
def test_an_anonymous_visitor_is_sent_to_the_login_page(client, uploaded, url_name):
    response = client.get(reverse(url_name, args=[uploaded.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


# --- The External Files page -----------------------------------------------------------------------------


def test_external_files_page_lists_files_and_offers_the_upload_dialog(client, application):
    client.force_login(application.user)
    response = client.get(reverse("credentials:files") + f"?credential={application.pk}")
    html = response.content.decode()
    assert response.status_code == 200
    assert "External Files" in html
    assert "Add new file" in html
    assert 'data-dialog="upload-dialog"' in html
    assert f'href="/credentials/files/add/?credential={application.pk}"' in html
    assert "Fill all information below and submit your file" in html
    assert "Drop files here to upload" in html
    assert "The following document types are accepted: PDF, Word, .jpg, .png" in html
    assert "Application for Certification of Part-Time Library Staff" in html
    assert "/static/forms/application-for-certification-part-time-library-staff.pdf" in html
    deadline = rules.local_date(application.upload_deadline).strftime("%m/%d/%Y")
    assert f"due {deadline}, 30 days left" in html
    assert "You have not uploaded any files yet." in html


def test_external_files_page_shows_review_status_and_the_reviewers_message(client, uploaded):
    services.external_file_return(
        external_file=uploaded, reviewer=ReviewerFactory(), message="Please sign page 2.", now=timezone.now()
    )
    client.force_login(uploaded.owner)
    html = client.get(reverse("credentials:files")).content.decode()
    assert "My Application.pdf" in html
    assert "Signed application" in html
    assert "Returned for more information" in html
    assert "Please sign page 2." in html
    assert "Add new file" in html  # may upload again after a return


def test_no_add_button_while_a_file_awaits_review(client, uploaded):
    client.force_login(uploaded.owner)
    html = client.get(reverse("credentials:files")).content.decode()
    assert "Awaiting review" in html
    assert "Add new file" not in html


def test_the_no_js_upload_page_has_the_form_and_a_close_link(client, application):
    client.force_login(application.user)
    html = client.get(reverse("credentials:file_add")).content.decode()
    assert "<h1>Fill all information below and submit your file</h1>" in html
    assert ">Submit</button>" in html
    assert 'href="/credentials/files/">Close</a>' in html
    assert "Select..." in html


def test_someone_elses_credential_in_the_picker_is_a_404(client, application):
    other = registered_application()
    client.force_login(application.user)
    assert client.get(reverse("credentials:files") + f"?credential={other.pk}").status_code == 404


def test_external_files_page_query_count_does_not_grow_with_files(
    client, application, django_assert_max_num_queries
):
    client.force_login(application.user)
    for n in range(3):
        f = _upload_now(application, description=f"File {n}")
        services.external_file_return(
            external_file=f, reviewer=ReviewerFactory(), message="Again", now=timezone.now()
        )
    with django_assert_max_num_queries(12):
        client.get(reverse("credentials:files"))
