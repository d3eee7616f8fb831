"""Staff in known states for the director and report tests (use with the `seeded` fixture)."""

import datetime as dt

from accounts.library_roles import library_role_grant
from accounts.models import Library
from credentials import rules
from credentials.certification import certification_award, certification_revoke
from credentials.models import Certification, Compliance, CredentialStatus
from credentials.sweeps import sweeps_run_all
from credentials.sweeps_certification import CERTIFICATIONS
from tests.factories import CredentialFactory, ReviewerFactory, UserFactory, program


def director_of(*libraries, now, **fields):
    director = UserFactory(library=libraries[0], job_title="Library Director", **fields)
    for library in libraries:
        library_role_grant(user=director, library=library, kind="director", actor=None, now=now)
    return director


def library(slug):
    return Library.objects.get(slug=slug)


def certified(user, *, approved_on: dt.date, cycle_end: dt.date | None = None, renewal=False):
    """`user` with an approved initial (or renewal) application on `approved_on`, the renewal-credits cycle
    it opened (to `cycle_end`, default five years on) and the certification KDLA awarded for it (through the
    real `certification_award`: valid through the cycle's end). Run `sweeps_due` for those whose date passed."""
    code = "part-time-renewal-application" if renewal else "part-time-initial-application"
    approved_at = rules.end_of_day(approved_on) - dt.timedelta(hours=12)
    application = CredentialFactory(
        user=user,
        program=program(code),
        status=CredentialStatus.COMPLETED,
        compliance=Compliance.COMPLIANT,
        cycle_start=approved_on - dt.timedelta(days=20),
        cycle_end=approved_on + dt.timedelta(days=40),
        registered_at=approved_at - dt.timedelta(days=20),
        completed_at=approved_at,
    )
    end = cycle_end or rules.add_years(approved_on, 5)
    cycle = CredentialFactory(
        user=user,
        program=program("part-time-renewal-credits"),
        status=CredentialStatus.ACTIVE if end >= approved_on else CredentialStatus.EXPIRED,
        cycle_start=min(approved_on, end - dt.timedelta(days=1)),
        cycle_end=end,
        registered_at=approved_at,
        source_application=application,
    )
    certification_award(application=application, now=approved_at)
    return cycle


def sweeps_due(*, now) -> int:
    """The scheduled sweeps at `now`, as `enforce_deadlines` runs them: cycles that ended short are EXPIRED and
    certifications whose valid-through date ended are LAPSED. Returns how many certifications lapsed."""
    [run] = [run for run in sweeps_run_all(now=now) if run.name == CERTIFICATIONS]
    return run.counts["lapsed"]


def revoked(user, *, now, reason="Certification obtained with a forged application."):
    """A KDLA reviewer revokes `user`'s certification."""
    return certification_revoke(
        certification=Certification.objects.get(user=user), reviewer=ReviewerFactory(), reason=reason, now=now
    )


def applying(user, *, registered_on: dt.date, window_days=30):
    """`user` registered for the initial application on `registered_on`: an open upload window."""
    registered_at = rules.end_of_day(registered_on) - dt.timedelta(hours=12)
    return CredentialFactory(
        user=user,
        program=program("part-time-initial-application"),
        cycle_start=registered_on,
        cycle_end=registered_on + dt.timedelta(days=60),
        registered_at=registered_at,
        upload_deadline=rules.upload_deadline(registered_on, window_days),
    )


def credit_request_decided(
    user, *, course="Workshop", requested="2", approved="1", decided_at=None, created_at=None
):
    """A credit request of `user` against their ACTIVE renewal-credits cycle, decided PARTIALLY APPROVED."""
    from decimal import Decimal

    from django.core.files.base import ContentFile
    from django.utils import timezone

    from credit_requests.models import CreditRequest
    from reviews.models import Decision
    from tests.factories import ReviewerFactory

    cycle = (
        user.credentials.filter(program__code="part-time-renewal-credits").order_by("-cycle_start").first()
    )
    decided_at = decided_at or timezone.now()
    request = CreditRequest(
        user=user,
        credential=cycle,
        activity_date=cycle.cycle_start,
        course=course,
        description="CE Activities",
        requested_credits=Decimal(requested),
        approved_credits=Decimal(approved),
        status=CreditRequest.Status.PARTIALLY_APPROVED,
        notes="Only one day attended.",
        original_name="evidence-secret.pdf",
        content_type="application/pdf",
        size=8,
        created_at=created_at or decided_at - dt.timedelta(days=3),
        decided_at=decided_at,
    )
    request.file.save("evidence.pdf", ContentFile(b"%PDF-1.4"), save=True)
    Decision.objects.create(
        credit_request=request,
        reviewer=ReviewerFactory(),
        outcome=Decision.Outcome.PARTIALLY_APPROVED,
        note="Only one day attended.",
        approved_credits=Decimal(approved),
        decided_at=decided_at,
    )
    return request
