import datetime as dt
from decimal import Decimal

import pytest

from courses import services
from courses.models import CartItem, CatalogItem, Enrollment, Order
from credentials.models import Credential, CredentialStatus, CreditEntry
from tests.conftest import eastern
from tests.factories import (
    CourseFactory,
    CredentialFactory,
    EnrollmentFactory,
    LessonFactory,
    UserFactory,
    program,
)

pytestmark = pytest.mark.django_db

NOW = eastern(2026, 3, 10, 9)
INITIAL = "Part-time Certification- Initial Application"
REQUIRED = [
    "Customer Service Basics",
    "Reference Basics",
    "Solving Difficult Situations in the Library",
    "Readers' Advisory Basics",
]


def _item(title):
    return CatalogItem.objects.get(title=title)


def _complete_courses(user, titles, when=NOW):
    for title in titles:
        EnrollmentFactory(user=user, course=_item(title), registered_at=when, completed_at=when)


def _register(user, item, now=NOW):
    services.cart_add(user=user, item=item, now=now)
    return services.checkout_confirm(user=user, now=now)


def test_checkout_enrolls_in_a_course_and_empties_the_cart():
    user, course = UserFactory(), CourseFactory()
    order = _register(user, course)
    assert Enrollment.objects.filter(user=user, course=course, registered_at=NOW).exists()
    assert [line.title for line in order.lines.all()] == [course.title]
    assert order.total == Decimal("0.00")
    assert not CartItem.objects.filter(user=user).exists()


def test_registering_again_for_a_course_is_refused_at_add():
    user, course = UserFactory(), CourseFactory(title="Storytime Skills")
    _register(user, course)
    with pytest.raises(services.RegistrationError, match="already registered for Storytime Skills"):
        services.cart_add(user=user, item=course, now=NOW)


def test_adding_the_same_item_twice_keeps_one_cart_row():
    user, course = UserFactory(), CourseFactory()
    services.cart_add(user=user, item=course, now=NOW)
    services.cart_add(user=user, item=course, now=NOW)
    assert CartItem.objects.filter(user=user).count() == 1


def test_second_checkout_with_an_empty_cart_registers_nothing_and_says_so():
    user, course = UserFactory(), CourseFactory()
    _register(user, course)
    with pytest.raises(services.RegistrationError, match="cart is empty"):
        services.checkout_confirm(user=user, now=NOW)
    assert Order.objects.filter(user=user).count() == 1
    assert Enrollment.objects.filter(user=user).count() == 1


def test_initial_application_refused_naming_the_missing_courses(seeded):
    user = UserFactory()
    _complete_courses(user, REQUIRED[:2])
    with pytest.raises(services.RegistrationError) as refused:
        services.cart_add(user=user, item=_item(INITIAL), now=NOW)
    message = str(refused.value)
    assert "Readers' Advisory Basics" in message
    assert "Solving Difficult Situations in the Library" in message
    assert "Reference Basics" not in message
    assert not CartItem.objects.filter(user=user).exists()


def test_prerequisites_are_checked_again_at_checkout(seeded):
    user = UserFactory()
    _complete_courses(user, REQUIRED)
    services.cart_add(user=user, item=_item(INITIAL), now=NOW)
    Enrollment.objects.filter(user=user, course__title="Reference Basics").update(completed_at=None)
    with pytest.raises(services.RegistrationError, match="Reference Basics"):
        services.checkout_confirm(user=user, now=NOW)
    assert not Credential.objects.filter(user=user).exists()
    assert not Order.objects.filter(user=user).exists()
    assert CartItem.objects.filter(user=user).count() == 1


def test_initial_application_checkout_creates_the_credential_with_its_cycle(seeded):
    user = UserFactory()
    _complete_courses(user, REQUIRED)
    _register(user, _item(INITIAL), now=eastern(2023, 2, 8, 10))
    credential = Credential.objects.get(user=user)
    assert credential.program.credential_name == "Initial Part Time Certification"
    assert (credential.cycle_start, credential.cycle_end) == (dt.date(2023, 2, 8), dt.date(2023, 4, 9))
    assert credential.status == CredentialStatus.ACTIVE
    assert credential.upload_deadline == eastern(2023, 3, 10, 23, 59).replace(second=59, microsecond=999999)


def test_registering_again_for_an_active_application_is_refused(seeded):
    user = UserFactory()
    _complete_courses(user, REQUIRED)
    _register(user, _item(INITIAL))
    with pytest.raises(services.RegistrationError, match="already registered"):
        services.cart_add(user=user, item=_item(INITIAL), now=NOW)
    assert Credential.objects.filter(user=user).count() == 1


def test_course_completes_when_every_lesson_is_done_and_records_the_date_once():
    user = UserFactory()
    first, second = LessonFactory(), None
    second = LessonFactory(course=first.course)
    enrollment = EnrollmentFactory(user=user, course=first.course)
    services.lesson_complete(enrollment=enrollment, lesson=first, now=NOW)
    enrollment.refresh_from_db()
    assert enrollment.completed_at is None
    services.lesson_complete(enrollment=enrollment, lesson=second, now=NOW)
    services.lesson_complete(enrollment=enrollment, lesson=second, now=NOW + dt.timedelta(days=3))
    enrollment.refresh_from_db()
    assert enrollment.completed_at == NOW


def test_course_with_a_quiz_completes_only_after_the_quiz_is_passed(seeded):
    user = UserFactory()
    course = _item("Customer Service Basics")
    enrollment = EnrollmentFactory(user=user, course=course)
    for lesson in course.lessons.all():
        services.lesson_complete(enrollment=enrollment, lesson=lesson, now=NOW)
    enrollment.refresh_from_db()
    assert enrollment.completed_at is None
    questions = list(course.quiz_questions.all())
    wrong = {q.pk: (q.answer + 1) % len(q.choices) for q in questions}
    assert services.quiz_submit(enrollment=enrollment, answers=wrong, now=NOW)[0] is False
    right = {q.pk: q.answer for q in questions}
    passed, score, total = services.quiz_submit(enrollment=enrollment, answers=right, now=NOW)
    assert (passed, score, total) == (True, len(questions), len(questions))
    enrollment.refresh_from_db()
    assert enrollment.completed_at == NOW


def test_a_lesson_of_another_course_is_refused():
    enrollment = EnrollmentFactory()
    with pytest.raises(services.RegistrationError):
        services.lesson_complete(enrollment=enrollment, lesson=LessonFactory(), now=NOW)


def test_completion_credits_an_active_renewal_credential_whose_cycle_holds_the_date(seeded):
    user = UserFactory()
    inside = CredentialFactory(user=user, cycle_start=dt.date(2026, 1, 1), cycle_end=dt.date(2031, 1, 1))
    outside = CredentialFactory(
        user=user,
        program=program("professional-i-renewal-credits"),
        cycle_start=dt.date(2026, 4, 1),
        cycle_end=dt.date(2031, 4, 1),
    )
    lesson = LessonFactory(course=CourseFactory(contact_hours=Decimal("2.00")))
    enrollment = EnrollmentFactory(user=user, course=lesson.course)
    services.lesson_complete(enrollment=enrollment, lesson=lesson, now=NOW)
    assert list(CreditEntry.objects.filter(credential=inside).values_list("hours", flat=True)) == [
        Decimal("2.00")
    ]
    assert not CreditEntry.objects.filter(credential=outside).exists()
    # Completing again (a repeated request) credits nothing more.
    services.course_complete(enrollment=enrollment, now=NOW)
    assert CreditEntry.objects.filter(credential=inside).count() == 1


def test_checkout_of_the_initial_application_emails_the_upload_deadline_once(
    seeded, django_capture_on_commit_callbacks, mailoutbox
):
    user = UserFactory()
    _complete_courses(user, REQUIRED)
    with django_capture_on_commit_callbacks(execute=True):
        _register(user, _item(INITIAL), now=eastern(2023, 2, 8, 10))
    [email] = mailoutbox
    assert email.to == [user.email]
    assert "03/10/2023" in email.body
    assert "Upload Missing Files" in email.body
