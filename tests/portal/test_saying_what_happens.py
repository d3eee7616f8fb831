"""Issue 16, "Saying what is happening": what the learner reads after each step (server-rendered HTML)."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from courses.models import CartItem, CatalogItem, Enrollment
from credentials import rules
from tests.credentials.applications import registered_application, returned_application
from tests.credit_requests.helpers import submit
from tests.factories import CredentialFactory, EnrollmentFactory, LessonFactory, ReviewerFactory, UserFactory

pytestmark = pytest.mark.django_db


def _dashboard(client, user):
    client.force_login(user)
    return client.get(reverse("dashboard")).content.decode()


def test_a_returned_file_shows_kdla_message_on_the_dashboard_row(client, seeded):
    learner = UserFactory()
    returned_application(learner, reviewer=ReviewerFactory(), message="Please sign page 2.")
    html = _dashboard(client, learner)
    assert "Upload Missing Files" in html
    assert "KDLA returned your file:</strong> Please sign page 2." in html


def test_renewal_hours_say_what_is_pending_and_that_the_required_courses_do_not_count(client, seeded):
    learner = UserFactory()
    today = rules.local_date(timezone.now())
    credential = CredentialFactory(user=learner, cycle_start=today - dt.timedelta(days=40))
    submit(credential=credential, now=timezone.now(), credits="5", activity_date=today - dt.timedelta(days=3))
    html = _dashboard(client, learner)
    assert "0 of 15 contact hours" in html
    assert "5 pending review" in html
    assert "the required courses counted toward your initial certification, not these renewal hours" in html


def test_first_steps_checklist_ticks_itself_off_and_goes_away_with_renewal_credits(client, seeded):
    learner = UserFactory()
    html = _dashboard(client, learner)
    assert "Your first steps" in html
    assert "Complete the 4 required courses (0 of 4 done): <strong>not yet</strong>" in html

    registered_application(learner)
    client.force_login(learner)
    html = client.get(reverse("dashboard")).content.decode()
    assert "Complete the 4 required courses (4 of 4 done): <strong>done</strong>" in html
    assert "Initial Application”: <strong>done</strong>" in html
    assert "Upload your signed application file: <strong>not yet</strong>" in html

    other = UserFactory()
    CredentialFactory(user=other)
    assert "Your first steps" not in _dashboard(client, other)


def test_mark_complete_and_continue_opens_the_next_lesson_then_the_course(client):
    first = LessonFactory(order=1)
    second = LessonFactory(course=first.course, order=2)
    learner = UserFactory()
    EnrollmentFactory(user=learner, course=first.course)
    client.force_login(learner)
    assert client.post(first.get_absolute_url())["Location"] == second.get_absolute_url()
    assert client.post(second.get_absolute_url())["Location"] == first.course.get_absolute_url()


def test_a_failed_quiz_keeps_the_answers_and_marks_the_wrong_ones(client, seeded):
    course = CatalogItem.objects.get(title="Reference Basics")
    learner = UserFactory()
    EnrollmentFactory(user=learner, course=course)
    client.force_login(learner)
    first, *others = list(course.quiz_questions.all())
    wrong_choice = (first.answer + 1) % len(first.choices)
    answers = {f"q{first.pk}": wrong_choice} | {f"q{q.pk}": q.answer for q in others}
    response = client.post(reverse("courses:quiz", args=[course.slug]), answers)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Every answer must be right to pass" in html
    # Next to the question and in the error summary, whose link names the question and goes to its first choice.
    assert html.count("Question 1: this answer is not right") == 2
    assert f'<a href="#id_q{first.pk}_0">Question 1: this answer is not right' in html
    chosen = re.search(rf'<input[^>]*id="id_q{first.pk}_{wrong_choice}"[^>]*>', html).group(0)
    assert "checked" in chosen
    for question in others:
        assert f'id="id_q{question.pk}_error"' not in html


def test_checkout_from_the_catalog_registers_the_cart_and_removing_returns_to_the_catalog(client, seeded):
    learner = UserFactory()
    client.force_login(learner)
    course = CatalogItem.objects.get(title="Reference Basics")
    other = CatalogItem.objects.get(title="Customer Service Basics")
    for item in (course, other):
        client.post(reverse("courses:cart_add", args=[item.slug]), {"next": reverse("courses:catalog")})
    html = client.get(reverse("courses:catalog")).content.decode()
    assert "Your cart" in html and html.count(">Remove</button>") == 2
    assert f'action="{reverse("courses:checkout")}"' in html and "Proceed to Checkout" in html
    response = client.post(
        reverse("courses:cart_remove", args=[other.pk]), {"next": reverse("courses:catalog")}
    )
    assert response["Location"] == reverse("courses:catalog")
    response = client.post(reverse("courses:checkout"), follow=True)
    assert "Go to Dashboard" in response.content.decode()
    assert list(Enrollment.objects.filter(user=learner).values_list("course__title", flat=True)) == [
        "Reference Basics"
    ]
    assert not CartItem.objects.filter(user=learner).exists()


def test_register_goes_back_to_the_card_that_was_registered(client, seeded):
    learner = UserFactory()
    client.force_login(learner)
    course = CatalogItem.objects.get(title="Reference Basics")
    response = client.post(
        reverse("courses:cart_add", args=[course.slug]), {"next": "/catalog/?category=kdla-certifications"}
    )
    assert response["Location"] == f"/catalog/?category=kdla-certifications#item-{course.pk}"
