"""The admin's Content-Security-Policy allows the admin's own inline styles; every other page stays strict."""

import pytest

from tests.factories import ReviewerFactory, UserFactory
from tests.portal.test_security import _csp_directives

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("path", ["/admin/", "/admin/credentials/program/"])
def test_admin_pages_allow_inline_styles_but_not_inline_scripts(client, seeded, path):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    csp = _csp_directives(client.get(path))
    assert csp["style-src"] == ["'self'", "'unsafe-inline'"]
    assert csp["script-src"] == ["'self'"]
    assert csp["default-src"] == ["'self'"]


@pytest.mark.parametrize("path", ["/review/", "/", "/accounts/login/", "/administration/"])
def test_other_pages_keep_styles_to_the_portals_own_files(client, seeded, path):
    client.force_login(ReviewerFactory())
    csp = _csp_directives(client.get(path))
    assert csp["style-src"] == ["'self'"]


def test_favicon_ico_points_at_the_portals_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"].endswith("img/favicon.svg")


@pytest.mark.parametrize("user", [None, "learner", "reviewer"])
def test_admin_urls_keep_the_strict_policy_for_everyone_but_staff(client, seeded, user):
    if user:
        client.force_login(UserFactory() if user == "learner" else ReviewerFactory())
    for path in ("/admin/", "/admin/login/"):
        assert _csp_directives(client.get(path))["style-src"] == ["'self'"]
