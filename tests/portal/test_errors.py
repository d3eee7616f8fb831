"""403, 404 and 500 pages as production shows them (DEBUG off)."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def production_pages(settings):
    settings.DEBUG = False


def test_missing_page_shows_the_portal_404(client, production_pages):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "<h1>Page not found</h1>" in html
    assert 'href="#main"' in html
    assert "Traceback" not in html


def test_forbidden_page_shows_the_portal_403(client, production_pages):
    client.force_login(UserFactory())
    response = client.get(reverse("reviews:queue"))
    assert response.status_code == 403
    assert "<h1>Access denied</h1>" in response.content.decode()


def test_server_error_shows_the_portal_500_without_details(production_pages, monkeypatch):
    def boom(request):
        raise RuntimeError("secret internal detail")

    monkeypatch.setattr("portal.views.render", lambda *a, **k: boom(None))
    client = Client(raise_request_exception=False)
    client.force_login(UserFactory())
    response = client.get(reverse("dashboard"))
    assert response.status_code == 500
    html = response.content.decode()
    assert "<h1>Something went wrong</h1>" in html
    assert "secret internal detail" not in html
