import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from courses import services
from courses.models import CatalogItem, Enrollment
from credentials import rules
from tests.conftest import assert_no_axe_violations
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BY_SERVICES = ["Customer Service Basics", "Reference Basics", "Solving Difficult Situations in the Library"]
BY_BROWSER = "Readers' Advisory Basics"


def _complete_with_services(user, title):
    now = timezone.now()
    course = CatalogItem.objects.get(title=title)
    enrollment = Enrollment.objects.create(user=user, course=course, registered_at=now)
    for lesson in course.lessons.all():
        services.lesson_complete(enrollment=enrollment, lesson=lesson, now=now)
    answers = {q.pk: q.answer for q in course.quiz_questions.all()}
    if answers:
        services.quiz_submit(enrollment=enrollment, answers=answers, now=now)
    enrollment.refresh_from_db()
    assert enrollment.completed_at is not None


def _register_in_cart(page):
    page.get_by_role("button", name="Proceed to Checkout").click()
    assert_no_axe_violations(page)
    page.get_by_role("link", name="Go to Dashboard").click()


def test_learner_completes_the_courses_then_registers_for_the_initial_application(seeded, login_page):
    user = UserFactory(first_name="Pat")
    for title in BY_SERVICES:
        _complete_with_services(user, title)
    page = login_page(user)

    # The fourth course through the pages: Register for Course -> search -> Register -> checkout.
    page.goto("/")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Register for Course").click()
    page.get_by_label("Search by title").fill("Readers")
    page.get_by_role("button", name="Show").click()
    card = page.get_by_role("listitem").filter(has=page.get_by_role("heading", name=BY_BROWSER))
    card.get_by_role("button", name="Register").click()
    assert page.get_by_text(f"{BY_BROWSER} is in your cart").is_visible()
    _register_in_cart(page)

    # My Courses -> the course page -> every lesson with "Mark complete and continue", then the quiz.
    page.get_by_role("link", name=BY_BROWSER).click()
    assert_no_axe_violations(page)
    page.get_by_role("link", name="Start:").click()
    lesson_count = CatalogItem.objects.get(title=BY_BROWSER).lessons.count()
    for number in range(1, lesson_count + 1):
        assert page.get_by_text(f"Lesson {number} of {lesson_count}").is_visible()
        if number == 1:
            assert_no_axe_violations(page)
        # One click: the lesson is marked complete and the next one (then the quiz) opens.
        page.get_by_role("button", name="Mark complete and continue").click()
        assert page.get_by_role("status").get_by_text("is complete.").is_visible()
    for question in CatalogItem.objects.get(title=BY_BROWSER).quiz_questions.all():
        group = page.get_by_role("group", name=question.question)
        group.get_by_label(question.choices[question.answer], exact=True).check()
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Submit answers").click()
    assert page.get_by_text("You passed the quiz").is_visible()
    today = rules.local_date(timezone.now())
    assert page.get_by_text(f"on {today:%m/%d/%Y}").first.is_visible()

    # The guide: Register for Course -> All categories: KDLA Certifications -> the card -> Register.
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Register for Course").click()
    assert_no_axe_violations(page)
    page.get_by_label("Category").select_option(label="KDLA Certifications")
    page.wait_for_url("**category=kdla-certifications**")
    headings = page.locator(".catalog-card h2").all_inner_texts()
    assert headings == [
        "Part-time Certification- Initial Application",
        "Part-time Certification- Renewal Application",
    ]
    card = page.get_by_role("listitem").filter(
        has=page.get_by_role("heading", name="Part-time Certification- Initial Application")
    )
    card.get_by_role("button", name="Register").click()
    assert card.get_by_text("In your cart").is_visible()
    _register_in_cart(page)

    # The dashboard's CREDENTIALS box.
    assert page.url.endswith("/")
    box = page.get_by_role("region", name="Credentials")
    row = box.get_by_role("row").filter(has_text="Initial Part Time Certification")
    cells = row.get_by_role("cell").all_inner_texts()
    assert cells[0] == today.strftime("%m/%d/%Y")
    assert cells[1] == (today + dt.timedelta(days=60)).strftime("%m/%d/%Y")
    upload = row.get_by_role("link", name="Upload Missing Files")
    assert "orange" in upload.get_attribute("class")
    assert row.get_by_text(f"due {today + dt.timedelta(days=30):%m/%d/%Y}, 30 days left").is_visible()
    assert_no_axe_violations(page)


def test_refusal_names_the_missing_courses_in_the_browser(seeded, login_page):
    user = UserFactory()
    _complete_with_services(user, "Reference Basics")
    page = login_page(user)
    page.goto("/catalog/?category=kdla-certifications")
    card = page.get_by_role("listitem").filter(
        has=page.get_by_role("heading", name="Part-time Certification- Initial Application")
    )
    card.get_by_role("button", name="Register").click()
    message = page.get_by_role("status").inner_text()
    assert "Customer Service Basics" in message and "Readers' Advisory Basics" in message
    assert "Reference Basics," not in message


def test_category_filter_works_without_javascript(seeded, no_js_login_page):
    user = UserFactory()
    page = no_js_login_page(user)
    page.goto("/catalog/")
    page.get_by_label("Category").select_option(label="KDLA Certifications")
    page.get_by_role("button", name="Show").click()
    assert page.locator(".catalog-card").count() == 2


@pytest.mark.parametrize("viewport", [{"width": 1280, "height": 900}, {"width": 390, "height": 844}])
def test_after_register_proceed_to_checkout_stays_in_view_above_the_registered_card(
    seeded, login_page, viewport
):
    # After "Register" the page goes down to the registered card (its heading takes focus), which left the
    # next step, "Proceed to Checkout" at the top right, above the fold. It now stays in view, never
    # covering the card that has focus.
    page = login_page(UserFactory())
    page.set_viewport_size(viewport)
    page.goto("/catalog/")
    card = page.get_by_role("listitem").filter(
        has=page.get_by_role("heading", name="Early Literacy and Storytime Basics")
    )
    card.get_by_role("button", name="Register").click()
    heading = card.get_by_role("heading")
    expect(heading).to_be_focused()
    assert page.evaluate("window.scrollY") > viewport["height"]  # the card is far down the page
    checkout = page.get_by_role("button", name="Proceed to Checkout").bounding_box()
    card_top = heading.bounding_box()
    assert checkout["y"] >= 0 and checkout["y"] + checkout["height"] <= viewport["height"], checkout
    assert card_top["y"] >= checkout["y"] + checkout["height"], (card_top, checkout)
    if viewport["width"] == 1280:  # the guide's place: top right
        assert checkout["x"] + checkout["width"] > 1280 - 60
    assert_no_axe_violations(page)
