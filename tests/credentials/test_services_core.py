"""The credential state machine: registration, approval, enrollment, credit, completion, expiry, deadlines."""

import datetime as dt
from decimal import Decimal

import pytest

from courses.models import CatalogItem, Enrollment
from credentials import rules, services
from credentials.models import Compliance, Credential, CredentialEvent, CredentialStatus, CreditEntry
from tests.conftest import eastern
from tests.factories import CredentialFactory, UserFactory, program

pytestmark = pytest.mark.django_db

NOW = eastern(2023, 2, 8, 10)


def complete_required_courses(user, when=NOW):
    for course in CatalogItem.objects.filter(is_required=True):
        Enrollment.objects.create(user=user, course=course, registered_at=when, completed_at=when)


def register_initial(user, when=NOW):
    complete_required_courses(user, when)
    return services.application_register(
        user=user, program=program("part-time-initial-application"), now=when
    )


def test_registration_refused_names_every_missing_required_course(seeded):
    user = UserFactory()
    first = CatalogItem.objects.get(title="Customer Service Basics")
    Enrollment.objects.create(user=user, course=first, registered_at=NOW, completed_at=NOW)
    with pytest.raises(services.CredentialError) as refusal:
        services.application_register(user=user, program=program("part-time-initial-application"), now=NOW)
    message = str(refusal.value)
    assert "Reference Basics" in message
    assert "Solving Difficult Situations in the Library" in message
    assert "Readers' Advisory Basics" in message
    assert "Customer Service Basics" not in message
    assert not Credential.objects.filter(user=user).exists()


def test_registration_sets_cycle_deadline_and_history(seeded):
    user = UserFactory()
    credential = register_initial(user)
    assert (credential.cycle_start, credential.cycle_end) == (dt.date(2023, 2, 8), dt.date(2023, 4, 9))
    assert credential.upload_deadline == rules.end_of_day(dt.date(2023, 3, 10))
    assert credential.status == CredentialStatus.ACTIVE
    assert credential.events.get().kind == "registered"


def test_registering_twice_while_active_is_refused(seeded):
    user = UserFactory()
    register_initial(user)
    with pytest.raises(services.CredentialError, match="already registered"):
        services.application_register(user=user, program=program("part-time-initial-application"), now=NOW)
    assert Credential.objects.filter(user=user).count() == 1


def test_registration_email_names_the_deadline(seeded, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        register_initial(UserFactory())
    assert len(mailoutbox) == 1
    assert "03/10/2023" in mailoutbox[0].body


def test_approval_completes_and_enrolls_in_renewal_credits_once(seeded):
    user = UserFactory()
    reviewer = UserFactory()
    application = register_initial(user)
    approved_at = eastern(2023, 2, 20, 15)
    services.application_complete(credential=application, now=approved_at, actor=reviewer)
    services.application_complete(credential=application, now=approved_at, actor=reviewer)  # a double click
    services.renewal_enroll_from_application(application=application, now=approved_at)  # the safety net
    application.refresh_from_db()
    assert (application.status, application.compliance) == (CredentialStatus.COMPLETED, Compliance.COMPLIANT)
    renewal = Credential.objects.get(user=user, program=program("part-time-renewal-credits"))
    assert (renewal.cycle_start, renewal.cycle_end) == (dt.date(2023, 2, 20), dt.date(2028, 2, 20))
    assert renewal.status == CredentialStatus.ACTIVE
    assert services.credential_earned(credential=renewal) == 0
    assert application.events.filter(kind="status").count() == 1


def test_course_hours_count_only_toward_a_cycle_holding_the_completion_date(seeded):
    user = UserFactory()
    inside = CredentialFactory(user=user, cycle_start=dt.date(2023, 1, 1), cycle_end=dt.date(2028, 1, 1))
    later = CredentialFactory(
        user=user,
        program=program("paraprofessional-i-renewal-credits"),
        cycle_start=dt.date(2024, 1, 1),
        cycle_end=dt.date(2029, 1, 1),
    )
    course = CatalogItem.objects.get(title="Reference Basics")
    enrollment = Enrollment.objects.create(
        user=user, course=course, registered_at=NOW, completed_at=eastern(2023, 6, 1)
    )
    services.course_completed_credit(enrollment=enrollment, now=NOW)
    services.course_completed_credit(enrollment=enrollment, now=NOW)  # repeated: no double credit
    assert services.credential_earned(credential=inside) == course.contact_hours
    assert services.credential_earned(credential=later) == 0


def test_renewal_credits_complete_exactly_at_the_required_hours(seeded):
    credential = CredentialFactory()
    for n, hours in enumerate(["7.25", "7.5"]):
        services.credential_add_credit(
            credential=credential,
            source=CreditEntry.Source.REQUEST,
            source_key=f"request:{n}",
            hours=Decimal(hours),
            activity_date=credential.cycle_start,
            title="Workshop",
            now=NOW,
        )
    credential.refresh_from_db()
    assert credential.status == CredentialStatus.ACTIVE
    services.credential_add_credit(
        credential=credential,
        source=CreditEntry.Source.REQUEST,
        source_key="request:last",
        hours=Decimal("0.25"),
        activity_date=credential.cycle_start,
        title="Workshop",
        now=NOW,
    )
    credential.refresh_from_db()
    assert (credential.status, credential.compliance) == (CredentialStatus.COMPLETED, Compliance.COMPLIANT)
    assert services.credential_earned(credential=credential) == Decimal("15")


def test_expired_credential_cannot_be_completed(seeded):
    credential = CredentialFactory()
    services.credential_expire(credential=credential, now=NOW)
    with pytest.raises(services.CredentialError):
        services.application_complete(credential=credential, now=NOW, actor=None)
    credential.refresh_from_db()
    assert (credential.status, credential.compliance) == (CredentialStatus.EXPIRED, Compliance.NON_COMPLIANT)


def test_deadline_extension_is_recorded_with_who_from_to_and_why(seeded):
    application = register_initial(UserFactory())
    reviewer = UserFactory()
    services.credential_extend_deadline(
        credential=application,
        new_date=dt.date(2023, 4, 20),
        now=NOW,
        actor=reviewer,
        note="Director on leave",
    )
    application.refresh_from_db()
    assert rules.local_date(application.upload_deadline) == dt.date(2023, 4, 20)
    assert application.cycle_end == dt.date(2023, 4, 20)
    event = CredentialEvent.objects.get(credential=application, kind="deadline")
    assert (event.actor, event.from_value, event.to_value, event.note) == (
        reviewer,
        "03/10/2023",
        "04/20/2023",
        "Director on leave",
    )


def test_deadline_cannot_move_into_the_past(seeded):
    application = register_initial(UserFactory())
    with pytest.raises(services.CredentialError, match="past"):
        services.credential_extend_deadline(
            credential=application, new_date=dt.date(2023, 2, 1), now=NOW, actor=None, note="typo"
        )
