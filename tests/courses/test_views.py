import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from courses.models import CartItem, CatalogItem, Enrollment, LessonCompletion
from credentials.models import Credential
from tests.factories import (
    CategoryFactory,
    CourseFactory,
    CredentialFactory,
    EnrollmentFactory,
    LessonFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

INITIAL = "Part-time Certification- Initial Application"
REQUIRED = [
    "Customer Service Basics",
    "Reference Basics",
    "Solving Difficult Situations in the Library",
    "Readers' Advisory Basics",
]


@pytest.fixture
def learner(client):
    user = UserFactory()
    client.force_login(user)
    return user


def _complete(user, titles):
    for title in titles:
        EnrollmentFactory(user=user, course=CatalogItem.objects.get(title=title), completed_at=timezone.now())


def test_catalog_lists_every_item_with_category_hours_and_register(client, learner, seeded):
    html = client.get(reverse("courses:catalog")).content.decode()
    for title in ["Customer Service Basics", INITIAL, "Part-time Certification- Renewal Application"]:
        assert title.replace("'", "&#x27;") in html
    assert "KDLA Certifications" in html
    assert "contact hours" in html
    assert ">Register</button>" in html
    assert "Proceed to Checkout" in html
    assert '<option value="">All categories</option>' in html


def test_choosing_kdla_certifications_shows_only_the_programs(client, learner, seeded):
    response = client.get(reverse("courses:catalog"), {"category": "kdla-certifications"})
    titles = [item.title for item in response.context["page"].object_list]
    assert titles == [INITIAL, "Part-time Certification- Renewal Application"]


def test_search_by_title(client, learner, seeded):
    response = client.get(reverse("courses:catalog"), {"q": "reference"})
    assert [item.title for item in response.context["page"].object_list] == ["Reference Basics"]


def test_unknown_category_does_not_fail(client, learner, seeded):
    assert client.get(reverse("courses:catalog"), {"category": "nope"}).status_code == 200


def test_register_refused_names_the_missing_courses(client, learner, seeded):
    _complete(learner, REQUIRED[:3])
    response = client.post(reverse("courses:cart_add", args=["part-time-initial-application"]), follow=True)
    html = response.content.decode()
    assert "Complete these courses before registering" in html
    assert "Readers&#x27; Advisory Basics" in html
    assert not CartItem.objects.filter(user=learner).exists()


def test_register_add_checkout_and_confirmation(client, learner, seeded):
    _complete(learner, REQUIRED)
    client.post(reverse("courses:cart_add", args=["part-time-initial-application"]))
    cart = client.get(reverse("courses:cart")).content.decode()
    assert INITIAL in cart and "$0.00" in cart and "Remove" in cart
    response = client.post(reverse("courses:checkout"), follow=True)
    html = response.content.decode()
    assert "Go to Dashboard" in html
    assert Credential.objects.filter(user=learner).count() == 1
    dashboard = client.get(reverse("dashboard")).content.decode()
    assert "Initial Part Time Certification" in dashboard
    # A refresh that re-posts the form registers nothing and says why.
    again = client.post(reverse("courses:checkout"), follow=True).content.decode()
    assert "Your cart is empty: nothing was registered." in again
    assert Credential.objects.filter(user=learner).count() == 1


def test_checkout_refusal_is_shown_on_the_cart(client, learner, seeded):
    _complete(learner, REQUIRED)
    client.post(reverse("courses:cart_add", args=["part-time-initial-application"]))
    Enrollment.objects.filter(user=learner, course__title="Reference Basics").update(completed_at=None)
    response = client.post(reverse("courses:checkout"), follow=True)
    assert response.redirect_chain[-1][0] == reverse("courses:cart")
    assert "Reference Basics" in response.content.decode()
    assert not Credential.objects.filter(user=learner).exists()


def test_registering_again_for_an_active_credential_is_refused(client, learner, seeded):
    _complete(learner, REQUIRED)
    client.post(reverse("courses:cart_add", args=["part-time-initial-application"]))
    client.post(reverse("courses:checkout"))
    html = client.post(
        reverse("courses:cart_add", args=["part-time-initial-application"]), follow=True
    ).content.decode()
    assert "already registered" in html
    assert Credential.objects.filter(user=learner).count() == 1


def test_remove_from_cart(client, learner):
    course = CourseFactory()
    client.post(reverse("courses:cart_add", args=[course.slug]))
    client.post(reverse("courses:cart_remove", args=[course.pk]))
    assert not CartItem.objects.filter(user=learner).exists()


def test_another_users_order_is_404(client, learner):
    other = UserFactory()
    course = CourseFactory()
    from courses import services

    services.cart_add(user=other, item=course, now=timezone.now())
    order = services.checkout_confirm(user=other, now=timezone.now())
    assert client.get(reverse("courses:order", args=[order.pk])).status_code == 404


def test_unknown_course_and_lesson_are_404(client, learner):
    lesson = LessonFactory()
    assert client.get(reverse("courses:course", args=["nope"])).status_code == 404
    assert client.get(reverse("courses:lesson", args=[lesson.course.slug, "nope"])).status_code == 404


def test_lesson_of_a_course_not_registered_sends_to_the_course_page(client, learner):
    lesson = LessonFactory()
    response = client.post(reverse("courses:lesson", args=[lesson.course.slug, lesson.slug]))
    assert response.status_code == 302
    assert not LessonCompletion.objects.exists()


def test_mark_lesson_complete_and_course_shows_completed_with_date(client, learner):
    lesson = LessonFactory(body="First paragraph.\n\n- one\n- two <b>x</b>")
    EnrollmentFactory(user=learner, course=lesson.course)
    page = client.get(lesson.get_absolute_url()).content.decode()
    assert "Mark complete and continue" in page
    assert "<ul><li>one</li><li>two &lt;b&gt;x&lt;/b&gt;</li></ul>" in page
    client.post(lesson.get_absolute_url())
    course_page = client.get(lesson.course.get_absolute_url()).content.decode()
    assert "Completed" in course_page
    assert timezone.localdate().strftime("%m/%d/%Y") in course_page


def test_quiz_failing_then_passing(client, learner, seeded):
    course = CatalogItem.objects.get(title="Reference Basics")
    enrollment = EnrollmentFactory(user=learner, course=course)
    questions = list(course.quiz_questions.all())
    wrong = {f"q{q.pk}": (q.answer + 1) % len(q.choices) for q in questions}
    html = client.post(reverse("courses:quiz", args=[course.slug]), wrong, follow=True).content.decode()
    assert "Every answer must be right to pass" in html
    right = {f"q{q.pk}": q.answer for q in questions}
    html = client.post(reverse("courses:quiz", args=[course.slug]), right, follow=True).content.decode()
    assert "You passed the quiz" in html
    enrollment.refresh_from_db()
    assert enrollment.quiz_passed_at is not None


def test_quiz_with_a_missing_answer_shows_the_error_next_to_the_question(client, learner, seeded):
    course = CatalogItem.objects.get(title="Reference Basics")
    EnrollmentFactory(user=learner, course=course)
    html = client.post(reverse("courses:quiz", args=[course.slug]), {}).content.decode()
    # Each message names its question: the error summary lists them all, one link per question.
    for number in range(1, course.quiz_questions.count() + 1):
        assert html.count(f"Question {number}: choose an answer.") == 2
    assert "aria-describedby" in html
    assert '<a href="#">' not in html  # every summary link goes to its question's first choice


def test_dashboard_shows_upload_missing_files_with_deadline(client, learner, seeded):
    _complete(learner, REQUIRED)
    client.post(reverse("courses:cart_add", args=["part-time-initial-application"]))
    client.post(reverse("courses:checkout"))
    credential = Credential.objects.get(user=learner)
    html = client.get(reverse("dashboard")).content.decode()
    assert f"{reverse('credentials:files')}?credential={credential.pk}" in html
    assert 'class="button orange"' in html and "Upload Missing Files" in html
    assert "30 days left" in html
    assert credential.cycle_end.strftime("%m/%d/%Y") in html


def test_dashboard_renewal_row_shows_progress(client, learner, seeded):
    CredentialFactory(user=learner)
    html = client.get(reverse("dashboard")).content.decode()
    assert "Part-time Certification - Renewal credits" in html
    assert "<progress" in html and "0 of 15 contact hours" in html
    assert "Upload Missing Files" not in html


# --- Query-count guards: the same number of queries with one row as with many ---------------------------


def _queries(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_catalog_queries_do_not_grow_with_the_catalog(client, learner, django_assert_num_queries):
    category = CategoryFactory()
    CourseFactory(category=category)
    few = _queries(client, reverse("courses:catalog"))
    for _ in range(30):
        course = CourseFactory(category=CategoryFactory())
        EnrollmentFactory(user=learner, course=course)
    with django_assert_num_queries(few):
        client.get(reverse("courses:catalog"))


def test_dashboard_queries_do_not_grow_with_credentials_and_courses(
    client, learner, seeded, django_assert_num_queries
):
    CredentialFactory(user=learner)
    EnrollmentFactory(user=learner, course=LessonFactory().course)
    few = _queries(client, reverse("dashboard"))
    start = dt.date(2020, 1, 1)
    for n in range(10):
        CredentialFactory(user=learner, cycle_start=start + dt.timedelta(days=n), status="expired")
        EnrollmentFactory(user=learner, course=LessonFactory().course, completed_at=timezone.now())
    with django_assert_num_queries(few):
        client.get(reverse("dashboard"))


def test_course_page_queries_do_not_grow_with_lessons(client, learner, django_assert_num_queries):
    lesson = LessonFactory()
    enrollment = EnrollmentFactory(user=learner, course=lesson.course)
    LessonCompletion.objects.create(enrollment=enrollment, lesson=lesson, completed_at=timezone.now())
    few = _queries(client, lesson.course.get_absolute_url())
    for _ in range(8):
        other = LessonFactory(course=lesson.course)
        LessonCompletion.objects.create(enrollment=enrollment, lesson=other, completed_at=timezone.now())
    with django_assert_num_queries(few):
        client.get(lesson.course.get_absolute_url())


def test_program_page_says_what_is_missing_before_registering(client, learner, seeded):
    _complete(learner, REQUIRED[1:])
    html = client.get(reverse("courses:item", args=["part-time-initial-application"])).content.decode()
    assert "Before you can register:" in html
    assert "Customer Service Basics" in html
    assert ">Register</button>" in html


def test_course_page_offers_register_when_not_enrolled(client, learner):
    lesson = LessonFactory()
    html = client.get(lesson.course.get_absolute_url()).content.decode()
    assert ">Register</button>" in html
    assert lesson.title in html
