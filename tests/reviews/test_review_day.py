"""The reviewer's day (issue 16): decide and go on to the next item with the queue's filters kept, sort by age or
deadline, the page count, the requested hours and the near-deadline marks."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from credentials import rules
from credentials.models import Credential, ExternalFile
from credit_requests.models import CreditRequest
from tests.factories import ReviewerFactory, UserFactory
from tests.reviews.test_views import _pending_credit_request, _pending_file, _pending_pairs

pytestmark = pytest.mark.django_db


def _with_deadline(item, day):
    """Give a pending file's application (upload deadline) or a credit request's cycle (end) the date `day`."""
    if isinstance(item, ExternalFile):
        Credential.objects.filter(pk=item.credential_id).update(upload_deadline=rules.end_of_day(day))
    else:
        Credential.objects.filter(pk=item.credential_id).update(
            cycle_start=day - dt.timedelta(days=365), cycle_end=day
        )
    return item


def _queue_page(client, url):
    """(the items listed, without their query string; the Previous page URL; the Next page URL) of a queue page."""
    html = client.get(url).content.decode()
    links = {}
    for rel in ("prev", "next"):
        match = re.search(rf'href="(\?[^"]+)" rel="{rel}"', html)
        links[rel] = "/review/" + match.group(1).replace("&amp;", "&") if match else None
    return re.findall(r'href="(/review/(?:files|credits)/\d+/)[?"]', html), links["prev"], links["next"]


def _url(item):
    kind = "files" if isinstance(item, ExternalFile) else "credits"
    return f"/review/{kind}/{item.pk}/"


# --- Decide and next ------------------------------------------------------------------------------------


def test_approve_and_return_and_next_walk_three_files_in_order_keeping_the_filter(client, seeded):
    now = timezone.now()
    files = [_pending_file(uploaded_at=now - dt.timedelta(days=days)) for days in (3, 2, 1)]
    # Credit requests in between are left out by the kind filter.
    _pending_credit_request(created_at=now - dt.timedelta(days=2, hours=12))
    _pending_credit_request(created_at=now - dt.timedelta(hours=12))
    client.force_login(ReviewerFactory())
    html = client.get("/review/?kind=file").content.decode()
    assert f'href="{_url(files[0])}?kind=file"' in html

    response = client.post(f"{_url(files[0])}?kind=file", {"action": "approve", "note": "", "next": "1"})
    assert response["Location"] == f"{_url(files[1])}?kind=file"
    html = client.get(response["Location"]).content.decode()
    assert "is COMPLETED / COMPLIANT" in html
    assert 'href="/review/?kind=file"' in html  # Back to the queue keeps the filter

    response = client.post(
        f"{_url(files[1])}?kind=file", {"action": "return", "message": "Please sign page 2.", "next": "1"}
    )
    assert response["Location"] == f"{_url(files[2])}?kind=file"

    response = client.post(f"{_url(files[2])}?kind=file", {"action": "approve", "next": "1"})
    assert response["Location"] == "/review/?kind=file"
    html = client.get(response["Location"]).content.decode()
    assert "Nothing else is waiting for review with these filters." in html
    statuses = [ExternalFile.objects.get(pk=item.pk).status for item in files]
    assert statuses == ["approved", "returned", "approved"]
    assert CreditRequest.objects.filter(status="pending").count() == 2


def test_approve_without_next_goes_back_to_the_queue_with_its_filters(client, seeded):
    item = _pending_file()
    client.force_login(ReviewerFactory())
    response = client.post(f"{_url(item)}?kind=file&sort=deadline&q=a", {"action": "approve"})
    assert response["Location"] == "/review/?kind=file&q=a&sort=deadline"


def test_decide_and_next_follows_the_deadline_order_across_kinds(client, seeded):
    today = rules.local_date(timezone.now())
    late_file = _with_deadline(_pending_file(), today + dt.timedelta(days=20))
    soon_request = _with_deadline(_pending_credit_request(), today + dt.timedelta(days=3))
    middle_file = _with_deadline(_pending_file(), today + dt.timedelta(days=10))
    client.force_login(ReviewerFactory())
    response = client.post(
        f"{_url(soon_request)}?sort=deadline",
        {"action": "approve_next", "approved_credits": "3", "notes": ""},
    )
    assert response["Location"] == f"{_url(middle_file)}?sort=deadline"
    response = client.post(f"{_url(middle_file)}?sort=deadline", {"action": "approve", "next": "1"})
    assert response["Location"] == f"{_url(late_file)}?sort=deadline"


def test_deny_and_next_records_zero_and_moves_on(client, seeded):
    now = timezone.now()
    first = _pending_credit_request(created_at=now - dt.timedelta(days=2))
    second = _pending_credit_request(created_at=now - dt.timedelta(days=1))
    client.force_login(ReviewerFactory())
    response = client.post(
        f"{_url(first)}?kind=credit",
        {"action": "deny_next", "approved_credits": "3", "notes": "No evidence."},
    )
    assert response["Location"] == f"{_url(second)}?kind=credit"
    first.refresh_from_db()
    assert first.status == CreditRequest.Status.DENIED and first.approved_credits == 0


def test_a_refused_decision_stays_on_the_item_with_the_filters(client, seeded):
    item = _pending_file()
    client.force_login(ReviewerFactory())
    response = client.post(f"{_url(item)}?kind=file", {"action": "return", "message": "", "next": "1"})
    assert response.status_code == 400
    assert 'id="id_message_error"' in response.content.decode()


@pytest.mark.parametrize(
    "params", ["kind=nonsense&sort=random&program=1x", "sort=%00", "program=99999999999999"]
)
def test_unknown_filters_in_the_query_string_are_ignored(client, seeded, params):
    item = _pending_file()
    client.force_login(ReviewerFactory())
    assert client.get(f"/review/?{params}").status_code == 200
    response = client.post(f"{_url(item)}?{params}", {"action": "approve"})
    assert response["Location"] == "/review/"


# --- Sort by deadline -------------------------------------------------------------------------------------


def test_queue_sorts_by_deadline_across_kinds_and_by_age_by_default(client, seeded):
    today = rules.local_date(timezone.now())
    now = timezone.now()
    oldest_late = _with_deadline(
        _pending_file(uploaded_at=now - dt.timedelta(days=5)), today + dt.timedelta(days=25)
    )
    request_soonest = _with_deadline(
        _pending_credit_request(created_at=now - dt.timedelta(days=4)), today + dt.timedelta(days=2)
    )
    file_middle = _with_deadline(
        _pending_file(uploaded_at=now - dt.timedelta(days=3)), today + dt.timedelta(days=9)
    )
    # Same day as file_middle: at one deadline date a credit request sorts first (kind "credit" < "file").
    request_middle = _with_deadline(
        _pending_credit_request(created_at=now - dt.timedelta(days=2)), today + dt.timedelta(days=9)
    )
    client.force_login(ReviewerFactory())
    by_age, _, _ = _queue_page(client, "/review/")
    assert by_age == [_url(oldest_late), _url(request_soonest), _url(file_middle), _url(request_middle)]
    by_deadline, _, _ = _queue_page(client, "/review/?sort=deadline")
    assert by_deadline == [
        _url(request_soonest),
        _url(request_middle),
        _url(file_middle),
        _url(oldest_late),
    ]
    html = client.get("/review/?sort=deadline").content.decode()
    assert '<option value="deadline" selected>Closest deadline first</option>' in html


def test_deadline_pages_follow_each_other_without_gaps_or_repeats(client, seeded, monkeypatch):
    from reviews import views

    monkeypatch.setattr(views, "PAGE_SIZE", 4)
    today = rules.local_date(timezone.now())
    items = []
    for offset in (12, 3, 3, 7, 3, 20, 7, 12, 1):
        items.append(_with_deadline(_pending_file(), today + dt.timedelta(days=offset)))
        items.append(_with_deadline(_pending_credit_request(), today + dt.timedelta(days=offset)))
    client.force_login(ReviewerFactory())

    def key(item):
        deadline = Credential.objects.get(pk=item.credential_id)
        day = (
            deadline.cycle_end
            if isinstance(item, CreditRequest)
            else rules.local_date(deadline.upload_deadline)
        )
        return (day, "credit" if isinstance(item, CreditRequest) else "file", item.pk)

    expected = [_url(item) for item in sorted(items, key=key)]
    forward, url = [], "/review/?sort=deadline"
    while url:
        urls, previous_url, url = _queue_page(client, url)
        forward.append(urls)
    assert [len(page) for page in forward] == [4, 4, 4, 4, 2]
    assert sum(forward, []) == expected
    backward, url = [], previous_url
    while url:
        urls, url, _ = _queue_page(client, url)
        backward.insert(0, urls)
    assert backward == forward[:4]


def test_deadline_order_keeps_a_fixed_number_of_queries(client, seeded, django_assert_max_num_queries):
    client.force_login(ReviewerFactory())
    _pending_pairs(3)
    with django_assert_max_num_queries(8) as small:
        client.get("/review/?sort=deadline")
    _pending_pairs(14)
    with django_assert_max_num_queries(len(small.captured_queries)):
        html = client.get("/review/?sort=deadline").content.decode()
    next_url = re.search(r'href="(\?[^"]*after=[^"]+)" rel="next"', html).group(1).replace("&amp;", "&")
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get("/review/" + next_url)


def test_the_queue_counts_its_total_in_one_query(client, seeded, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    _pending_pairs(2)
    client.force_login(ReviewerFactory())
    with CaptureQueriesContext(connection) as captured:
        client.get("/review/")
    counts = [query["sql"] for query in captured.captured_queries if "COUNT(" in query["sql"].upper()]
    assert len(counts) == 1
    assert "credentials_externalfile" in counts[0] and "credit_requests_creditrequest" in counts[0]


# --- Page count, hours, near-deadline marks ---------------------------------------------------------------


def test_queue_says_which_page_of_how_many(client, seeded, monkeypatch):
    from reviews import views

    monkeypatch.setattr(views, "PAGE_SIZE", 4)
    _pending_pairs(5)  # 10 items: pages of 4, 4, 2
    client.force_login(ReviewerFactory())
    html = client.get("/review/?kind=").content.decode()
    assert "Page 1 of 3" in html
    _, _, second = _queue_page(client, "/review/")
    html = client.get(second).content.decode()
    assert "Page 2 of 3" in html
    _, back, third = _queue_page(client, second)
    assert "Page 3 of 3" in client.get(third).content.decode()
    _, back_from_third, _ = _queue_page(client, third)
    assert "Page 2 of 3" in client.get(back_from_third).content.decode()
    assert "Page 1 of 3" in client.get(back).content.decode()
    html = client.get("/review/?kind=file").content.decode()
    assert "Page 1 of 2" in html


def test_queue_shows_requested_hours_and_marks_items_close_to_their_deadline(client, seeded):
    today = rules.local_date(timezone.now())
    _with_deadline(
        _pending_credit_request(user=UserFactory(first_name="Sue", last_name="Soon")),
        today + dt.timedelta(days=7),
    )
    _with_deadline(
        _pending_file(user=UserFactory(first_name="Lou", last_name="Later")), today + dt.timedelta(days=8)
    )
    _with_deadline(_pending_file(user=UserFactory(first_name="Tia", last_name="Today")), today)
    _with_deadline(
        _pending_file(user=UserFactory(first_name="Pam", last_name="Passed")), today - dt.timedelta(days=1)
    )
    client.force_login(ReviewerFactory())
    html = client.get("/review/").content.decode()
    assert '<th scope="col" class="numeric">Requested hours</th>' in html
    rows = re.findall(r"<tr>(.*?)</tr>", html, re.S)
    by_learner = {
        learner: row
        for row in rows
        for learner in ("Sue Soon", "Lou Later", "Tia Today", "Pam Passed")
        if learner in row
    }
    assert '<td class="numeric card-half" data-label="Requested hours">3</td>' in by_learner["Sue Soon"]
    assert '<span class="badge due-soon">Due in 7 days</span>' in by_learner["Sue Soon"]
    assert (today + dt.timedelta(days=7)).strftime("%m/%d/%Y") in by_learner["Sue Soon"]
    assert "due-soon" not in by_learner["Lou Later"]
    assert '<span class="badge due-soon">Due today</span>' in by_learner["Tia Today"]
    assert '<span class="badge due-soon">Deadline passed</span>' in by_learner["Pam Passed"]


# --- Decision screens -------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["file", "credit"])
def test_decision_screens_list_their_keyboard_shortcuts(client, seeded, kind):
    item = _pending_file() if kind == "file" else _pending_credit_request()
    client.force_login(ReviewerFactory())
    html = client.get(reverse(f"reviews:{kind}", args=[item.pk])).content.decode()
    assert "Keyboard shortcuts" in html
    assert "<kbd>Alt</kbd>+<kbd>Shift</kbd>+<kbd>A</kbd>" in html
    assert 'data-shortcut-target="approve-next"' in html and 'id="approve-next"' in html
    assert "js/review_shortcuts.js" in html
