import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from credentials.models import CredentialStatus, CreditEntry
from credentials.services import credential_earned
from credit_requests.models import CreditRequest
from credit_requests.services import CreditRequestError, credit_request_submit
from reviews.models import Decision
from reviews.services import credit_request_decide
from tests.conftest import eastern
from tests.credit_requests.helpers import submit
from tests.factories import CredentialFactory, ReviewerFactory, UserFactory, program

NOW = eastern(2025, 6, 15)


@pytest.fixture
def credential(seeded):
    return CredentialFactory(
        cycle_start=dt.date(2023, 2, 6), cycle_end=dt.date(2028, 2, 6), registered_at=NOW
    )


@pytest.fixture
def reviewer(seeded):
    return ReviewerFactory()


def stored_files(root):
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def refused(field, _private_storage, **kwargs):
    """Submit with `kwargs`, expect a message on `field`, and nothing saved (no row, no file)."""
    with pytest.raises(ValidationError) as info:
        submit(now=NOW, **kwargs)
    assert field in info.value.message_dict, info.value.message_dict
    assert CreditRequest.objects.count() == 0
    assert stored_files(_private_storage) == []
    return info.value.message_dict[field][0]


# --- Submitting --------------------------------------------------------------------------------------------


def test_valid_request_is_stored_pending_with_a_generated_file_name(credential, _private_storage):
    request = submit(credential=credential, now=NOW, activity_date=dt.date(2025, 3, 1), credits="2.75")
    request.refresh_from_db()
    assert request.status == CreditRequest.Status.PENDING
    assert request.requested_credits == Decimal("2.75")
    assert request.approved_credits is None
    assert request.original_name == "summation.pdf"
    assert request.content_type == "application/pdf"
    assert "summation" not in request.file.name and request.file.name.startswith("files/")
    assert len(stored_files(_private_storage)) == 1
    assert credential.events.filter(kind="credit_request").count() == 1


def test_activity_date_before_the_cycle_is_refused(credential, _private_storage):
    message = refused(
        "activity_date", _private_storage, credential=credential, activity_date=dt.date(2023, 2, 5)
    )
    assert "within the Start and End Date" in message
    assert "02/06/2023 to 02/06/2028" in message


def test_activity_date_after_the_cycle_is_refused(seeded, _private_storage):
    ended = CredentialFactory(cycle_start=dt.date(2020, 1, 1), cycle_end=dt.date(2025, 1, 1))
    refused("activity_date", _private_storage, credential=ended, activity_date=dt.date(2025, 1, 2))


def test_activity_date_in_the_future_is_refused_in_eastern_time(credential, _private_storage):
    # 11:30 pm Eastern on 06/15 is already 06/16 in UTC: 06/16 is still tomorrow for a Kentucky learner.
    late_evening = eastern(2025, 6, 15, 23, 30)
    with pytest.raises(ValidationError) as info:
        submit(credential=credential, now=late_evening, activity_date=dt.date(2025, 6, 16))
    assert info.value.message_dict["activity_date"] == ["The Activity Date cannot be in the future."]
    assert submit(credential=credential, now=late_evening, activity_date=dt.date(2025, 6, 15)).pk


def test_activity_date_on_the_last_day_of_the_cycle_counts(seeded):
    credential = CredentialFactory(cycle_start=dt.date(2020, 6, 15), cycle_end=dt.date(2025, 6, 15))
    assert submit(credential=credential, now=NOW, activity_date=dt.date(2025, 6, 15)).pk


@pytest.mark.parametrize(
    ("credits", "expected"),
    [
        ("0", "more than 0"),
        ("-1", "more than 0"),
        ("100.25", "at most 100"),
        ("1000", "at most 100"),
        ("1.1", "steps of 0.25"),
        ("2.3", "steps of 0.25"),
        ("abc", "Enter the number"),
        ("", "Enter the number"),
        ("NaN", "Enter the number"),
        ("Infinity", "Enter the number"),
    ],
)
def test_bad_requested_credits_are_refused(credential, _private_storage, credits, expected):
    assert expected in refused("requested_credits", _private_storage, credential=credential, credits=credits)


@pytest.mark.parametrize("credits", ["0.25", "1", "99.75", "100"])
def test_requested_credits_in_quarter_steps_up_to_100_are_accepted(credential, credits):
    assert submit(credential=credential, now=NOW, credits=credits).requested_credits == Decimal(credits)


def test_someone_elses_credential_is_a_field_error_not_a_leak(credential, _private_storage):
    stranger = UserFactory()
    message = refused("credential", _private_storage, credential=credential, user=stranger)
    assert message == "Choose one of your active renewal-credits credentials."
    assert credential.program.credential_name not in message


@pytest.mark.parametrize("credential_id", [None, "", "abc", 999999])
def test_missing_or_unknown_credential_is_refused(credential, _private_storage, credential_id):
    refused("credential", _private_storage, credential=credential, credential_id=credential_id)


def test_completed_or_application_credentials_cannot_be_counted_against(seeded, _private_storage):
    completed = CredentialFactory(status=CredentialStatus.COMPLETED)
    refused("credential", _private_storage, credential=completed)
    application = CredentialFactory(
        program=program("part-time-initial-application"),
        cycle_start=dt.date(2025, 6, 1),
        cycle_end=dt.date(2025, 7, 31),
    )
    refused("credential", _private_storage, credential=application)


@pytest.mark.parametrize("field", ["course", "description"])
def test_blank_course_or_description_is_refused(credential, _private_storage, field):
    refused(field, _private_storage, credential=credential, **{field: "   "})


def test_a_file_that_is_not_what_its_name_says_is_refused(credential, _private_storage):
    fake = SimpleUploadedFile("summation.pdf", b"MZ\x90\x00 an executable", content_type="application/pdf")
    message = refused("file", _private_storage, credential=credential, uploaded_file=fake)
    assert "PDF, Word, .jpg, .png" in message


def test_an_empty_or_missing_file_is_refused(credential, _private_storage):
    empty = SimpleUploadedFile("empty.pdf", b"", content_type="application/pdf")
    assert "empty" in refused("file", _private_storage, credential=credential, uploaded_file=empty)
    with pytest.raises(ValidationError) as info:
        credit_request_submit(
            user=credential.user,
            credential_id=credential.pk,
            activity_date=credential.cycle_start,
            course="Annual Summation",
            description="CE Activities",
            requested_credits="1",
            uploaded_file=None,
            now=NOW,
        )
    assert info.value.message_dict["file"] == ["Choose a file to upload."]


def test_a_file_over_the_size_limit_is_refused(credential, _private_storage, settings):
    settings.UPLOAD_MAX_BYTES = 1024
    big = SimpleUploadedFile("big.pdf", b"%PDF-1.4\n" + b"0" * 2000, content_type="application/pdf")
    assert "too large" in refused("file", _private_storage, credential=credential, uploaded_file=big)


def test_every_bad_field_is_reported_at_once(credential, _private_storage):
    with pytest.raises(ValidationError) as info:
        submit(
            credential=credential,
            now=NOW,
            activity_date=dt.date(2030, 1, 1),
            credits="0",
            course="",
            description="",
            uploaded_file=SimpleUploadedFile("x.txt", b"hello", content_type="text/plain"),
        )
    assert set(info.value.message_dict) == {
        "activity_date",
        "requested_credits",
        "course",
        "description",
        "file",
    }


def test_a_failure_after_the_file_is_stored_leaves_no_file(credential, _private_storage, monkeypatch):
    import credit_requests.services as services

    def explode(**kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(services, "credential_event_record", explode)
    with pytest.raises(RuntimeError):
        submit(credential=credential, now=NOW)
    assert CreditRequest.objects.count() == 0
    assert stored_files(_private_storage) == []


def test_submission_emails_the_learner_once(credential, django_capture_on_commit_callbacks, mailoutbox):
    with django_capture_on_commit_callbacks(execute=True):
        submit(credential=credential, now=NOW)
    assert len(mailoutbox) == 1
    assert "received your credit request" in mailoutbox[0].subject
    assert "Annual Summation" in mailoutbox[0].body


# --- Deciding ---------------------------------------------------------------------------------------------


def test_partial_approval_with_quarter_hours_adds_only_the_approved_hours(credential, reviewer):
    request = submit(credential=credential, now=NOW, credits="7.75")
    decided = credit_request_decide(
        credit_request=request, reviewer=reviewer, approved_credits="5.25", notes="One LAR unsigned.", now=NOW
    )
    assert decided.status == CreditRequest.Status.PARTIALLY_APPROVED
    assert decided.approved_credits == Decimal("5.25")
    assert credential_earned(credential=credential) == Decimal("5.25")
    request2 = submit(credential=credential, now=NOW, credits="3.5")
    credit_request_decide(
        credit_request=request2, reviewer=reviewer, approved_credits="3.5", notes="", now=NOW
    )
    assert credential_earned(credential=credential) == Decimal("8.75")
    credential.refresh_from_db()
    assert credential.status == CredentialStatus.ACTIVE


def test_approving_all_records_approved_and_a_decision_row(credential, reviewer):
    request = submit(credential=credential, now=NOW, credits="4")
    credit_request_decide(credit_request=request, reviewer=reviewer, approved_credits="4", notes="", now=NOW)
    request.refresh_from_db()
    assert request.status == CreditRequest.Status.APPROVED
    assert request.decided_by == reviewer
    decision = Decision.objects.get(credit_request=request)
    assert (decision.outcome, decision.approved_credits, decision.reviewer) == (
        "approved",
        Decimal("4"),
        reviewer,
    )
    entry = CreditEntry.objects.get(source_key=f"request:{request.pk}")
    assert (entry.hours, entry.title, entry.description) == (
        Decimal("4"),
        "Annual Summation",
        "CE Activities",
    )
    assert entry.activity_date == request.activity_date


def test_deny_records_zero_and_adds_nothing_to_the_ledger(credential, reviewer):
    request = submit(credential=credential, now=NOW, credits="4")
    credit_request_decide(
        credit_request=request, reviewer=reviewer, approved_credits="0", notes="Not library related.", now=NOW
    )
    request.refresh_from_db()
    assert request.status == CreditRequest.Status.DENIED
    assert request.approved_credits == Decimal("0")
    assert not CreditEntry.objects.exists()


@pytest.mark.parametrize("approved", ["0", "2"])
def test_notes_are_required_unless_all_are_approved(credential, reviewer, approved):
    request = submit(credential=credential, now=NOW, credits="4")
    with pytest.raises(ValidationError) as info:
        credit_request_decide(
            credit_request=request, reviewer=reviewer, approved_credits=approved, notes=" ", now=NOW
        )
    assert "notes" in info.value.message_dict
    request.refresh_from_db()
    assert request.status == CreditRequest.Status.PENDING
    assert not Decision.objects.exists()


@pytest.mark.parametrize(
    ("approved", "expected"),
    [
        ("4.25", "more than the 4"),
        ("-1", "negative"),
        ("1.1", "steps of 0.25"),
        ("x", "as a number"),
        ("", "as a number"),
    ],
)
def test_approved_credits_outside_zero_to_requested_are_refused(credential, reviewer, approved, expected):
    request = submit(credential=credential, now=NOW, credits="4")
    with pytest.raises(ValidationError) as info:
        credit_request_decide(
            credit_request=request, reviewer=reviewer, approved_credits=approved, notes="n", now=NOW
        )
    assert expected in info.value.message_dict["approved_credits"][0]


def test_a_request_is_decided_once_and_the_second_reviewer_is_told_who_decided(
    credential, reviewer, django_capture_on_commit_callbacks, mailoutbox
):
    other = ReviewerFactory(first_name="Robin", last_name="Reyes")
    request = submit(credential=credential, now=NOW, credits="4")
    with django_capture_on_commit_callbacks(execute=True):
        credit_request_decide(
            credit_request=other_copy(request), reviewer=other, approved_credits="4", notes="", now=NOW
        )
    with pytest.raises(CreditRequestError) as info:
        credit_request_decide(
            credit_request=request, reviewer=reviewer, approved_credits="1", notes="no", now=NOW
        )
    assert "already decided by Robin Reyes on 06/15/2025" in str(info.value)
    assert Decision.objects.count() == 1
    assert credential_earned(credential=credential) == Decimal("4")
    assert [m.subject for m in mailoutbox].count("[KDLA Portal] Your credit request was approved") == 1


def other_copy(request):
    return CreditRequest.objects.get(pk=request.pk)


def test_decision_email_is_sent_once_with_status_and_notes(
    credential, reviewer, django_capture_on_commit_callbacks, mailoutbox
):
    request = submit(credential=credential, now=NOW, credits="15")
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        credit_request_decide(
            credit_request=request,
            reviewer=reviewer,
            approved_credits="10",
            notes="Two LARs missing.",
            now=NOW,
        )
    decided = [m for m in mailoutbox if "credit request" in m.subject]
    assert len(decided) == 1
    assert decided[0].subject.endswith("partially approved")
    assert "PARTIALLY APPROVED" in decided[0].body
    assert "Two LARs missing." in decided[0].body
    assert decided[0].to == [credential.user.email]


def test_only_reviewers_decide_and_never_their_own_request(credential, reviewer):
    request = submit(credential=credential, now=NOW, credits="4")
    with pytest.raises(PermissionDenied):
        credit_request_decide(
            credit_request=request, reviewer=UserFactory(), approved_credits="4", notes="", now=NOW
        )
    own = CredentialFactory(user=reviewer, cycle_start=dt.date(2023, 2, 6), cycle_end=dt.date(2028, 2, 6))
    own_request = submit(credential=own, now=NOW, credits="4")
    with pytest.raises(CreditRequestError):
        credit_request_decide(
            credit_request=own_request, reviewer=reviewer, approved_credits="4", notes="", now=NOW
        )


# --- Completion -------------------------------------------------------------------------------------------


def test_credential_completes_exactly_at_the_required_total(
    credential, reviewer, django_capture_on_commit_callbacks, mailoutbox
):
    first = submit(credential=credential, now=NOW, credits="14.75")
    credit_request_decide(
        credit_request=first, reviewer=reviewer, approved_credits="14.75", notes="", now=NOW
    )
    credential.refresh_from_db()
    assert credential.status == CredentialStatus.ACTIVE
    second = submit(credential=credential, now=NOW, credits="0.25")
    with django_capture_on_commit_callbacks(execute=True):
        credit_request_decide(
            credit_request=second, reviewer=reviewer, approved_credits="0.25", notes="", now=NOW
        )
    credential.refresh_from_db()
    assert credential_earned(credential=credential) == Decimal("15")
    assert (credential.status, credential.compliance) == ("completed", "compliant")
    assert credential.completed_at == NOW
    completed = [m for m in mailoutbox if m.subject.endswith("completed")]
    assert len(completed) == 1
    assert "COMPLETED / COMPLIANT" in completed[0].body
    assert "15 of the 15 contact hours" in completed[0].body


def test_partial_approval_ten_of_fifteen_then_five_completes(credential, reviewer):
    first = submit(credential=credential, now=NOW, credits="15")
    credit_request_decide(
        credit_request=first, reviewer=reviewer, approved_credits="10", notes="Partial.", now=NOW
    )
    credential.refresh_from_db()
    assert credential.status == CredentialStatus.ACTIVE
    second = submit(credential=credential, now=NOW, credits="5")
    credit_request_decide(credit_request=second, reviewer=reviewer, approved_credits="5", notes="", now=NOW)
    credential.refresh_from_db()
    assert credential.status == CredentialStatus.COMPLETED
    assert credential_earned(credential=credential) == Decimal("15")
