"""Hours are never lost and never counted twice: every contact hour earned after the first approval counts
toward exactly one cycle, also after an early renewal; a lapsed learner's way back."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from courses.models import Enrollment
from credentials import rules, services
from credentials.certification import certification_award
from credentials.models import (
    CertificationStatus,
    Compliance,
    Credential,
    CredentialStatus,
    CreditEntry,
    Program,
)
from credentials.selectors import with_earned
from credit_requests.forms import CreditRequestForm
from credit_requests.services import credit_request_submit
from tests.conftest import eastern
from tests.credentials.certification_helpers import (
    RENEWAL_APPLICATION,
    _approve,
    certification_of,
    certified,
    current_cycle,
    renewed,
)
from tests.factories import CourseFactory, pdf_bytes

pytestmark = pytest.mark.django_db

FIRST_APPROVAL = eastern(2023, 2, 6, 10)
EARLY_RENEWAL = eastern(2025, 3, 1, 9)


def _noon(day):
    return dt.datetime.combine(day, dt.time(12), tzinfo=rules.EASTERN)


def _complete_course(user, day, hours="1"):
    enrollment = Enrollment.objects.create(
        user=user,
        course=CourseFactory(contact_hours=Decimal(hours)),
        registered_at=_noon(day) - dt.timedelta(days=1),
        completed_at=_noon(day),
    )
    services.course_completed_credit(enrollment=enrollment, now=_noon(day))
    return enrollment


def _cycles(user):
    return list(
        Credential.objects.filter(user=user, program__code="part-time-renewal-credits").order_by(
            "cycle_start"
        )
    )


def test_the_rule_gives_every_day_of_a_certified_learner_exactly_one_cycle():
    current = ("current", dt.date(2023, 2, 6), dt.date(2028, 2, 6), dt.date(2023, 2, 6))
    nxt = ("next", dt.date(2028, 2, 7), dt.date(2033, 2, 7), dt.date(2025, 3, 1))
    day = dt.date(2023, 2, 6)
    while day <= dt.date(2033, 2, 7):
        expected = "current" if day < dt.date(2025, 3, 1) else "next"
        assert rules.cycle_for_day(day, [current, nxt]) == expected, day
        day += dt.timedelta(days=1)
    assert rules.cycle_for_day(dt.date(2023, 2, 5), [current, nxt]) is None
    assert rules.cycle_for_day(dt.date(2033, 2, 8), [current, nxt]) is None


def test_every_course_hour_after_the_first_approval_counts_toward_exactly_one_cycle(seeded):
    user = certified(at=FIRST_APPROVAL)
    days, renewal_done = [], False
    day = rules.local_date(FIRST_APPROVAL) + dt.timedelta(days=1)
    while day <= dt.date(2033, 2, 7):
        if not renewal_done and _noon(day) > EARLY_RENEWAL:
            renewed(user, at=EARLY_RENEWAL)
            renewal_done = True
        days.append((day, _complete_course(user, day)))
        day += dt.timedelta(days=29)
    current, nxt = _cycles(user)
    assert nxt.cycle_start == dt.date(2028, 2, 7)
    for day, enrollment in days:
        lines = CreditEntry.objects.filter(source_key__startswith=f"enrollment:{enrollment.pk}:")
        assert lines.count() == 1, day
        expected = current if day < rules.local_date(EARLY_RENEWAL) else nxt
        assert lines.get().credential_id == expected.pk, day
        # A retry of the crediting (now that both cycles exist) adds nothing.
        services.course_completed_credit(enrollment=enrollment, now=_noon(day))
        assert lines.count() == 1
    earned = {c.pk: c.earned for c in with_earned(Credential.objects.filter(pk__in=[current.pk, nxt.pk]))}
    assert earned[current.pk] + earned[nxt.pk] == len(days)


def test_a_learner_who_renewed_early_does_not_lapse_and_keeps_every_hour(
    seeded, django_capture_on_commit_callbacks
):
    user = certified(at=FIRST_APPROVAL)
    for day in (dt.date(2023, 5, 1), dt.date(2024, 1, 10), dt.date(2024, 9, 9)):
        _complete_course(user, day, hours="5")
    renewed(user, at=EARLY_RENEWAL)
    between = [_complete_course(user, day, hours="2") for day in (dt.date(2025, 6, 1), dt.date(2027, 12, 31))]
    with django_capture_on_commit_callbacks(execute=True):
        call_command("enforce_deadlines", "--now", "2028-02-07T00:30", stdout=io.StringIO())
        call_command("enforce_deadlines", "--now", "2028-03-07T00:30", stdout=io.StringIO())
    certification = certification_of(user)
    assert certification.status == CertificationStatus.VALID
    assert certification.valid_through == dt.date(2033, 2, 7)
    current, nxt = with_earned(Credential.objects.filter(pk__in=[c.pk for c in _cycles(user)])).order_by(
        "cycle_start"
    )
    assert (current.status, current.compliance, current.earned) == (
        CredentialStatus.COMPLETED,
        Compliance.COMPLIANT,
        Decimal("15"),
    )
    assert (nxt.status, nxt.earned) == (CredentialStatus.ACTIVE, Decimal("4"))
    assert all(
        CreditEntry.objects.filter(source_key__startswith=f"enrollment:{e.pk}:", credential=nxt).exists()
        for e in between
    )


def test_a_credit_request_after_an_early_renewal_counts_toward_the_next_cycle(seeded, _private_storage):
    user = certified(at=FIRST_APPROVAL)
    _complete_course(user, dt.date(2024, 1, 10), hours="15")
    renewed(user, at=EARLY_RENEWAL)
    nxt = current_cycle(user)
    form = CreditRequestForm(user=user)
    assert dict(form.fields["credential"].choices)[nxt.pk].endswith(
        "(02/07/2028 to 02/07/2033), counts hours from 03/01/2025"
    )
    request = credit_request_submit(
        user=user,
        credential_id=nxt.pk,
        activity_date=dt.date(2025, 4, 2),
        course="Annual Summation",
        description="CE Activities",
        requested_credits="3",
        uploaded_file=SimpleUploadedFile("evidence.pdf", pdf_bytes(), content_type="application/pdf"),
        now=eastern(2025, 4, 3, 9),
    )
    assert request.credential == nxt


def test_a_lapsed_learner_cannot_renew_but_comes_back_through_the_initial_application(
    seeded, django_capture_on_commit_callbacks
):
    user = certified(at=eastern(2020, 2, 6, 10))
    _complete_course(user, dt.date(2021, 1, 10), hours="15")
    with django_capture_on_commit_callbacks(execute=True):
        call_command("enforce_deadlines", "--now", "2025-02-07T00:30", stdout=io.StringIO())
    assert certification_of(user).status == CertificationStatus.LAPSED
    now = eastern(2025, 3, 1, 9)
    renewal = Program.objects.get(code=RENEWAL_APPLICATION)
    refusal = services.program_registration_refusal(user=user, program=renewal, now=now)
    assert refusal == (
        "Your Part-time Certification lapsed on 02/06/2025: to be certified again, register for "
        "Part-time Certification- Initial Application (your required courses are already complete)."
    )
    initial = Program.objects.get(code="part-time-initial-application")
    assert services.program_registration_refusal(user=user, program=initial, now=now) is None
    application = services.application_register(
        user=user, program=initial, now=now
    )  # courses complete already
    _approve(application, at=eastern(2025, 3, 10, 9))
    certification = certification_of(user)
    assert certification.status == CertificationStatus.VALID
    assert (certification.valid_from, certification.valid_through) == (
        dt.date(2025, 3, 10),
        dt.date(2030, 3, 10),
    )
    assert [e.kind for e in certification.events.all()] == ["awarded", "lapsed", "recertified"]
    assert certification.lapsed_at is None  # certified again: the lapse is history, not a current date
    assert certification.events.last().from_value == "LAPSED"
    assert (
        certification_award(application=application, now=eastern(2025, 3, 11)).source_application
        == application
    )
