import pytest
from django.urls import reverse

from accounts.models import User
from courses.models import CatalogItem
from tests.factories import ReviewerFactory, UserFactory


@pytest.mark.django_db
def test_dashboard_requires_login(client):
    response = client.get(reverse("dashboard"))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


@pytest.mark.django_db
def test_learner_sees_panel_without_review_link(client):
    client.force_login(UserFactory())
    html = client.get(reverse("dashboard")).content.decode()
    for label in ("Dashboard", "Register for Course", "External Files", "Transcript"):
        assert label in html
    assert ">Review<" not in html


@pytest.mark.django_db
def test_reviewer_sees_review_link(client):
    client.force_login(ReviewerFactory())
    html = client.get(reverse("dashboard")).content.decode()
    assert ">Review<" in html


@pytest.mark.django_db
def test_learner_cannot_open_review_queue(client):
    client.force_login(UserFactory())
    assert client.get(reverse("reviews:queue")).status_code == 403


def test_seed_catalog_is_idempotent(seeded):
    from django.core.management import call_command

    from courses.models import CatalogItem
    from credentials.models import Program

    before = (CatalogItem.objects.count(), Program.objects.count())
    call_command("seed_catalog", verbosity=0)
    assert (CatalogItem.objects.count(), Program.objects.count()) == before
    assert (
        Program.objects.get(name="Part-time Certification- Initial Application").prerequisite_courses.count()
        == 4
    )


def test_a_second_seed_of_an_unchanged_catalog_writes_nothing(seeded):
    """Deploys re-run seed_catalog: it must not rewrite rows (each write would invalidate the cached dashboard
    of every learner enrolled in the course)."""
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories import EnrollmentFactory

    enrollment = EnrollmentFactory(course=CatalogItem.objects.filter(is_required=True).first())
    version = User.objects.get(pk=enrollment.user_id).dashboard_version
    with CaptureQueriesContext(connection) as ctx:
        call_command("seed_catalog", verbosity=0)
    writes = [
        q["sql"]
        for q in ctx.captured_queries
        if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))
    ]
    assert writes == []
    assert User.objects.get(pk=enrollment.user_id).dashboard_version == version
