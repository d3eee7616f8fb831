"""The whole user guide (part-time-certification-process.txt) in one pass, as one learner and one reviewer.

Each step uses the guide's own labels; the assertions read what the user sees in the right table row.
Screenshots go to $SCREENSHOT_DIR when it is set.
"""

import datetime as dt
import os
from decimal import Decimal
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from courses import services as course_services
from courses.models import CatalogItem, Enrollment
from credentials import rules
from credentials.models import Compliance, Credential, CredentialStatus
from credit_requests.models import CreditRequest
from tests.credentials.applications import pdf_bytes
from tests.factories import PASSWORD, ReviewerFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = os.environ.get("SCREENSHOT_DIR")
BY_SERVICES = ["Customer Service Basics", "Reference Basics", "Solving Difficult Situations in the Library"]
BY_BROWSER = "Readers' Advisory Basics"
DOCUMENT = "Application for Certification of Part-Time Library Staff"
RENEWAL_CREDITS = "Part-time Certification - Renewal credits"


def shot(page, name):
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SHOTS) / f"{name}.png"), full_page=True)


def mdy(day):
    return day.strftime("%m/%d/%Y")


def complete_with_services(user, title):
    now = timezone.now()
    course = CatalogItem.objects.get(title=title)
    enrollment = Enrollment.objects.create(user=user, course=course, registered_at=now)
    for lesson in course.lessons.all():
        course_services.lesson_complete(enrollment=enrollment, lesson=lesson, now=now)
    answers = {q.pk: q.answer for q in course.quiz_questions.all()}
    if answers:
        course_services.quiz_submit(enrollment=enrollment, answers=answers, now=now)


def log_in(page, email):
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password", exact=False).first.fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Dashboard")


def panel(page, name):
    page.get_by_role("navigation", name="Main").get_by_role("link", name=name, exact=True).click()


def checkout(page):
    page.get_by_role("button", name="Proceed to Checkout").click()
    page.get_by_role("link", name="Go to Dashboard").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Dashboard")


def credential_row(page, name):
    box = page.get_by_role("region", name="Credentials")
    return box.get_by_role("row").filter(has=page.get_by_role("rowheader", name=name, exact=True))


def register_for_program(page, title, shot_prefix):
    """Register for Course -> All categories: KDLA Certifications -> the card's Register -> checkout."""
    panel(page, "Register for Course")
    page.get_by_label("Category").select_option(label="KDLA Certifications")
    page.wait_for_url("**category=kdla-certifications**")
    card = page.get_by_role("listitem").filter(has=page.get_by_role("heading", name=title, exact=True))
    shot(page, f"{shot_prefix}-catalog")
    card.get_by_role("button", name="Register").click()
    expect(card.get_by_text("In your cart")).to_be_visible()
    shot(page, f"{shot_prefix}-in-cart")
    checkout(page)


def upload_application(page, pdf, shot_prefix):
    """The orange "Upload Missing Files" -> External Files -> "Add new file" -> the window -> Submit."""
    page.get_by_role("link", name="Upload Missing Files").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("External Files")
    page.get_by_role("link", name="Add new file").click()
    dialog = page.get_by_role("dialog", name="Fill all information below and submit your file")
    expect(dialog).to_be_visible()
    expect(
        dialog.get_by_text("The following document types are accepted: PDF, Word, .jpg, .png")
    ).to_be_visible()
    dialog.get_by_label("Document Type").select_option(label=DOCUMENT)
    dialog.get_by_label("Description").fill("Signed application form")
    dialog.locator("input[type=file]").set_input_files(str(pdf))
    shot(page, f"{shot_prefix}-upload-dialog")
    dialog.get_by_role("button", name="Submit").click()
    expect(page.get_by_role("status")).to_contain_text("KDLA will review your file submission.")
    expect(page.get_by_role("row", name=pdf.name).first).to_contain_text("Awaiting review")
    shot(page, f"{shot_prefix}-files-submitted")


def review_first(page, learner, kind, shot_name):
    """Reviewer: "Review" in the panel -> the queue -> the learner's item."""
    panel(page, "Review")
    expect(page.get_by_role("heading", level=1)).to_have_text("Review queue")
    row = page.get_by_role("row").filter(has_text=learner.email).filter(has_text=kind)
    expect(row).to_have_count(1)
    # A long email address wraps: the "Review" button stays inside the table without scrolling sideways.
    wrap = page.locator(".table-wrap").last.bounding_box()
    button = row.get_by_role("link", name="Review").bounding_box()
    assert button["x"] + button["width"] <= wrap["x"] + wrap["width"], (button, wrap)
    shot(page, f"{shot_name}-queue")
    row.get_by_role("link", name="Review").click()
    # The learner's PDF shows inside the decision screen (a refused frame becomes Chromium's error page).
    preview = page.locator("iframe.file-preview")
    expect(preview).to_be_visible()
    frame = preview.element_handle().content_frame()
    frame.wait_for_load_state()
    assert not frame.url.startswith("chrome-error:"), frame.url
    shot(page, f"{shot_name}-decision")


def request_credit(page, credits, pdf, shot_name):
    panel(page, "Register for Course")
    page.get_by_role("link", name="Request new Credit").click()
    dialog = page.get_by_role("dialog", name="Fill all information below and submit for request your credits")
    expect(dialog).to_be_visible()
    today = rules.local_date(timezone.now())
    dialog.get_by_label("Activity Date").fill(mdy(today))
    dialog.get_by_label("Course").fill("Annual Summation")
    dialog.get_by_label("Description").fill("CE Activities")
    select = dialog.get_by_label("Credentials to count against")
    option = select.locator("option", has_text=RENEWAL_CREDITS)
    expect(option).to_have_count(1)
    select.select_option(label=option.inner_text())
    dialog.get_by_label("Requested Credits").fill(credits)
    dialog.locator("input[type=file]").set_input_files(str(pdf))
    shot(page, shot_name)
    dialog.get_by_role("button", name="Request Credit").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Dashboard")
    expect(page.get_by_text("Your credit request was sent to KDLA")).to_be_visible()


def approve_credit(page, approved, notes):
    page.get_by_label("Approved credits").fill(approved)
    page.get_by_label("Notes").fill(notes)
    page.get_by_role("button", name="Approve", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Review queue")


def test_the_whole_guide_as_one_learner_and_one_reviewer(seeded, browser, live_server, tmp_path):
    today = rules.local_date(timezone.now())
    learner = UserFactory(
        first_name="Lee",
        last_name="Learner",
        email="lee.learner.circulationdesk@boonecountypubliclibrary.example",
    )
    reviewer = ReviewerFactory(first_name="Riley", last_name="Reviewer")
    application_pdf = tmp_path / "signed-application.pdf"
    application_pdf.write_bytes(pdf_bytes())
    summation_pdf = tmp_path / "annual-summation.pdf"
    summation_pdf.write_bytes(pdf_bytes("Annual Summation: CE Activities"))
    contexts = []

    def new_page():
        context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(10_000)
        return page

    me, kdla = new_page(), new_page()
    try:
        # --- Log into the Portal; complete the 4 required courses (three by services, one in the browser).
        for title in BY_SERVICES:
            complete_with_services(learner, title)
        log_in(me, learner.email)
        shot(me, "01-dashboard-first")
        panel(me, "Register for Course")
        me.get_by_label("Search by title").fill("Readers")
        me.get_by_role("button", name="Show").click()
        card = me.get_by_role("listitem").filter(has=me.get_by_role("heading", name=BY_BROWSER))
        card.get_by_role("button", name="Register").click()
        checkout(me)
        me.get_by_role("region", name="My Courses").get_by_role("link", name=BY_BROWSER).click()
        shot(me, "02-course-page")
        me.get_by_role("link", name="Start:").click()
        course = CatalogItem.objects.get(title=BY_BROWSER)
        lessons = course.lessons.count()
        for number in range(1, lessons + 1):
            expect(me.get_by_text(f"Lesson {number} of {lessons}")).to_be_visible()
            if number == 1:
                shot(me, "03-lesson")
            me.get_by_role("button", name="Mark complete and continue").click()
        for question in course.quiz_questions.all():
            me.get_by_role("group", name=question.question).get_by_label(
                question.choices[question.answer], exact=True
            ).check()
        shot(me, "04-quiz")
        me.get_by_role("button", name="Submit answers").click()
        expect(me.get_by_text("You passed the quiz")).to_be_visible()
        shot(me, "05-quiz-passed")
        assert Enrollment.objects.filter(user=learner, completed_at__isnull=False).count() == 4

        # --- Initial Certification: register, then the CREDENTIALS box.
        panel(me, "Dashboard")
        register_for_program(me, "Part-time Certification- Initial Application", "06-initial")
        row = credential_row(me, "Initial Part Time Certification")
        expect(row).to_have_count(1)
        expect(row.get_by_role("cell").nth(0)).to_have_text(mdy(today))
        expect(row.get_by_role("cell").nth(1)).to_have_text(mdy(today + dt.timedelta(days=60)))
        expect(row.get_by_role("cell").nth(2)).to_have_text("–")  # no credits to earn on an application
        upload = row.get_by_role("link", name="Upload Missing Files")
        expect(upload).to_have_class("button orange")
        shot(me, "07-dashboard-initial-registered")
        upload_application(me, application_pdf, "08-initial")

        # --- KDLA reviews the file: approved -> COMPLETED / COMPLIANT, enrolled in renewal credits.
        log_in(kdla, reviewer.email)
        review_first(kdla, learner, "File submission", "09-initial")
        kdla.get_by_role("button", name="Approve", exact=True).click()
        expect(kdla.get_by_text("is COMPLETED / COMPLIANT")).to_be_visible()
        shot(kdla, "10-initial-approved")

        panel(me, "Dashboard")
        row = credential_row(me, "Initial Part Time Certification")
        expect(row).to_contain_text("COMPLETED")
        expect(row).to_contain_text("COMPLIANT")
        expect(row.get_by_role("link", name="Upload Missing Files")).to_have_count(0)
        renewal_row = credential_row(me, RENEWAL_CREDITS)
        expect(renewal_row).to_have_count(1)
        cells = renewal_row.get_by_role("cell")
        expect(cells.nth(0)).to_have_text(mdy(today))
        expect(cells.nth(1)).to_have_text(mdy(rules.add_years(today, 5)))
        expect(cells.nth(2)).to_have_text("15")
        expect(cells.nth(3)).to_have_text("0")
        expect(cells.nth(4)).to_have_text("ACTIVE")
        shot(me, "11-dashboard-renewal-credits")

        # --- Accumulating Contact: Request new Credit (10), KDLA approves 8 with "good".
        request_credit(me, "10", summation_pdf, "12-request-credit-dialog")
        box = me.get_by_role("region", name="Request Credits")
        first = box.get_by_role("row").filter(has_text="Annual Summation")
        expect(first).to_have_count(1)
        expect(first.get_by_role("cell").nth(1)).to_have_text(mdy(today))
        expect(first.get_by_role("cell").nth(2)).to_have_text("PENDING")
        expect(first.get_by_role("cell").nth(3)).to_have_text("10")
        shot(me, "13-dashboard-pending")

        review_first(kdla, learner, "Credit request", "14-credit")
        approve_credit(kdla, "8", "good")
        me.reload()
        first = (
            me.get_by_role("region", name="Request Credits")
            .get_by_role("row")
            .filter(has_text="Annual Summation")
        )
        cells = first.get_by_role("cell")
        expect(cells.nth(2)).to_have_text("PARTIALLY APPROVED")
        expect(cells.nth(3)).to_have_text("10")
        expect(cells.nth(4)).to_have_text("8")
        expect(cells.nth(5)).to_have_text("good")
        expect(credential_row(me, RENEWAL_CREDITS).get_by_role("cell").nth(3)).to_have_text("8")
        shot(me, "15-dashboard-partially-approved")

        # A second request of 7, approved in full: 15 of 15 -> COMPLETED / COMPLIANT.
        request_credit(me, "7", summation_pdf, "16-request-credit-again")
        review_first(kdla, learner, "Credit request", "17-credit")
        approve_credit(kdla, "7", "")
        me.reload()
        cells = credential_row(me, RENEWAL_CREDITS).get_by_role("cell")
        expect(cells.nth(3)).to_have_text("15")
        expect(cells.nth(4)).to_have_text("COMPLETED")
        expect(cells.nth(5)).to_have_text("COMPLIANT")
        statuses = me.get_by_role("region", name="Request Credits").get_by_role("row").all_inner_texts()
        assert any("APPROVED" in s and "PARTIALLY" not in s for s in statuses), statuses
        shot(me, "18-dashboard-credits-completed")

        # The transcript shows the approved credits.
        panel(me, "Transcript")
        expect(me.get_by_role("heading", level=1)).to_have_text("Transcript")
        credits_rows = me.get_by_role("row").filter(has_text="Annual Summation")
        expect(credits_rows).to_have_count(2)
        expect(me.get_by_text(mdy(today)).first).to_be_visible()
        shot(me, "19-transcript")

        # --- Renewal Certification Application: same way, "Part Time Certification" on the dashboard.
        panel(me, "Dashboard")
        register_for_program(me, "Part-time Certification- Renewal Application", "20-renewal")
        row = credential_row(me, "Part Time Certification")
        expect(row).to_have_count(1)
        expect(row.get_by_role("cell").nth(0)).to_have_text(mdy(today))
        expect(row.get_by_role("cell").nth(1)).to_have_text(mdy(today + dt.timedelta(days=60)))
        # On a 1280 px screen the orange button fits in the box without scrolling sideways.
        wrap = me.locator("#credentials .table-wrap")
        assert wrap.evaluate("e => e.scrollWidth <= e.clientWidth"), wrap.evaluate(
            "e => [e.scrollWidth, e.clientWidth]"
        )
        expect(row.get_by_role("link", name="Upload Missing Files")).to_be_in_viewport()
        shot(me, "21-dashboard-renewal-registered")
        upload_application(me, application_pdf, "22-renewal")

        review_first(kdla, learner, "File submission", "23-renewal")
        kdla.get_by_role("button", name="Approve", exact=True).click()
        expect(kdla.get_by_text("is COMPLETED / COMPLIANT")).to_be_visible()

        panel(me, "Dashboard")
        row = credential_row(me, "Part Time Certification")
        expect(row).to_contain_text("COMPLETED")
        expect(row).to_contain_text("COMPLIANT")
        cycles = credential_row(me, RENEWAL_CREDITS)
        expect(cycles).to_have_count(2)
        next_start = rules.add_years(today, 5) + dt.timedelta(days=1)
        expect(me.get_by_role("cell", name=mdy(next_start), exact=True)).to_be_visible()
        shot(me, "24-dashboard-second-cycle")
    finally:
        for context in contexts:
            context.close()

    # The data behind what the learner saw.
    applications = Credential.objects.filter(user=learner, program__kind="application")
    assert {(c.status, c.compliance) for c in applications} == {
        (CredentialStatus.COMPLETED, Compliance.COMPLIANT)
    }
    assert applications.count() == 2
    renewal_cycles = list(
        Credential.objects.filter(user=learner, program__code="part-time-renewal-credits").order_by(
            "cycle_start"
        )
    )
    assert [(c.cycle_start, c.status) for c in renewal_cycles] == [
        (today, CredentialStatus.COMPLETED),
        (next_start, CredentialStatus.ACTIVE),
    ]
    assert sorted(CreditRequest.objects.values_list("status", "approved_credits")) == [
        ("approved", Decimal("7")),
        ("partially_approved", Decimal("8")),
    ]
