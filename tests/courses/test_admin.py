import pytest
from django.urls import reverse

from courses.models import CatalogItem
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client):
    client.force_login(UserFactory(is_staff=True))
    return client


def test_kdla_staff_can_edit_a_course_with_its_lessons(staff_client, seeded):
    course = CatalogItem.objects.get(title="Reference Basics")
    html = staff_client.get(reverse("admin:courses_catalogitem_change", args=[course.pk])).content.decode()
    assert "The Reference Interview" in html  # a lesson, inline
    assert 'name="_save"' in html


@pytest.mark.parametrize(
    "url_name",
    [
        "admin:courses_category_changelist",
        "admin:courses_catalogitem_changelist",
        "admin:courses_enrollment_changelist",
        "admin:credentials_program_changelist",
        "admin:credentials_documenttype_changelist",
        "admin:credentials_credential_changelist",
        "admin:credentials_creditentry_changelist",
    ],
)
def test_kdla_staff_see_the_admin_pages(staff_client, seeded, url_name):
    assert staff_client.get(reverse(url_name)).status_code == 200


def test_a_learner_cannot_open_the_admin(client):
    client.force_login(UserFactory())
    assert client.get(reverse("admin:courses_catalogitem_changelist")).status_code == 302


def test_staff_open_a_program(staff_client, seeded):
    from credentials.models import Program

    program = Program.objects.get(code="part-time-initial-application")
    response = staff_client.get(reverse("admin:credentials_program_change", args=[program.pk]))
    assert response.status_code == 200
    assert "Prerequisite courses" in response.content.decode()


def test_staff_open_a_credential_with_its_history_read_only(staff_client, seeded):
    from django.utils import timezone

    from credentials.services import credential_event_record
    from tests.factories import CredentialFactory

    credential = CredentialFactory()
    credential_event_record(credential=credential, kind="registered", now=timezone.now(), to_value="ACTIVE")
    html = staff_client.get(
        reverse("admin:credentials_credential_change", args=[credential.pk])
    ).content.decode()
    assert "registered" in html
    assert 'name="status"' not in html
