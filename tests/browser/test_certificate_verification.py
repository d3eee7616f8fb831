"""The public verification page as a board member or employer sees it: no sign-in, the record only, axe
clean while the certificate is valid, after the lapse sweep, and after a renewal supersedes it."""

import datetime as dt

import pytest
from django.core.management import call_command

from credentials import services
from credentials.models import Certificate, Program
from tests.conftest import assert_no_axe_violations, eastern
from tests.credentials.certification_helpers import RENEWAL_APPLICATION, _approve, certified, earn
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _status(page, url):
    page.goto(url)
    assert page.title().startswith("Certificate verification")
    assert_no_axe_violations(page)
    return page.locator(".verify-status").inner_text()


def test_an_anonymous_visitor_sees_valid_then_lapsed_then_superseded(page):
    call_command("seed_catalog", verbosity=0)
    user = certified(UserFactory(first_name="Robin", last_name="Calloway"), at=eastern(2026, 2, 6, 10))
    earn(user, on=dt.date(2027, 5, 1))
    # The renewal is registered in time, but approved only after the valid-through date.
    renewal = services.application_register(
        user=user, program=Program.objects.get(code=RENEWAL_APPLICATION), now=eastern(2031, 1, 20, 9)
    )
    first = Certificate.objects.get()
    url = f"/verify/{first.token}/"

    assert _status(page, url) == "Valid"
    body = page.locator("main").inner_text()
    assert (
        "Robin Calloway" in body and "02/06/2031" in body and "Part-time Library Staff Certification" in body
    )
    assert user.email not in body

    call_command("enforce_deadlines", "--now", "2031-02-07T00:30", verbosity=0)
    assert _status(page, url) == "Lapsed"

    _approve(renewal, at=eastern(2031, 2, 10, 9))
    assert _status(page, url) == "Superseded"
    newer = Certificate.objects.exclude(pk=first.pk).get()
    assert f"by certificate {newer.number}" in page.locator("main").inner_text()
    assert _status(page, f"/verify/{newer.token}/") == "Valid"


def test_the_dashboard_banner_is_axe_clean_and_offers_the_certificate(login_page):
    call_command("seed_catalog", verbosity=0)
    user = certified(at=eastern(2026, 2, 6, 10))
    page = login_page(user)
    page.goto("/")
    banner = page.locator("#certification")
    heading = " ".join(banner.locator("h2").text_content().split())
    assert heading == "Part-time Certification: valid through 02/06/2031"
    assert banner.get_by_role("link", name="Download certificate").is_visible()
    assert_no_axe_violations(page)
    page.set_viewport_size({"width": 390, "height": 844})
    assert banner.get_by_role("link", name="Request new Credit").is_visible()
