"""Bad input gets a message next to the field, never a 500: bounded dates, bounded free text, and no invisible
bidi-override or zero-width characters in what is stored."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from credentials import rules
from credentials.models import CredentialEvent
from credit_requests.models import CreditRequest
from portal.text import clean_text
from tests.credentials.applications import registered_application, uploaded_application_file
from tests.credit_requests.helpers import pdf_file, submit
from tests.factories import CredentialFactory, ReviewerFactory

pytestmark = pytest.mark.django_db

RLO, ZWSP, ZWJ, BOM = "\u202e", "\u200b", "\u200d", "\ufeff"


def _pending_file():
    return uploaded_application_file()


def test_extending_a_deadline_to_the_year_9999_is_a_form_error_not_a_500(client, seeded):
    external_file = _pending_file()
    client.force_login(ReviewerFactory())
    response = client.post(
        reverse("reviews:file", args=[external_file.pk]),
        {"action": "extend", "new_date": "12/31/9999", "reason": "typo"},
    )
    assert response.status_code == 400  # the decision screen again, the message next to the field
    assert "Enter a date between 01/01/1900 and 12/31/2099." in response.content.decode()
    assert not CredentialEvent.objects.filter(kind="deadline").exists()


def test_the_deadline_service_refuses_a_date_past_the_bound(seeded):
    from credentials import services

    external_file = _pending_file()
    with pytest.raises(services.CredentialError, match="between 01/01/1900 and 12/31/2099"):
        services.credential_extend_deadline(
            credential=external_file.credential,
            new_date=dt.date(9999, 12, 31),
            now=timezone.now(),
            actor=None,
            note="typo",
        )


def test_credit_decision_notes_have_a_limit(client, seeded):
    start = rules.local_date(timezone.now()) - dt.timedelta(days=200)
    credential = CredentialFactory(cycle_start=start, cycle_end=rules.add_years(start, 5))
    request = submit(credential=credential, now=timezone.now(), activity_date=start)
    client.force_login(ReviewerFactory())
    response = client.post(
        reverse("reviews:credit", args=[request.pk]),
        {"approved_credits": "0", "notes": "x" * 100_000, "action": "deny"},
    )
    assert response.status_code == 200
    assert "Ensure this value has at most 2000 characters" in response.content.decode()
    request.refresh_from_db()
    assert request.status == CreditRequest.Status.PENDING


def test_every_free_text_model_field_has_a_limit():
    from django.apps import apps

    ours = {"accounts", "courses", "credentials", "credit_requests", "reviews", "directors", "portal"}
    unlimited = [
        f"{model._meta.label}.{field.name}"
        for model in apps.get_models()
        if model._meta.app_label in ours
        for field in model._meta.get_fields()
        if field.get_internal_type() in ("TextField", "CharField") and not getattr(field, "max_length", None)
    ]
    # Written by the portal itself, never typed by a person: rendered emails, course content, job errors.
    allowed = {
        "accounts.SentEmail.body_text",
        "accounts.SentEmail.body_html",
        "courses.CatalogItem.summary",
        "courses.Lesson.body",
        "portal.JobRun.error",
    }
    assert set(unlimited) <= allowed, sorted(set(unlimited) - allowed)


def test_invisible_bidi_and_zero_width_characters_are_stripped_from_free_text():
    assert clean_text(f"Annual{ZWSP} Summation{RLO}fdp.exe{BOM}") == "Annual Summationfdp.exe"
    assert clean_text(f"line one{ZWJ}\r\nline two\tend\x00") == "line one\nline two\tend"
    assert clean_text("one\ntwo", multiline=False) == "onetwo"


def test_a_credit_request_stores_its_text_without_bidi_overrides(client, seeded):
    start = rules.local_date(timezone.now()) - dt.timedelta(days=200)
    credential = CredentialFactory(cycle_start=start, cycle_end=rules.add_years(start, 5))
    client.force_login(credential.user)
    response = client.post(
        reverse("credit_requests:new"),
        {
            "activity_date": (start + dt.timedelta(days=10)).strftime("%m/%d/%Y"),
            "course": f"Annual {RLO}noitammuS",
            "description": f"CE{ZWSP} Activities",
            "credential": str(credential.pk),
            "requested_credits": "15",
            "file": pdf_file(f"LARs{RLO}fdp.exe.pdf"),
        },
    )
    assert response.status_code == 302
    stored = CreditRequest.objects.get()
    assert (stored.course, stored.description) == ("Annual noitammuS", "CE Activities")
    assert RLO not in stored.original_name


def test_profile_names_are_stored_without_zero_width_characters(client):
    from tests.factories import UserFactory

    user = UserFactory()
    client.force_login(user)
    client.post(
        reverse("profile"),
        {
            "first_name": f"Pat{ZWSP}",
            "last_name": f"{RLO}Doe",
            "library": user.library_id,
            "job_title": "Clerk",
        },
    )
    user.refresh_from_db()
    assert (user.first_name, user.last_name) == ("Pat", "Doe")


# Every form field a person types free text into is a FreeTextField (cleaned before it is checked and stored).
# Text fields that are not free text: numbers typed as text and a search box that is never stored.
NOT_FREE_TEXT = {
    "credit_requests.forms.CreditRequestForm.requested_credits",
    "credit_requests.forms.CreditDecisionForm.approved_credits",
    "courses.forms.CatalogFilterForm.q",
}


def _subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


def test_every_free_text_form_field_is_cleaned():
    """The person page's reasons and notes, the revocation reason and the admin's forms were plain CharFields:
    a reviewer's note kept a U+202E that reorders what the next reviewer reads."""
    import pkgutil
    from importlib import import_module

    from django import forms

    ours = {"accounts", "courses", "credentials", "credit_requests", "reviews", "directors", "portal"}
    for package in ours:  # every module, hence every form class the portal declares
        for module in pkgutil.walk_packages(import_module(package).__path__, f"{package}."):
            if ".migrations" not in module.name and not module.name.endswith(("wsgi", "asgi")):
                import_module(module.name)
    plain = []
    for form in set(_subclasses(forms.BaseForm)):
        if form.__module__.split(".")[0] not in ours:
            continue
        # Fields a third-party base declares (allauth's signup username, removed when unused) are not ours.
        inherited = {
            name
            for base in form.__mro__[1:]
            if base.__module__.split(".")[0] not in ours
            for name in getattr(base, "base_fields", {})
        }
        plain += [
            f"{form.__module__}.{form.__name__}.{name}"
            for name, field in getattr(form, "base_fields", {}).items()
            if type(field) is forms.CharField and name not in inherited
        ]
    offenders = sorted(name for name in plain if name not in NOT_FREE_TEXT)
    assert offenders == [], "\n".join(offenders)


def test_a_person_page_reason_is_stored_without_bidi_or_zero_width_characters(client, seeded):

    application = registered_application()
    client.force_login(ReviewerFactory())
    new_date = rules.local_date(timezone.now()) + dt.timedelta(days=45)
    response = client.post(
        reverse("reviews:person", args=[application.user.pk]),
        {
            "action": "extend",
            "extend-record": application.pk,
            "extend-new_date": new_date.strftime("%m/%d/%Y"),
            "extend-reason": f"Sick{RLO}leave{ZWSP}{ZWJ}{BOM}!",
        },
    )
    assert response.status_code == 302
    assert CredentialEvent.objects.get(kind="deadline").note == "Sickleave!"


def test_history_notes_are_cleaned_by_the_services_that_record_them(seeded):
    """Services clean again what they store (a command or an admin action passes no form)."""
    from accounts.models import PersonEvent
    from accounts.people import person_note_add
    from credentials import services

    application = registered_application()
    services.credential_extend_deadline(
        credential=application,
        new_date=rules.local_date(timezone.now()) + dt.timedelta(days=45),
        now=timezone.now(),
        actor=None,
        note=f"By{RLO} phone{ZWSP}",
    )
    assert CredentialEvent.objects.get(kind="deadline").note == "By phone"
    person_note_add(user=application.user, actor=None, now=timezone.now(), note=f"{BOM}Called{ZWJ} back")
    assert PersonEvent.objects.get(kind=PersonEvent.Kind.NOTE).note == "Called back"


def test_a_revocation_reason_is_stored_and_emailed_without_bidi_overrides(seeded):
    from credentials.certification import certification_revoke
    from credentials.models import Certification
    from tests.credentials.certification_helpers import certified

    user = certified(at=timezone.now() - dt.timedelta(days=30))
    certification_revoke(
        certification=Certification.objects.get(user=user),
        reviewer=ReviewerFactory(),
        reason=f"Signed by{RLO} someone else{ZWSP}",
        now=timezone.now(),
    )
    certification = Certification.objects.get(user=user)
    assert certification.revoked_reason == "Signed by someone else"
    assert certification.events.get(kind="revoked").note == "Signed by someone else"


def test_staff_import_stores_names_without_invisible_characters(seeded, tmp_path):
    from accounts.models import Library, User
    from accounts.services import staff_import

    library = Library.objects.order_by("name").first()
    path = tmp_path / "staff.csv"
    path.write_text(
        "email,first_name,last_name,library,job_title\n"
        f"pat@example.org,Pat{ZWSP},{RLO}Doe,{library.name},Clerk{BOM}\n",
        encoding="utf-8",
    )
    with path.open(encoding="utf-8") as handle:
        staff_import(handle=handle)
    user = User.objects.get(email="pat@example.org")
    assert (user.first_name, user.last_name, user.job_title) == ("Pat", "Doe", "Clerk")
