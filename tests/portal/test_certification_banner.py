"""The dashboard opens with the certification banner: its state, the next step and its link, with the same
number of queries as before the banner (cache hit and miss)."""

import datetime as dt
import re

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from courses.models import CatalogItem, Enrollment
from credentials import rules
from credentials.certification import certification_revoke
from credentials.models import Certification
from tests.conftest import eastern
from tests.credentials.applications import registered_application
from tests.credentials.certification_helpers import certification_of, certified, earn
from tests.factories import ReviewerFactory, UserFactory

pytestmark = pytest.mark.django_db

BANNER = re.compile(r'<section class="card certification-banner.*?</section>', re.S)


def _banner(client, user):
    client.force_login(user)
    html = client.get(reverse("dashboard")).content.decode()
    match = BANNER.search(html)
    assert match, "no banner on the dashboard"
    assert html.index("certification-banner") < html.index('id="credentials-heading"'), (
        "banner before the boxes"
    )
    return " ".join(re.sub(r"<[^>]+>", " ", match.group(0)).split()), match.group(0)


def test_a_new_learner_is_not_yet_certified_and_told_how_to_start(client, seeded):
    text, html = _banner(client, UserFactory())
    assert "Part-time Certification: not yet certified" in text
    assert "complete the four required courses, then register for" in text
    assert "register for “Part-time Certification- Initial Application”" in text
    assert f'href="{reverse("courses:catalog")}?category=kdla-certifications"' in html


def test_once_the_four_courses_are_complete_the_next_step_is_only_to_register(client, seeded):
    # The banner said "complete the four required courses" while the checklist below it said 4 of 4 done.
    user = UserFactory()
    now = timezone.now()
    for course in CatalogItem.objects.filter(is_required=True):
        Enrollment.objects.create(user=user, course=course, registered_at=now, completed_at=now)
    text, html = _banner(client, user)
    assert "Part-time Certification: not yet certified" in text
    assert "Next step: register for “Part-time Certification- Initial Application”" in text
    assert "complete the four required courses" not in text
    assert f'href="{reverse("courses:catalog")}?category=kdla-certifications"' in html


def test_a_registered_application_says_upload_with_its_deadline(client, seeded):
    application = registered_application()
    text, html = _banner(client, application.user)
    deadline = rules.local_date(application.upload_deadline).strftime("%m/%d/%Y")
    assert "not yet certified" in text
    assert f"upload your signed application for Initial Part Time Certification by {deadline}" in text
    assert f"?credential={application.pk}" in html


def test_a_certified_learner_sees_valid_through_and_request_credit(client, seeded):
    user = certified(at=eastern(2026, 2, 6, 10))
    text, html = _banner(client, user)
    assert "Part-time Certification: valid through 02/06/2031" in text
    assert "Request new Credit" in text and reverse("credit_requests:new") in html


def test_complete_hours_say_apply_for_renewal(client, seeded):
    user = certified(at=eastern(2026, 2, 6, 10))
    earn(user, on=dt.date(2026, 5, 1))
    text, _ = _banner(client, user)
    assert "valid through 02/06/2031" in text
    assert "apply for renewal before 02/06/2031" in text and "Apply for renewal" in text


def test_a_lapsed_certification_says_when_and_how_to_register_again(client, seeded):
    user = certified(at=eastern(2020, 2, 6, 10))
    Certification.objects.filter(user=user).update(status="lapsed")
    user.refresh_from_db()
    text, _ = _banner(client, UserFactory._meta.model.objects.get(pk=user.pk))
    assert "Part-time Certification: lapsed on 02/06/2025" in text
    assert "register for “Part-time Certification- Initial Application”" in text and "Register again" in text


def _revoked():
    """A learner certified on 02/06/2026 whose certification a reviewer revoked on 03/04/2026."""
    user = certified(at=eastern(2026, 2, 6, 10))
    certification_revoke(
        certification=certification_of(user),
        reviewer=ReviewerFactory(),
        reason="Not eligible.",
        now=eastern(2026, 3, 4, 15),
    )
    return user


def test_a_revoked_certification_says_when(client, seeded):
    text, _ = _banner(client, _revoked())
    assert "Part-time Certification: revoked on 03/04/2026" in text


def test_the_banner_adds_no_query_to_the_dashboard(client, seeded, django_assert_num_queries):
    user = certified(at=eastern(2026, 2, 6, 10))
    client.force_login(user)
    assert "valid through" in client.get(reverse("dashboard")).content.decode()
    # The same numbers as before the banner (tests/credit_requests/test_views.py): hit 2, miss 5.
    with django_assert_num_queries(2):
        client.get(reverse("dashboard"))
    cache.clear()
    with django_assert_num_queries(5):
        client.get(reverse("dashboard"))
    cache.clear()
    never = UserFactory()
    client.force_login(never)
    # Not yet certified: the first-steps checklist reads the required courses (portal.first_steps), one more.
    with django_assert_num_queries(6):
        assert "not yet certified" in client.get(reverse("dashboard")).content.decode()


def test_a_revoked_certification_says_to_contact_kdla_first(client, seeded):
    # The renewal application is refused after a revocation ("please contact KDLA before applying again"):
    # the banner says the same instead of sending the learner to register again.
    text, html = _banner(client, _revoked())
    assert "contact KDLA before applying again: KDLA.Certification@ky.gov or 502-564-1727" in text
    assert 'href="mailto:KDLA.Certification@ky.gov"' in html and "Register again" not in text
