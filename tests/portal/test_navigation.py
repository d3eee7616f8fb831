"""The left-side panel and the permission matrix behind it: a link is shown only to whoever may follow it."""

import pytest
from django.urls import reverse

from portal.navigation import NAVIGATION
from tests.factories import ReviewerFactory, UserFactory

pytestmark = pytest.mark.django_db

LEARNER_LINKS = ["Dashboard", "Register for Course", "External Files", "Transcript"]
REVIEWER_PAGES = ["reviews:queue", "reviews:jobs"]


def panel_labels(client):
    response = client.get(reverse("dashboard"))
    return [item["label"] for item in response.context["navigation"]]


def test_learner_panel_has_the_guide_links_and_no_review():
    from django.test import Client

    client = Client()
    client.force_login(UserFactory())
    assert panel_labels(client) == LEARNER_LINKS


def test_reviewer_panel_adds_review_and_job_history(client):
    client.force_login(ReviewerFactory())
    assert panel_labels(client) == [*LEARNER_LINKS, "Review", "Job history"]


def test_only_the_most_specific_link_is_current(client):
    client.force_login(ReviewerFactory())
    html = client.get(reverse("reviews:jobs")).content.decode()
    assert f'<a href="{reverse("reviews:jobs")}" aria-current="page">Job history</a>' in html
    assert html.count('aria-current="page"') == 1


def test_current_page_is_marked_in_the_panel(client):
    client.force_login(UserFactory())
    html = client.get(reverse("dashboard")).content.decode()
    assert f'<a href="{reverse("dashboard")}" aria-current="page">Dashboard</a>' in html


@pytest.mark.parametrize("url_name", [url_name for _, url_name, _ in NAVIGATION])
def test_anonymous_visitor_is_sent_to_log_in(client, url_name):
    url = reverse(url_name)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('account_login')}?next={url}"


@pytest.mark.parametrize("url_name", REVIEWER_PAGES)
def test_learner_cannot_open_reviewer_pages(client, url_name):
    client.force_login(UserFactory())
    assert client.get(reverse(url_name)).status_code == 403


def test_reviewer_opens_the_review_queue(client):
    client.force_login(ReviewerFactory())
    assert client.get(reverse("reviews:queue")).status_code == 200


def test_every_panel_link_shown_to_a_user_opens_for_that_user(client):
    for user in (UserFactory(), ReviewerFactory()):
        client.force_login(user)
        for item in client.get(reverse("dashboard")).context["navigation"]:
            assert client.get(item["url"]).status_code == 200, item["label"]


def test_reviewers_group_comes_from_a_migration_with_the_review_permission():
    from django.contrib.auth.models import Group

    group = Group.objects.get(name="KDLA Reviewers")
    assert group.permissions.filter(codename="review_submissions", content_type__app_label="reviews").exists()
