import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from courses.models import Enrollment
from credentials.models import CredentialStatus
from credentials.services import course_completed_credit, credential_earned
from reviews.services import credit_request_decide
from tests.conftest import eastern
from tests.credit_requests.helpers import submit
from tests.factories import CourseFactory, CredentialFactory, ReviewerFactory, UserFactory

pytestmark = pytest.mark.django_db


def build_record(user, reviewer, *, requests=1, courses=1):
    old = CredentialFactory(
        user=user,
        status=CredentialStatus.EXPIRED,
        compliance="non_compliant",
        cycle_start=dt.date(2015, 2, 6),
        cycle_end=dt.date(2020, 2, 6),
    )
    current = CredentialFactory(user=user, cycle_start=dt.date(2023, 2, 6), cycle_end=dt.date(2028, 2, 6))
    for n in range(courses):
        course = CourseFactory(title=f"Reference Basics {n}", contact_hours=Decimal("1.5"))
        enrollment = Enrollment.objects.create(
            user=user, course=course, registered_at=eastern(2024, 1, 2), completed_at=eastern(2024, 1, 3 + n)
        )
        course_completed_credit(enrollment=enrollment, now=enrollment.completed_at)
    for n in range(requests):
        request = submit(
            credential=current,
            now=eastern(2025, 6, 15),
            credits="2.25",
            activity_date=dt.date(2024, 5, 1 + n),
            description=f"CE Activities {n}",
        )
        credit_request_decide(
            credit_request=request,
            reviewer=reviewer,
            approved_credits="1.75",
            notes="Partly.",
            now=eastern(2025, 6, 16),
        )
    return old, current


def test_transcript_lists_courses_credits_by_cycle_and_credentials(client, seeded):
    user, reviewer = UserFactory(), ReviewerFactory()
    old, current = build_record(user, reviewer)
    client.force_login(user)
    html = client.get(reverse("credentials:transcript")).content.decode()
    # Completed courses: date and contact hours.
    assert "01/03/2024" in html and "Reference Basics 0" in html and ">1.50<" in html
    # Approved credits grouped under their cycle, with the total (1.5 course + 1.75 approved).
    assert "Part-time Certification - Renewal credits: 02/06/2023 to 02/06/2028" in html
    assert (
        "05/01/2024" in html and "Annual Summation" in html and "CE Activities 0" in html and ">1.75<" in html
    )
    assert "Total (of 15 required)" in html
    assert ">3.25<" in html
    assert credential_earned(credential=current) == Decimal("3.25")
    # Credentials with cycles and status, including the expired cycle.
    assert "02/06/2015" in html and ">EXPIRED<" in html and ">NON-COMPLIANT<" in html
    assert ">ACTIVE<" in html
    assert reverse("credentials:transcript_pdf") in html and "Download PDF" in html


def test_transcript_shows_only_the_learners_own_record(client, seeded):
    user, reviewer = UserFactory(), ReviewerFactory()
    build_record(user, reviewer)
    client.force_login(UserFactory())
    html = client.get(reverse("credentials:transcript")).content.decode()
    assert "Annual Summation" not in html
    assert "No completed courses yet." in html


def test_transcript_query_count_is_fixed(client, seeded, django_assert_num_queries):
    user, reviewer = UserFactory(), ReviewerFactory()
    build_record(user, reviewer, requests=1, courses=1)
    client.force_login(user)
    client.get(reverse("credentials:transcript"))
    with django_assert_num_queries(6) as small:
        client.get(reverse("credentials:transcript"))
    current = user.credentials.get(status="active")
    for n in range(6):
        request = submit(
            credential=current, now=eastern(2025, 6, 15), credits="1", activity_date=dt.date(2024, 6, 1 + n)
        )
        credit_request_decide(
            credit_request=request,
            reviewer=reviewer,
            approved_credits="1",
            notes="",
            now=eastern(2025, 6, 16),
        )
    for n in range(4):
        course = CourseFactory(contact_hours=Decimal("1"))
        Enrollment.objects.create(
            user=user, course=course, registered_at=timezone.now(), completed_at=eastern(2024, 2, 1 + n)
        )
    with django_assert_num_queries(len(small.captured_queries)):
        client.get(reverse("credentials:transcript"))


def test_transcript_downloads_as_a_pdf(client, seeded):
    user, reviewer = UserFactory(first_name="Zoë", last_name="O’Neil"), ReviewerFactory()
    build_record(user, reviewer)
    client.force_login(user)
    response = client.get(reverse("credentials:transcript_pdf"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith('attachment; filename="kdla-transcript-')
    assert response.content.startswith(b"%PDF-")
    assert len(response.content) > 1000


def test_transcript_pdf_requires_login(client):
    assert client.get(reverse("credentials:transcript_pdf")).status_code == 302
