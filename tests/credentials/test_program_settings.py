"""Text that users read takes its numbers from the program's fields; a program without a field its kind needs is
refused in the admin and is a loud error in the services, never a silent default."""

import pytest
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.urls import reverse
from django.utils import timezone

from courses.models import CatalogItem
from credentials import services
from credentials.models import Program
from tests.credentials.applications import INITIAL, application_form_type, registered_application, upload
from tests.factories import ReviewerFactory, UserFactory


def _set(code, **fields):
    Program.objects.filter(code=code).update(**fields)


def test_a_45_day_upload_window_is_what_the_email_and_the_files_page_say(
    seeded, client, mailoutbox, django_capture_on_commit_callbacks
):
    Program.objects.filter(kind=Program.Kind.APPLICATION).update(upload_window_days=45)
    with django_capture_on_commit_callbacks(execute=True):
        credential = registered_application()
    assert (timezone.localtime(credential.upload_deadline).date() - credential.cycle_start).days == 45
    registered = mailoutbox[-1]
    assert "You have 45 days from registration" in registered.body
    assert "You have 45 days from registration" in registered.alternatives[0][0]
    client.force_login(credential.user)
    html = client.get(reverse("credentials:files")).content.decode()
    assert "within 45 days of registering for your application" in html
    assert "30 days" not in html


def test_the_files_page_names_each_window_when_the_applications_differ(seeded, client):
    _set(INITIAL, upload_window_days=45)
    client.force_login(UserFactory())
    html = client.get(reverse("credentials:files")).content.decode()
    assert "within 30 or 45 days of registering for your application" in html


def test_the_seeded_catalog_text_takes_its_numbers_from_the_program_rows(seeded):
    renewal = CatalogItem.objects.get(slug="part-time-renewal-application")
    assert renewal.summary.endswith(
        "(15 contact hours in 5 years). Upload your signed application within 30 days of registering."
    )


def test_the_approval_email_gives_the_renewal_cycle_of_the_program_it_enrolls_in(
    seeded, django_capture_on_commit_callbacks, mailoutbox
):
    _set("part-time-renewal-credits", cycle_years=4)
    credential = registered_application()
    with django_capture_on_commit_callbacks(execute=True):
        uploaded = services.external_file_upload(
            user=credential.user,
            credential=credential,
            document_type=application_form_type(),
            description="Signed application",
            uploaded_file=upload(),
            now=timezone.now(),
        )
        services.external_file_approve(external_file=uploaded, reviewer=ReviewerFactory(), now=timezone.now())
    approved = [m for m in mailoutbox if "next 4 years" in m.body]
    assert approved, [m.subject for m in mailoutbox]


@pytest.mark.parametrize(
    "kind, missing",
    [(Program.Kind.APPLICATION, "cycle_days"), (Program.Kind.RENEWAL_CREDITS, "cycle_years")],
)
def test_a_program_without_the_cycle_its_kind_needs_is_refused_next_to_the_field(db, kind, missing):
    program = Program(code="p", name="P", credential_name="P", kind=kind)
    with pytest.raises(ValidationError) as refused:
        program.full_clean()
    assert refused.value.message_dict[missing] == [
        f"Required for {Program.Kind(kind).label.lower()} programs."
    ]


def test_registering_for_a_program_saved_without_its_cycle_is_a_loud_error(seeded):
    _set(INITIAL, cycle_days=None)
    with pytest.raises(ImproperlyConfigured, match="has no cycle_days"):
        registered_application()
