"""Reviewer reads about one person (issue 13): find anyone, and everything held about them on one page.

A fixed number of queries whatever the size of their history: one per kind of record, no per-row lookups.
"""

from django.db.models import Count, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404

from accounts.models import PersonEvent, SentEmail, User
from courses.models import Enrollment
from credentials.certification import certification_label
from credentials.models import Certification, Credential, CredentialEvent, ExternalFile, Program
from credentials.selectors import with_earned
from credit_requests.models import CreditRequest
from reviews.selectors import _search

PEOPLE_PAGE_SIZE = 25


def _count_of(queryset, user_field):
    counted = (
        queryset.filter(**{user_field: OuterRef("pk")}).values(user_field).annotate(n=Count("pk")).values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def staff_search(*, query):
    """Everyone (learners and staff, active or not) matching every word of `query` in name, email or library,
    with their number of pending items; ordered by name."""
    people = User.objects.select_related("library").annotate(
        pending_files=_count_of(ExternalFile.objects.filter(status=ExternalFile.Status.SUBMITTED), "owner"),
        pending_requests=_count_of(CreditRequest.objects.filter(status=CreditRequest.Status.PENDING), "user"),
    )
    return _search(people, user_path="", query=query).order_by("last_name", "first_name", "email", "pk")


def person_for_review(*, pk) -> User:
    return get_object_or_404(User.objects.select_related("library").prefetch_related("groups"), pk=pk)


def _certifications(person):
    """What KDLA awarded (issue 12), each with its name (`label`), for the link to its page (revocation)."""
    certifications = list(
        Certification.objects.filter(user=person).select_related("program").order_by("-created_at", "-id")
    )
    for certification in certifications:
        certification.label = certification_label(certification.program)
    return certifications


def person_records(*, person) -> dict:
    """Every record of `person` the page shows, one query each."""
    credentials = list(
        with_earned(Credential.objects.filter(user=person))
        .select_related("program")
        .order_by("-registered_at", "-id")
    )
    credential_events = list(
        CredentialEvent.objects.filter(credential__user=person).select_related("actor", "credential__program")
    )
    person_events = list(PersonEvent.objects.filter(user=person).select_related("actor"))
    return {
        "certifications": _certifications(person),
        "credentials": credentials,
        "files": list(
            ExternalFile.objects.filter(owner=person).select_related(
                "credential__program", "document_type", "decided_by"
            )
        ),
        "credit_requests": list(
            CreditRequest.objects.filter(user=person).select_related("credential__program", "decided_by")
        ),
        "enrollments": list(
            Enrollment.objects.filter(user=person).select_related("course").order_by("-registered_at", "-id")
        ),
        "emails": list(SentEmail.objects.filter(user=person).order_by("-created_at", "-id")),
        "credential_events": credential_events,
        "person_events": person_events,
        "renewal_programs": list(
            Program.objects.filter(kind=Program.Kind.RENEWAL_CREDITS).order_by("credential_name")
        ),
    }
