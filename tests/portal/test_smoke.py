import pytest
from django.urls import reverse

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
