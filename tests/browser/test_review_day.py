"""The reviewer's day in a real browser (issue 16): the decision buttons beside the preview (wide) or above it
(phone), the keyboard shortcuts, axe-core on the reviewer pages at both widths, and no console error or
Content-Security-Policy violation on the reviewer pages and the admin."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from credentials import rules
from credentials.models import Credential, ExternalFile
from credit_requests.models import CreditRequest
from tests.conftest import assert_no_axe_violations, log_in
from tests.credentials.applications import registered_application
from tests.credentials.certification_helpers import certified
from tests.factories import ReviewerFactory, UserFactory
from tests.reviews.test_views import _pending_credit_request, _pending_file

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = {"wide": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}


@pytest.fixture
def reviewer_page(browser, live_server):
    """`reviewer_page(width, user=None)`: a new page of that viewport with a reviewer (or `user`) logged in.

    Every console error and every CSP violation the page meets is collected in `page.problems`."""
    contexts = []

    def _open(width="wide", user=None):
        context = browser.new_context(base_url=live_server.url, viewport=WIDTHS[width])
        contexts.append(context)
        log_in(context, user or ReviewerFactory(), live_server.url)
        context.add_init_script(
            "document.addEventListener('securitypolicyviolation', function (e) {"
            " console.error('CSP violation: ' + e.violatedDirective + ' ' + e.blockedURI); });"
        )
        page = context.new_page()
        page.set_default_timeout(10_000)
        page.problems = []
        page.on("console", lambda message: message.type == "error" and page.problems.append(message.text))
        page.on("pageerror", lambda error: page.problems.append(str(error)))
        return page

    yield _open
    for context in contexts:
        context.close()


def _queue_items():
    """Two pending files and two pending credit requests, oldest first: file, request, file, request."""
    now = timezone.now()
    items = []
    for days in (4, 3, 2, 1):
        maker = _pending_file if days % 2 == 0 else _pending_credit_request
        at = {"uploaded_at" if days % 2 == 0 else "created_at": now - dt.timedelta(days=days)}
        items.append(maker(user=UserFactory(first_name=f"Learner{days}", last_name="Staff"), **at))
    return items


def _path(item):
    return f"/review/{'files' if isinstance(item, ExternalFile) else 'credits'}/{item.pk}/"


# --- Layout ----------------------------------------------------------------------------------------------


def test_on_a_wide_screen_the_decision_buttons_sit_beside_the_preview_in_view(seeded, reviewer_page):
    item = _pending_file()
    page = reviewer_page("wide")
    page.goto(_path(item))
    preview = page.locator("iframe.file-preview").bounding_box()
    button = page.get_by_role("button", name="Approve and next").bounding_box()
    assert button["x"] >= preview["x"] + preview["width"]  # to the right of the preview
    assert button["y"] + button["height"] <= 900  # visible without scrolling
    assert preview["height"] >= 600


@pytest.mark.parametrize("kind", ["file", "credit"])
def test_on_a_phone_the_decision_buttons_come_before_the_preview(seeded, reviewer_page, kind):
    item = _pending_file() if kind == "file" else _pending_credit_request()
    page = reviewer_page("phone")
    page.goto(_path(item))
    preview = page.locator("iframe.file-preview").bounding_box()
    button = page.get_by_role("button", name="Approve and next").bounding_box()
    assert button["y"] + button["height"] <= preview["y"]
    assert preview["height"] <= 0.71 * 844
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


# --- Keyboard shortcuts ----------------------------------------------------------------------------------


def test_alt_shift_a_outside_a_text_field_approves_and_opens_the_next_item(seeded, reviewer_page):
    items = _queue_items()
    files = [item for item in items if isinstance(item, ExternalFile)]
    page = reviewer_page("wide")
    page.goto("/review/?kind=file")
    page.get_by_role("link", name="Review file of Learner4 Staff").click()
    shortcuts = page.get_by_role("region", name="Keyboard shortcuts")
    expect(shortcuts).to_be_visible()
    expect(shortcuts.get_by_role("listitem").first).to_have_text("Alt+Shift+A Approve and next")
    page.get_by_role("heading", name="File", exact=True).click()  # focus on the page, not in a field
    page.keyboard.press("Alt+Shift+A")
    page.wait_for_url(f"**{_path(files[1])}?kind=file")
    expect(page.get_by_role("status")).to_contain_text("is COMPLETED / COMPLIANT")
    assert ExternalFile.objects.get(pk=files[0].pk).status == ExternalFile.Status.APPROVED
    assert page.problems == []


def test_shortcuts_do_nothing_while_typing_in_a_text_field(seeded, reviewer_page):
    item = _pending_file()
    page = reviewer_page("wide")
    page.goto(_path(item))
    note = page.get_by_label("Note (optional)")
    note.fill("Looks fine")
    note.press("Alt+Shift+A")
    page.keyboard.type(" so far")
    expect(note).to_have_value("Looks fine so far")
    assert page.url.endswith(_path(item))
    assert ExternalFile.objects.get(pk=item.pk).status == ExternalFile.Status.SUBMITTED


def test_alt_shift_m_moves_focus_to_the_return_message_and_q_goes_back_to_the_queue(seeded, reviewer_page):
    item = _pending_file()
    page = reviewer_page("wide")
    page.goto(f"{_path(item)}?sort=deadline")
    page.keyboard.press("Alt+Shift+M")
    expect(page.get_by_label("Message to the learner")).to_be_focused()
    page.keyboard.press("Tab")  # leave the text field: shortcuts work again
    page.keyboard.press("Alt+Shift+Q")
    page.wait_for_url("**/review/?sort=deadline")


def test_credit_screen_approve_and_next_by_shortcut(seeded, reviewer_page):
    now = timezone.now()
    first = _pending_credit_request(created_at=now - dt.timedelta(days=2))
    second = _pending_credit_request(created_at=now - dt.timedelta(days=1))
    page = reviewer_page("wide")
    page.goto(f"{_path(first)}?kind=credit")
    page.keyboard.press("Alt+Shift+A")
    page.wait_for_url(f"**{_path(second)}?kind=credit")
    assert CreditRequest.objects.get(pk=first.pk).status == CreditRequest.Status.APPROVED


# --- axe-core and the console, page by page --------------------------------------------------------------


def _reviewer_states():
    """The reviewer page states checked at both widths: (name, path maker)."""
    return [
        ("queue", lambda items: "/review/"),
        ("queue sorted by deadline, files only", lambda items: "/review/?kind=file&sort=deadline"),
        ("queue with nothing found", lambda items: "/review/?q=nobody-like-this"),
        ("file decision", lambda items: _path(items[0])),
        ("credit decision", lambda items: _path(items[1])),
        ("jobs", lambda items: "/review/jobs/"),
        ("find a person", lambda items: "/review/people/?q=Staff"),
        ("person with a certification", lambda items: f"/review/people/{_certified().pk}/"),
        ("certification", lambda items: f"/review/certifications/{_certified().certifications.get().pk}/"),
        ("reports", lambda items: "/review/reports/"),
        ("person with a pending request", lambda items: f"/review/people/{items[1].user_id}/"),
    ]


def _certified():
    """A learner certified 400 days ago (a certificate, history rows) with a pending credit request."""

    learner = certified(
        UserFactory(first_name="Cora", last_name="Certified"), at=timezone.now() - dt.timedelta(400)
    )
    return learner


def test_bulk_approval_confirmation_and_result_pass_axe(seeded, reviewer_page):
    _queue_items()
    for width in WIDTHS:
        page = reviewer_page(width)
        page.goto("/review/")
        page.get_by_label("Select the file of Learner4 Staff").check()
        page.get_by_label("Select the credit request of Learner3 Staff").check()
        page.get_by_role("button", name="Approve selected in full").click()
        expect(page.get_by_role("button", name="Approve 2 in full")).to_be_visible()
        assert_no_axe_violations(page)
        if width == "phone":
            page.get_by_role("button", name="Approve 2 in full").click()
            expect(page.get_by_text("Approved (2)")).to_be_visible()
            assert_no_axe_violations(page)
        assert page.problems == [], page.problems


@pytest.mark.parametrize("width", list(WIDTHS))
@pytest.mark.parametrize("state", [name for name, _ in _reviewer_states()])
def test_reviewer_pages_pass_axe_with_no_console_error(seeded, reviewer_page, state, width):
    items = _queue_items()
    today = rules.local_date(timezone.now())
    # One item due soon, so the near-deadline badge is on the page too.
    Credential.objects.filter(pk=items[0].credential_id).update(
        upload_deadline=rules.end_of_day(today + dt.timedelta(days=2))
    )
    path = dict(_reviewer_states())[state](items)
    page = reviewer_page(width)
    page.goto(path)
    page.wait_for_load_state("load")
    assert_no_axe_violations(page)
    assert page.problems == [], page.problems


def test_reviewer_form_errors_pass_axe(seeded, reviewer_page):
    item = _pending_file()
    page = reviewer_page("phone")
    page.goto(_path(item))
    page.get_by_label("Message to the learner").fill("   ")  # blank once trimmed: the server's own message
    page.get_by_role("button", name="Return and next").click()
    expect(page.get_by_text("Write a message to the learner saying what is needed.")).to_be_visible()
    assert_no_axe_violations(page)
    # The page itself answers 400 (the form was refused), which Chromium logs; nothing else may be logged.
    assert page.problems == [
        "Failed to load resource: the server responded with a status of 400 (Bad Request)"
    ]


def _focused(page):
    return page.evaluate("document.activeElement.outerHTML")


def test_a_refused_person_page_action_takes_focus_to_its_error(seeded, reviewer_page):
    # The person page is long: the error of "Extend an upload window" sat below the fold while focus was at the
    # top of the page, so a refused change looked like nothing had happened.
    application = registered_application()
    deadline = application.upload_deadline
    page = reviewer_page("wide")
    page.goto(f"/review/people/{application.user_id}/")
    too_far = rules.local_date(timezone.now()) + dt.timedelta(days=800)
    page.get_by_label("New upload deadline").fill(too_far.strftime("%m/%d/%Y"))
    page.get_by_label("Reason").fill("Phoned: needs the director's signature")
    page.get_by_role("button", name="Change deadline").click()
    page.wait_for_load_state("load")
    # Focus on the date it is about, which shows the error beside it and keeps what was typed.
    focused = _focused(page)[:300]
    assert 'id="id_extend-new_date"' in focused and 'aria-invalid="true"' in focused, focused
    assert page.locator("#id_extend-new_date_error").is_visible()
    expect(page.locator("#id_extend-new_date_error")).to_contain_text("at most 365 days ahead")
    assert page.get_by_label("New upload deadline").input_value() == too_far.strftime("%m/%d/%Y")
    assert Credential.objects.get(pk=application.pk).upload_deadline == deadline
    assert_no_axe_violations(page)


def test_a_partial_approval_without_notes_takes_focus_to_the_notes_field(seeded, reviewer_page):
    item = _pending_credit_request()
    page = reviewer_page("wide")
    page.goto(_path(item))
    page.get_by_label("Approved credits").fill("1")
    page.get_by_role("button", name="Approve", exact=True).click()
    page.wait_for_load_state("load")
    expect(page.get_by_label("Notes")).to_be_focused()
    expect(
        page.get_by_text("Notes are required unless all the requested credits are approved")
    ).to_be_visible()
    assert CreditRequest.objects.get(pk=item.pk).status == CreditRequest.Status.PENDING


def _admin_paths():
    """The admin's index and password change, and every registered model's list, add and first change page."""
    from django.contrib import admin
    from django.urls import reverse

    paths = [reverse("admin:index"), reverse("admin:password_change")]
    for model, model_admin in admin.site._registry.items():
        name = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        paths.append(reverse(f"{name}_changelist"))
        if model_admin.has_add_permission(_superuser_request()):
            paths.append(reverse(f"{name}_add"))
        first = model._default_manager.order_by("pk").first()
        if first is not None:
            paths.append(reverse(f"{name}_change", args=[first.pk]))
    return paths


def _superuser_request():
    from django.test import RequestFactory

    request = RequestFactory().get("/admin/")
    request.user = UserFactory.build(is_staff=True, is_superuser=True)
    return request


def test_admin_pages_have_no_console_error_or_csp_violation(seeded, reviewer_page):
    superuser = UserFactory(is_staff=True, is_superuser=True)
    _queue_items()
    page = reviewer_page("wide", user=superuser)
    failures = {}
    for path in _admin_paths():
        page.problems.clear()
        response = page.goto(path)
        page.wait_for_load_state("load")
        assert response.status == 200, path
        if page.problems:
            failures[path] = list(page.problems)
    assert failures == {}


def test_the_admins_own_inline_style_is_allowed_on_admin_pages_only(seeded, reviewer_page, monkeypatch):
    """Django's change list writes a <style> element when a model admin shows no actions."""
    from django.contrib import admin

    from credentials.models import Program

    monkeypatch.setattr(admin.site._registry[Program], "actions", None)
    monkeypatch.setattr(admin.site._registry[Program], "actions_on_top", False)
    page = reviewer_page("wide", user=UserFactory(is_staff=True, is_superuser=True))
    response = page.goto("/admin/credentials/program/")
    assert "<style>" in response.text()
    page.wait_for_load_state("load")
    assert page.problems == []
    # Elsewhere the portal's policy stays strict: an injected inline style is refused.
    page.goto("/review/")
    page.evaluate("document.body.insertAdjacentHTML('beforeend', '<p style=\"color: red\">x</p>')")
    page.wait_for_timeout(200)
    assert any("style-src" in problem for problem in page.problems)


def test_without_javascript_approve_and_next_works_and_no_shortcuts_are_promised(seeded, no_js_login_page):
    now = timezone.now()
    first = _pending_file(uploaded_at=now - dt.timedelta(days=2))
    second = _pending_file(uploaded_at=now - dt.timedelta(days=1))
    page = no_js_login_page(ReviewerFactory())
    page.goto(f"{_path(first)}?kind=file")
    expect(page.get_by_role("region", name="Keyboard shortcuts")).to_be_hidden()
    page.get_by_role("button", name="Approve and next").click()
    page.wait_for_url(f"**{_path(second)}?kind=file")
    assert ExternalFile.objects.get(pk=first.pk).status == ExternalFile.Status.APPROVED
