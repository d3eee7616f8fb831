"""The reviewer queue and the file decision screen."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from accounts.models import Library
from credentials import rules, services
from credentials.models import Credential, CredentialEvent, CredentialStatus, ExternalFile
from credit_requests.models import CreditRequest
from reviews.models import Decision
from tests.credentials.applications import (
    pdf_bytes,
    registered_application,
    uploaded_application_file,
)
from tests.factories import CredentialFactory, ReviewerFactory, UserFactory

pytestmark = pytest.mark.django_db


def _pending_file(*, user=None, uploaded_at=None):
    return uploaded_application_file(registered_application(user), now=uploaded_at)


def _pending_credit_request(*, user=None, created_at=None):
    credential = CredentialFactory(user=user or UserFactory())
    return CreditRequest.objects.create(
        user=credential.user,
        credential=credential,
        activity_date=credential.cycle_start,
        course="Annual Summation",
        description="CE Activities",
        requested_credits=Decimal("3"),
        file=SimpleUploadedFile("evidence.pdf", pdf_bytes()),
        original_name="evidence.pdf",
        content_type="application/pdf",
        size=100,
        created_at=created_at or timezone.now(),
    )


def _pending_pairs(count):
    """`count` pending file submissions and as many pending credit requests, one of each at a time."""
    for _ in range(count):
        _pending_file()
        _pending_credit_request()


# --- Permissions ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("url", ["/review/", "/review/files/1/"])
def test_learners_are_forbidden_and_visitors_sent_to_login(client, seeded, url):
    assert client.get(url).status_code == 302
    client.force_login(UserFactory())
    assert client.get(url).status_code == 403


# --- Queue ------------------------------------------------------------------------------------------------


def test_queue_lists_pending_files_and_credit_requests_oldest_first_with_age(client, seeded):
    now = timezone.now()
    newer_file = _pending_file(user=UserFactory(first_name="Nina", last_name="Newer"), uploaded_at=now)
    old_request = _pending_credit_request(
        user=UserFactory(first_name="Olga", last_name="Older"), created_at=now - dt.timedelta(days=3)
    )
    decided = _pending_file(user=UserFactory(first_name="Dan", last_name="Decided"))
    services.external_file_return(external_file=decided, reviewer=ReviewerFactory(), message="x", now=now)
    client.force_login(ReviewerFactory())
    html = client.get("/review/").content.decode()
    assert "Pending (2)" in html
    assert html.index("Olga Older") < html.index("Nina Newer")
    assert "Dan Decided" not in html
    assert "3 days" in html
    assert f'href="/review/files/{newer_file.pk}/"' in html
    assert f'href="/review/credits/{old_request.pk}/"' in html
    assert newer_file.owner.library.name in html
    assert "Initial Part Time Certification" in html
    assert "Part-time Certification - Renewal credits" in html
    assert (now - dt.timedelta(days=3)).astimezone(rules.EASTERN).strftime("%m/%d/%Y") in html


def test_queue_filters_by_kind_program_and_search(client, seeded):
    library = Library.objects.create(name="Zebulon County Public Library")
    file_item = _pending_file(user=UserFactory(first_name="Fay", last_name="Filer", library=library))
    request_item = _pending_credit_request(user=UserFactory(first_name="Cal", last_name="Credit"))
    client.force_login(ReviewerFactory())

    html = client.get("/review/?kind=file").content.decode()
    assert "Fay Filer" in html and "Cal Credit" not in html
    html = client.get("/review/?kind=credit").content.decode()
    assert "Cal Credit" in html and "Fay Filer" not in html
    program_id = request_item.credential.program_id
    html = client.get(f"/review/?program={program_id}").content.decode()
    assert "Cal Credit" in html and "Fay Filer" not in html
    for query in ("fay", "FILER", file_item.owner.email, "zebulon"):
        html = client.get("/review/", {"q": query}).content.decode()
        assert "Fay Filer" in html and "Cal Credit" not in html, query
    html = client.get("/review/", {"q": "nobody-like-this"}).content.decode()
    assert "Nothing is waiting for review with these filters." in html


def test_queue_is_paginated_with_a_fixed_number_of_queries(client, seeded, django_assert_max_num_queries):
    reviewer = ReviewerFactory()
    client.force_login(reviewer)
    _pending_pairs(3)
    with django_assert_max_num_queries(8) as small:
        client.get("/review/")
    _pending_pairs(14)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get("/review/")
    html = response.content.decode()
    assert "Pending (34)" in html
    assert "Next page" in html and "Previous page" not in html
    assert html.count("Review<span") == 25
    next_url = re.search(r'href="(\?after=[^"]+)" rel="next"', html).group(1)
    with django_assert_max_num_queries(len(small.captured_queries)):
        html = client.get("/review/" + next_url.replace("&amp;", "&")).content.decode()
    assert html.count("Review<span") == 9
    assert "Next page" not in html and "Previous page" in html
    previous_url = re.search(r'href="(\?before=[^"]+)" rel="prev"', html).group(1)
    html = client.get("/review/" + previous_url.replace("&amp;", "&")).content.decode()
    assert html.count("Review<span") == 25
    assert "Next page" in html and "Previous page" not in html


def test_queue_pages_follow_each_other_without_gaps_or_repeats_when_times_tie(client, seeded):
    at = timezone.now() - dt.timedelta(days=1)
    items = [_pending_file(uploaded_at=at) for _ in range(14)]
    items += [_pending_credit_request(created_at=at) for _ in range(14)]
    client.force_login(ReviewerFactory())
    seen, url = [], "/review/?kind="
    while url:
        html = client.get(url).content.decode()
        seen += re.findall(r'href="(/review/(?:files|credits)/\d+/)"', html)
        match = re.search(r'href="(\?[^"]*after=[^"]+)" rel="next"', html)
        url = "/review/" + match.group(1).replace("&amp;", "&") if match else None
    expected = [f"/review/credits/{item.pk}/" for item in items if isinstance(item, CreditRequest)]
    expected += [f"/review/files/{item.pk}/" for item in items if isinstance(item, ExternalFile)]
    assert seen == expected  # oldest first; at equal times credit requests before files, then by id


def _queue_page(client, url):
    """(the items listed, the Previous page URL, the Next page URL) of one queue page."""
    html = client.get(url).content.decode()
    links = {}
    for rel in ("prev", "next"):
        match = re.search(rf'href="(\?[^"]+)" rel="{rel}"', html)
        links[rel] = "/review/" + match.group(1).replace("&amp;", "&") if match else None
    return re.findall(r'href="(/review/(?:files|credits)/\d+/)"', html), links["prev"], links["next"]


def test_previous_links_walk_back_over_the_same_pages_when_times_tie(client, seeded, monkeypatch):
    from reviews import views

    monkeypatch.setattr(views, "PAGE_SIZE", 5)
    at = timezone.now() - dt.timedelta(days=1)
    # The newest item is made first and the oldest last: the time, not the id, puts them before or after a key.
    newest = _pending_file(uploaded_at=at + dt.timedelta(hours=1))
    tied_requests = [_pending_credit_request(created_at=at) for _ in range(7)]
    tied_files = [_pending_file(uploaded_at=at) for _ in range(7)]
    oldest_request = _pending_credit_request(created_at=at - dt.timedelta(hours=2))
    oldest_file = _pending_file(uploaded_at=at - dt.timedelta(hours=1))
    expected = [f"/review/credits/{oldest_request.pk}/", f"/review/files/{oldest_file.pk}/"]
    expected += [f"/review/credits/{item.pk}/" for item in tied_requests]
    expected += [f"/review/files/{item.pk}/" for item in tied_files]
    expected += [f"/review/files/{newest.pk}/"]
    client.force_login(ReviewerFactory())

    forward, url = [], "/review/"
    while url:
        items, previous_url, url = _queue_page(client, url)
        forward.append(items)
    # Page breaks fall inside the tied credit requests and (twice) inside the tied files.
    assert [len(items) for items in forward] == [5, 5, 5, 2]
    assert sum(forward, []) == expected

    backward, url = [], previous_url
    while url:
        items, url, _ = _queue_page(client, url)
        backward.insert(0, items)
    assert backward == forward[:3]


def test_the_last_page_when_exactly_full_has_no_next_link(client, seeded, monkeypatch):
    from reviews import views

    monkeypatch.setattr(views, "PAGE_SIZE", 5)
    _pending_pairs(5)
    client.force_login(ReviewerFactory())
    first, previous_url, next_url = _queue_page(client, "/review/")
    assert len(first) == 5 and previous_url is None and next_url
    last, previous_url, next_url = _queue_page(client, next_url)
    assert len(last) == 5 and not set(last) & set(first)
    assert previous_url and next_url is None


@pytest.mark.parametrize(
    "cursor",
    [
        "after=garbage",
        "after=1-file-",
        "before=99999999999999999-file-1",
        "after=-1-file-2",
        "before=x" * 30,
        "after=1-file-2%00",
        "after=1%D9%A1-file-2%0A",  # an Arabic-Indic digit and a newline
        # Well-formed but past every item: made up, or the last page's items were decided since.
        "after=99999999999999999-credit-999999999999999999",
    ],
)
def test_a_tampered_page_cursor_shows_the_first_page(client, seeded, cursor):
    first = _pending_file(uploaded_at=timezone.now() - dt.timedelta(days=2))
    client.force_login(ReviewerFactory())
    response = client.get(f"/review/?{cursor}")
    assert response.status_code == 200
    assert f'href="/review/files/{first.pk}/"' in response.content.decode()


def test_queue_total_is_capped_instead_of_counting_everything(client, seeded, monkeypatch):
    from reviews import selectors

    monkeypatch.setattr(selectors, "COUNT_CAP", 3)
    _pending_pairs(3)
    client.force_login(ReviewerFactory())
    assert "Pending (3+)" in client.get("/review/").content.decode()
    assert "Pending (3)" in client.get("/review/?kind=file").content.decode()


# --- Decision screen -----------------------------------------------------------------------------------


def test_decision_screen_shows_learner_credential_file_and_history(client, seeded):
    external_file = _pending_file(user=UserFactory(first_name="Pat", last_name="Learner", job_title="Clerk"))
    client.force_login(ReviewerFactory())
    html = client.get(reverse("reviews:file", args=[external_file.pk])).content.decode()
    credential = external_file.credential
    assert "Pat Learner" in html
    assert external_file.owner.email in html
    assert external_file.owner.library.name in html
    assert "Clerk" in html
    assert "Initial Part Time Certification" in html
    assert rules.local_date(credential.upload_deadline).strftime("%m/%d/%Y") in html
    assert "30 days left" in html
    assert f'<iframe class="file-preview" src="/credentials/files/{external_file.pk}/view/"' in html
    assert f'href="/credentials/files/{external_file.pk}/download/"' in html
    assert ">Approve</button>" in html
    assert ">Return for more information</button>" in html
    assert "Registered" in html and "File uploaded" in html


def test_approve_from_the_decision_screen(client, seeded):
    external_file = _pending_file()
    client.force_login(ReviewerFactory())
    response = client.post(
        reverse("reviews:file", args=[external_file.pk]), {"action": "approve", "note": ""}
    )
    assert response.status_code == 302
    assert response["Location"] == "/review/"
    credential = Credential.objects.get(pk=external_file.credential_id)
    assert credential.status == CredentialStatus.COMPLETED
    assert Decision.objects.get().outcome == "approved"
    assert "is COMPLETED / COMPLIANT" in client.get("/review/").content.decode()


def test_return_needs_a_message_next_to_the_field(client, seeded):
    external_file = _pending_file()
    client.force_login(ReviewerFactory())
    response = client.post(
        reverse("reviews:file", args=[external_file.pk]), {"action": "return", "message": ""}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="id_message_error"' in html
    assert "Write a message to the learner saying what is needed." in html
    external_file.refresh_from_db()
    assert external_file.status == ExternalFile.Status.SUBMITTED


def test_second_reviewer_sees_who_decided_first(client, seeded):
    external_file = _pending_file()
    first = ReviewerFactory(first_name="Ada", last_name="First")
    client.force_login(first)
    client.post(reverse("reviews:file", args=[external_file.pk]), {"action": "return", "message": "Sign it."})
    client.force_login(ReviewerFactory())
    response = client.post(
        reverse("reviews:file", args=[external_file.pk]), {"action": "approve"}, follow=True
    )
    html = response.content.decode()
    assert "This file was already returned for more information by Ada First on" in html
    assert ">Approve</button>" not in html
    assert Decision.objects.count() == 1


def test_reviewer_extends_the_deadline_and_it_shows_in_the_history(client, seeded):
    external_file = _pending_file()
    reviewer = ReviewerFactory(first_name="Rae", last_name="Viewer")
    client.force_login(reviewer)
    new_date = rules.local_date(timezone.now()) + dt.timedelta(days=45)
    response = client.post(
        reverse("reviews:file", args=[external_file.pk]),
        {
            "action": "extend",
            "new_date": new_date.strftime("%m/%d/%Y"),
            "reason": "Library closed for repairs",
        },
        follow=True,
    )
    html = response.content.decode()
    assert "The upload deadline was changed." in html
    assert "Upload deadline changed" in html
    assert "Library closed for repairs" in html
    assert "Rae Viewer" in html
    event = CredentialEvent.objects.get(kind="deadline")
    assert event.to_value == new_date.strftime("%m/%d/%Y")


def test_extension_in_the_past_is_refused_with_a_message(client, seeded):
    external_file = _pending_file()
    client.force_login(ReviewerFactory())
    past = rules.local_date(timezone.now()) - dt.timedelta(days=1)
    response = client.post(
        reverse("reviews:file", args=[external_file.pk]),
        {"action": "extend", "new_date": past.strftime("%m/%d/%Y"), "reason": "oops"},
    )
    assert response.status_code == 400
    html = response.content.decode()
    # Next to the date field (not a message at the top of a new page), with the typed date kept.
    error_list = html[html.index('id="id_new_date_error"') :]
    assert "The new deadline cannot be in the past." in error_list[: error_list.index("</ul>")]
    assert f'value="{past.strftime("%m/%d/%Y")}"' in html
    assert not CredentialEvent.objects.filter(kind="deadline").exists()


def test_unknown_file_is_a_404(client, seeded):
    client.force_login(ReviewerFactory())
    assert client.get(reverse("reviews:file", args=[999999])).status_code == 404
