"""Every page state the accessibility audit covers, as data: who looks, at what, after doing what.

`tests/browser/test_page_states.py` runs axe-core on each state at 1280 and 390 pixels wide (and saves a
screenshot of each when $SCREENSHOT_DIR is set). To add a state, append a `PageState` to `STATES`:

    PageState("reviewer-queue", "reviewer", "/review/")
    PageState("my-page-with-errors", "renewing", "/my/page/", prepare=submit_empty("Save"))

`who` names a person of `people()` ("new", "renewing", "returned", "reviewer", or None for a signed-out visitor);
`path` is a URL or a function of the people returning one; `prepare(page)` runs after the page loaded
(open a dialog, submit a form with mistakes, ...). Other issues add their states (reviewer screens, person
view, reports) to the same list.
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from types import SimpleNamespace

from django.utils import timezone

from courses import services as course_services
from courses.models import CatalogItem, Enrollment
from credentials import rules
from credit_requests.services import credit_request_decide
from tests.credentials.applications import registered_application, returned_application
from tests.credit_requests.helpers import submit
from tests.factories import CredentialFactory, ReviewerFactory, UserFactory


@dataclass(frozen=True)
class PageState:
    name: str
    who: str | None
    path: str | Callable
    prepare: Callable | None = None

    def url(self, people):
        return self.path(people) if callable(self.path) else self.path


def people():
    """The cast (use with the `seeded` fixture): a new staff member half-way through the guide, a renewing
    one with credit requests in each state and a returned file, and a reviewer."""
    now = timezone.now()
    reviewer = ReviewerFactory(first_name="Robin", last_name="Reyes")

    new = UserFactory(first_name="Nia", last_name="Newcomer")
    application = registered_application(new, now=now)
    course = CatalogItem.objects.get(title="Customer Service Basics")
    Enrollment.objects.filter(user=new, course=course).delete()
    enrollment = Enrollment.objects.create(user=new, course=course, registered_at=now)
    first_lesson = course.lessons.order_by("order").first()
    course_services.lesson_complete(enrollment=enrollment, lesson=first_lesson, now=now)

    renewing = UserFactory(first_name="Rae", last_name="Renewing-Longername")
    today = rules.local_date(now)
    credential = CredentialFactory(user=renewing, cycle_start=today - dt.timedelta(days=400))
    pending = submit(credential=credential, now=now, credits="5", activity_date=today - dt.timedelta(days=20))
    decided = submit(
        credential=credential, now=now, credits="10", activity_date=today - dt.timedelta(days=30)
    )
    credit_request_decide(
        credit_request=decided,
        reviewer=reviewer,
        approved_credits="7.5",
        notes="Only 7.5 hours documented.",
        now=now,
    )

    returned = UserFactory(first_name="Remy", last_name="Returned")
    returned_application(
        returned,
        reviewer=reviewer,
        message="The form is not signed: please sign page 2 and upload it again.",
        now=now,
    )
    return SimpleNamespace(
        new=new,
        renewing=renewing,
        reviewer=reviewer,
        application=application,
        course=course,
        lesson=first_lesson,
        credential=credential,
        pending=pending,
        decided=decided,
        returned=returned,
    )


def open_dialog(link_name):
    def prepare(page):
        page.get_by_role("link", name=link_name).click()
        page.get_by_role("dialog").wait_for()

    return prepare


def click(button_name):
    def prepare(page):
        page.get_by_role("button", name=button_name, exact=True).first.click()
        page.wait_for_load_state()

    return prepare


STATES = [
    PageState("login", None, "/accounts/login/"),
    PageState("signup", None, "/accounts/signup/"),
    PageState("password-reset", None, "/accounts/password/reset/"),
    PageState("accessibility", None, "/accessibility/"),
    PageState("privacy", "new", "/privacy/"),
    PageState("dashboard-new", "new", "/"),
    PageState("dashboard-renewing", "renewing", "/"),
    PageState("dashboard-returned-file", "returned", "/"),
    PageState("catalog", "new", "/catalog/"),
    PageState("catalog-kdla-certifications", "new", "/catalog/?category=kdla-certifications"),
    PageState("catalog-request-credit-dialog", "renewing", "/catalog/", open_dialog("Request new Credit")),
    PageState("request-credit-errors", "renewing", "/credits/new/", click("Request Credit")),
    PageState("request-credit-no-credential", "new", "/credits/new/"),
    PageState("item", "new", "/catalog/items/part-time-initial-application/"),
    PageState("course", "new", lambda p: p.course.get_absolute_url()),
    PageState("lesson", "new", lambda p: p.lesson.get_absolute_url()),
    PageState("quiz", "new", lambda p: f"/catalog/courses/{p.course.slug}/quiz/"),
    PageState(
        "quiz-errors", "new", lambda p: f"/catalog/courses/{p.course.slug}/quiz/", click("Submit answers")
    ),
    PageState("cart", "new", "/catalog/cart/"),
    PageState("external-files", "new", lambda p: f"/credentials/files/?credential={p.application.pk}"),
    PageState(
        "external-files-upload-dialog",
        "new",
        lambda p: f"/credentials/files/?credential={p.application.pk}",
        open_dialog("Add new file"),
    ),
    PageState("upload-errors", "new", "/credentials/files/add/", click("Submit")),
    PageState("transcript", "renewing", "/credentials/transcript/"),
    PageState("profile", "renewing", "/accounts/profile/"),
]
