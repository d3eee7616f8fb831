"""The certification: derived from approvals (start, renewal, supersession), revocation, backfill."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command

from credentials import services
from credentials.certification import CertificationError, certification_award, certification_revoke
from credentials.models import (
    Certificate,
    CertificateStatus,
    CertificationEvent,
    CertificationStatus,
    Compliance,
    Credential,
    CredentialStatus,
)
from tests.conftest import eastern
from tests.credentials.certification_helpers import (
    certification_of,
    certified,
    current_cycle,
    earn,
    renewed,
)
from tests.factories import ReviewerFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_the_initial_approval_certifies_through_the_end_of_the_first_renewal_credits_cycle(seeded):
    user = certified(at=eastern(2023, 2, 6, 10))
    certification = certification_of(user)
    assert certification.status == CertificationStatus.VALID
    assert (certification.valid_from, certification.valid_through) == (
        dt.date(2023, 2, 6),
        dt.date(2028, 2, 6),
    )
    certificate = certification.certificates.get()
    assert certificate.status == CertificateStatus.VALID
    assert (certificate.valid_from, certificate.valid_through) == (dt.date(2023, 2, 6), dt.date(2028, 2, 6))
    assert certificate.number == f"KDLA-2023-{certificate.pk:06d}"
    assert len(certificate.token) == 32 and certificate.token != str(certificate.pk)
    assert certificate.cycle == current_cycle(user)
    assert [e.kind for e in certification.events.all()] == [CertificationEvent.Kind.AWARDED]


def test_awarding_the_same_approval_again_issues_no_second_certificate(seeded):
    user = certified(at=eastern(2023, 2, 6, 10))
    application = Credential.objects.get(user=user, program__code="part-time-initial-application")
    first = Certificate.objects.get()
    assert certification_award(application=application, now=eastern(2023, 2, 7)) == first
    assert Certificate.objects.count() == 1
    assert certification_of(user).events.count() == 1


def test_an_early_renewal_extends_by_one_cycle_with_a_new_certificate_superseding_the_old(seeded):
    user = certified(at=eastern(2023, 2, 6, 10))
    earn(user, on=dt.date(2024, 5, 1))
    renewed(user, at=eastern(2025, 3, 1, 9))
    certification = certification_of(user)
    assert certification.status == CertificationStatus.VALID
    assert (certification.valid_from, certification.valid_through) == (
        dt.date(2023, 2, 6),
        dt.date(2033, 2, 7),
    )
    old, new = certification.certificates.order_by("pk")
    assert (old.status, old.superseded_by) == (CertificateStatus.SUPERSEDED, new)
    assert new.status == CertificateStatus.VALID
    assert (new.valid_from, new.valid_through) == (dt.date(2028, 2, 7), dt.date(2033, 2, 7))
    assert new.number != old.number and new.token != old.token
    assert [e.kind for e in certification.events.all()] == ["awarded", "renewed"]
    assert [(e.from_value, e.to_value) for e in certification.events.all()] == [
        ("", "VALID through 02/06/2028"),
        ("VALID", "VALID through 02/07/2033"),
    ]
    assert f"certificate {new.number} issued (supersedes {old.number})." in certification.events.last().note


def test_a_reviewer_revokes_with_a_reason_and_compliance_follows(
    seeded, django_capture_on_commit_callbacks, mailoutbox
):
    user = certified(at=eastern(2023, 2, 6, 10))
    earn(user, on=dt.date(2024, 5, 1))
    reviewer = ReviewerFactory()
    with django_capture_on_commit_callbacks(execute=True):
        certification_revoke(
            certification=certification_of(user),
            reviewer=reviewer,
            reason="The application was signed by someone else.",
            now=eastern(2024, 6, 1),
        )
        # Repeating it changes nothing and mails nothing more.
        certification_revoke(
            certification=certification_of(user), reviewer=reviewer, reason="again", now=eastern(2024, 6, 2)
        )
    certification = certification_of(user)
    assert certification.status == CertificationStatus.REVOKED
    assert certification.revoked_by == reviewer
    assert certification.certificates.get().status == CertificateStatus.REVOKED
    rows = Credential.objects.filter(user=user)
    assert {row.compliance for row in rows} == {Compliance.NON_COMPLIANT}
    assert current_cycle(user).status == CredentialStatus.COMPLETED  # the hours were earned
    revoked = [m for m in mailoutbox if "revoked" in m.subject]
    assert len(revoked) == 1
    assert "The application was signed by someone else." in revoked[0].body
    event = certification.events.get(kind="revoked")
    assert (event.actor, event.note) == (reviewer, "The application was signed by someone else.")
    assert (event.from_value, event.to_value) == ("VALID", "REVOKED")


def test_revocation_needs_a_reviewer_and_a_reason_and_never_ones_own(seeded):
    user = certified(at=eastern(2023, 2, 6, 10))
    certification = certification_of(user)
    with pytest.raises(PermissionDenied):
        certification_revoke(
            certification=certification, reviewer=UserFactory(), reason="x", now=eastern(2024, 1, 1)
        )
    with pytest.raises(CertificationError, match="Say why"):
        certification_revoke(
            certification=certification, reviewer=ReviewerFactory(), reason=" ", now=eastern(2024, 1, 1)
        )
    user.groups.add(*ReviewerFactory().groups.all())
    with pytest.raises(CertificationError, match="your own"):
        certification_revoke(
            certification=certification,
            reviewer=type(user).objects.get(pk=user.pk),
            reason="x",
            now=eastern(2024, 1, 1),
        )
    assert certification_of(user).status == CertificationStatus.VALID


def test_an_initial_application_is_refused_while_certified(seeded):
    user = certified(at=eastern(2023, 2, 6, 10))
    earn(user, on=dt.date(2024, 5, 1))
    refusal = services.program_registration_refusal(
        user=user, program=Credential.objects.filter(user=user).last().program, now=eastern(2024, 6, 1)
    )
    assert "already certified" in refusal and "02/06/2028" in refusal


def test_backfill_derives_certifications_from_the_approvals_on_record(seeded):
    user = certified(at=eastern(2023, 2, 6, 10))
    earn(user, on=dt.date(2024, 5, 1))
    renewed(user, at=eastern(2025, 3, 1, 9))
    expected = [
        (c.number, c.valid_from, c.valid_through, c.status) for c in Certificate.objects.order_by("pk")
    ]
    Certificate.objects.all().delete()
    certification_of(user).delete()
    call_command("backfill_certifications", "--dry-run", stdout=(out := __import__("io").StringIO()))
    assert "2 approved application(s) would issue" in out.getvalue()
    call_command("backfill_certifications", "--now", "2026-01-01T09:00", stdout=out)
    call_command("backfill_certifications", stdout=out)  # a second run issues nothing
    got = Certificate.objects.order_by("pk")
    assert [(c.valid_from, c.valid_through, c.status) for c in got] == [e[1:] for e in expected]
    assert certification_of(user).valid_through == dt.date(2033, 2, 7)
