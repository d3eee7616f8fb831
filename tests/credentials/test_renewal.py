"""Renewal: course hours in the right cycle, gating of the renewal application, the next cycle."""

import datetime as dt
from decimal import Decimal

import pytest

from courses.models import Enrollment
from credentials.models import Credential, CredentialEvent, CredentialStatus, CreditEntry
from credentials.services import (
    CredentialError,
    application_complete,
    application_register,
    course_completed_credit,
    credential_add_credit,
    credential_earned,
    program_registration_refusal,
)
from tests.conftest import eastern
from tests.factories import CourseFactory, CredentialFactory, UserFactory, program

pytestmark = pytest.mark.django_db


def renewal_credits(user, start=dt.date(2023, 2, 6), **kwargs):
    return CredentialFactory(
        user=user, cycle_start=start, cycle_end=dt.date(start.year + 5, start.month, start.day), **kwargs
    )


def complete(credential, hours="15", now=None):
    credential_add_credit(
        credential=credential,
        source=CreditEntry.Source.ADJUSTMENT,
        source_key=f"test:{credential.pk}:{hours}",
        hours=Decimal(hours),
        activity_date=credential.cycle_start,
        title="Annual Summation",
        now=now or eastern(2025, 1, 10),
    )
    credential.refresh_from_db()
    return credential


# --- Course hours: only the right cycle ---------------------------------------------------------------------


def test_course_hours_count_only_toward_the_active_cycle_that_contains_the_completion_date(seeded):
    user = UserFactory()
    old = CredentialFactory(
        user=user,
        status=CredentialStatus.EXPIRED,
        cycle_start=dt.date(2018, 1, 1),
        cycle_end=dt.date(2023, 1, 1),
    )
    current = renewal_credits(user)
    future = CredentialFactory(
        user=user,
        program=program("professional-i-renewal-credits"),
        cycle_start=dt.date(2026, 1, 1),
        cycle_end=dt.date(2031, 1, 1),
    )
    course = CourseFactory(contact_hours=Decimal("2.5"))
    enrollment = Enrollment.objects.create(
        user=user, course=course, registered_at=eastern(2024, 3, 1), completed_at=eastern(2024, 3, 5)
    )
    entries = course_completed_credit(enrollment=enrollment, now=eastern(2024, 3, 5))
    assert [e.credential for e in entries] == [current]
    assert credential_earned(credential=current) == Decimal("2.5")
    assert credential_earned(credential=old) == Decimal("0")
    assert credential_earned(credential=future) == Decimal("0")
    # A second call (retry) adds nothing.
    course_completed_credit(enrollment=enrollment, now=eastern(2024, 3, 6))
    assert credential_earned(credential=current) == Decimal("2.5")


def test_course_completed_late_at_night_uses_the_kentucky_date(seeded):
    user = UserFactory()
    credential = renewal_credits(user, start=dt.date(2024, 3, 6))
    course = CourseFactory(contact_hours=Decimal("1"))
    # 11:30 pm Eastern on 03/05 is 03/06 in UTC: the course was completed before the cycle started.
    enrollment = Enrollment.objects.create(
        user=user, course=course, registered_at=eastern(2024, 3, 1), completed_at=eastern(2024, 3, 5, 23, 30)
    )
    assert course_completed_credit(enrollment=enrollment, now=eastern(2024, 3, 5, 23, 30)) == []
    assert credential_earned(credential=credential) == Decimal("0")


def test_course_hours_that_reach_the_total_complete_the_credential(seeded):
    user = UserFactory()
    credential = complete(renewal_credits(user), hours="14")
    course = CourseFactory(contact_hours=Decimal("1"))
    enrollment = Enrollment.objects.create(
        user=user, course=course, registered_at=eastern(2024, 3, 1), completed_at=eastern(2024, 3, 5)
    )
    course_completed_credit(enrollment=enrollment, now=eastern(2024, 3, 5))
    credential.refresh_from_db()
    assert (credential.status, credential.compliance) == ("completed", "compliant")


# --- Renewal application gating ------------------------------------------------------------------------------


def test_renewal_application_is_refused_with_the_hours_still_needed(seeded):
    user = UserFactory()
    credential = renewal_credits(user)
    complete(credential, hours="10.5")
    refusal = program_registration_refusal(
        user=user, program=program("part-time-renewal-application"), now=eastern(2025, 6, 1)
    )
    assert "must be COMPLETED" in refusal
    assert "you still need 4.50 contact hours" in refusal
    with pytest.raises(CredentialError):
        application_register(
            user=user, program=program("part-time-renewal-application"), now=eastern(2025, 6, 1)
        )
    assert not Credential.objects.filter(program=program("part-time-renewal-application")).exists()


def test_renewal_application_is_refused_without_any_renewal_credits_credential(seeded):
    refusal = program_registration_refusal(
        user=UserFactory(), program=program("part-time-renewal-application"), now=eastern(2025, 6, 1)
    )
    assert "Part-time Certification - Renewal credits" in refusal


def test_registration_after_completion_shows_part_time_certification(seeded):
    user = UserFactory()
    complete(renewal_credits(user))
    renewal_program = program("part-time-renewal-application")
    assert program_registration_refusal(user=user, program=renewal_program, now=eastern(2025, 6, 1)) is None
    application = application_register(user=user, program=renewal_program, now=eastern(2025, 6, 1))
    assert application.program.credential_name == "Part Time Certification"
    assert (application.cycle_start, application.cycle_end) == (dt.date(2025, 6, 1), dt.date(2025, 7, 31))
    assert application.upload_deadline.date() == dt.date(2025, 7, 1)
    assert application.status == CredentialStatus.ACTIVE


def test_renewal_approval_opens_the_next_cycle_the_day_after_the_current_one_ends(seeded):
    user = UserFactory()
    current = complete(renewal_credits(user))
    events_before = list(current.events.values_list("id", "kind", "to_value"))
    entries_before = list(current.credit_entries.values_list("id", "hours"))
    application = application_register(
        user=user, program=program("part-time-renewal-application"), now=eastern(2025, 6, 1)
    )
    application_complete(credential=application, now=eastern(2025, 6, 20), actor=None, note="Signed form.")
    application.refresh_from_db()
    assert (application.status, application.compliance) == ("completed", "compliant")
    nxt = Credential.objects.get(source_application=application)
    assert nxt.program == current.program
    assert (nxt.cycle_start, nxt.cycle_end) == (dt.date(2028, 2, 7), dt.date(2033, 2, 7))
    assert nxt.previous == current
    assert nxt.status == CredentialStatus.ACTIVE
    assert credential_earned(credential=nxt) == Decimal("0")
    current.refresh_from_db()
    assert (current.status, current.cycle_start, current.cycle_end) == (
        "completed",
        dt.date(2023, 2, 6),
        dt.date(2028, 2, 6),
    )
    assert list(current.events.values_list("id", "kind", "to_value")) == events_before
    assert list(current.credit_entries.values_list("id", "hours")) == entries_before
    # Approving again (double click, retry) opens nothing more.
    application_complete(credential=application, now=eastern(2025, 6, 21), actor=None)
    assert Credential.objects.filter(user=user, program=current.program).count() == 2


def test_renewal_approval_after_the_cycle_ended_starts_on_the_approval_date(seeded):
    user = UserFactory()
    current = complete(renewal_credits(user, start=dt.date(2020, 3, 1)))
    application = application_register(
        user=user, program=program("part-time-renewal-application"), now=eastern(2025, 3, 10)
    )
    application_complete(credential=application, now=eastern(2025, 3, 20), actor=None)
    nxt = Credential.objects.get(source_application=application)
    assert (nxt.cycle_start, nxt.cycle_end) == (dt.date(2025, 3, 20), dt.date(2030, 3, 20))
    assert nxt.previous == current


def test_after_renewal_the_next_renewal_application_waits_for_the_new_cycle(seeded):
    user = UserFactory()
    complete(renewal_credits(user))
    renewal_program = program("part-time-renewal-application")
    application = application_register(user=user, program=renewal_program, now=eastern(2025, 6, 1))
    application_complete(credential=application, now=eastern(2025, 6, 20), actor=None)
    refusal = program_registration_refusal(user=user, program=renewal_program, now=eastern(2025, 7, 1))
    assert "you still need 15 contact hours" in refusal
    assert (
        CredentialEvent.objects.filter(credential__source_application=application, kind="enrolled").count()
        == 1
    )
