"""Reviewers' person pages (issue 13): find anyone by name, email or library, and on their page see everything
held about them and act: extend an upload window, enroll, reinstate, reopen a credit decision, add a note.

Thin: each action is one service call; the services check the rules, record the event and email.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from accounts import people as people_services
from accounts import roles
from accounts.models import REVIEW_PERMISSION
from credentials import services as credential_services
from credentials import staff_actions
from credentials.certification import certification_label
from credentials.models import Certificate, CredentialStatus
from credit_requests.models import CreditRequest
from reviews import reopen, selectors_people
from reviews.forms_people import EnrollForm, ExtendWindowForm, NoteForm, ReinstateForm, ReopenForm
from reviews.services import ReviewError

FORMS = {
    "extend": ExtendWindowForm,
    "enroll": EnrollForm,
    "reinstate": ReinstateForm,
    "reopen": ReopenForm,
    "note": NoteForm,
}


@login_required
@permission_required(REVIEW_PERMISSION, raise_exception=True)
def people(request):
    query = request.GET.get("q", "").strip()[:100]
    paginator = Paginator(selectors_people.staff_search(query=query), selectors_people.PEOPLE_PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    return render(request, "reviews/people.html", {"page": page, "query": query})


def _choices(records):
    """The records each action applies to, from what the page loaded (no query of its own)."""
    credentials = records["credentials"]

    def label(credential):
        return f"{credential.program.credential_name}, {credential.cycle_start:%m/%d/%Y} to {credential.cycle_end:%m/%d/%Y}"

    return {
        "extend": [
            (c.pk, label(c))
            for c in credentials
            if c.status == CredentialStatus.ACTIVE and c.program.is_application and c.upload_deadline
        ],
        "reinstate": [
            (c.pk, label(c))
            for c in credentials
            if c.status == CredentialStatus.EXPIRED and c.program.is_application
        ],
        "enroll": [(p.pk, p.credential_name) for p in records["renewal_programs"]],
        "reopen": [
            (r.pk, f"{r.course} ({r.get_status_display()}, {r.decided_at:%m/%d/%Y})")
            for r in records["credit_requests"]
            if r.status
            in (
                CreditRequest.Status.APPROVED,
                CreditRequest.Status.PARTIALLY_APPROVED,
                CreditRequest.Status.DENIED,
            )
            and r.decided_at
        ],
    }


def _forms(data, action, choices):
    forms = {}
    for name, form_class in FORMS.items():
        kwargs = {"prefix": name}
        if name in choices:
            kwargs["choices"] = choices[name]
        forms[name] = form_class(data if name == action else None, **kwargs)
    return forms


def _act(*, action, form, person, records, reviewer, now):
    """Call the one service of `action`; returns the success message."""
    data = form.cleaned_data
    if action == "note":
        people_services.person_note_add(user=person, actor=reviewer, now=now, note=data["note"])
        return "Note added."
    by_id = {
        "extend": {c.pk: c for c in records["credentials"]},
        "reinstate": {c.pk: c for c in records["credentials"]},
        "enroll": {p.pk: p for p in records["renewal_programs"]},
        "reopen": {r.pk: r for r in records["credit_requests"]},
    }
    record = by_id[action][data["record"]]  # the other actions act on one of the person's records
    if action == "extend":
        credential_services.credential_extend_deadline(
            credential=record, new_date=data["new_date"], now=now, actor=reviewer, note=data["reason"]
        )
        return f"The upload deadline of {record.program.credential_name} is now {data['new_date']:%m/%d/%Y}."
    if action == "reinstate":
        staff_actions.application_reinstate(
            credential=record, new_date=data["new_date"], now=now, actor=reviewer, note=data["reason"]
        )
        return f"{record.program.credential_name} is ACTIVE again, uploads until {data['new_date']:%m/%d/%Y}."
    if action == "enroll":
        credential = staff_actions.credential_enroll(
            user=person, program=record, start=data["start"], now=now, actor=reviewer, note=data["note"]
        )
        return (
            f"Enrolled in {record.credential_name}: {credential.cycle_start:%m/%d/%Y} to "
            f"{credential.cycle_end:%m/%d/%Y}."
        )
    if action == "reopen":
        reopen.credit_decision_reopen(
            credit_request_id=record.pk, reviewer=reviewer, reason=data["reason"], now=now
        )
        return f"The decision on {record.course} is reopened: the request is PENDING in the queue."
    raise ValueError(f"unknown action {action!r}")


def _history(records):
    """Credential, certification and person events in one list, newest first."""

    def row(event, *, subject, rank, from_value="", to_value=""):
        return {
            "at": event.at,
            "label": event.get_kind_display(),
            "subject": subject,
            "actor": event.actor,
            "from_value": from_value,
            "to_value": to_value,
            "note": event.note,
            "order": (event.at, rank, event.pk),
        }

    rows = [
        row(
            e,
            subject=e.credential.program.credential_name,
            rank=0,
            from_value=e.from_value,
            to_value=e.to_value,
        )
        for e in records["credential_events"]
    ]
    rows += [row(e, subject="Account", rank=1) for e in records["person_events"]]
    rows += [
        row(
            e,
            subject=certification_label(e.certification.program),
            rank=2,
            from_value=e.from_value,
            to_value=e.to_value,
        )
        for e in records["certification_events"]
    ]
    return sorted(rows, key=lambda r: r["order"], reverse=True)


def _certifications(records):
    """Each certification with its label and its current (newest) certificate, from the loaded rows."""
    newest: dict[int, Certificate] = {}  # certification id -> its newest certificate
    for certificate in records["certificates"]:  # newest first
        newest.setdefault(certificate.certification_id, certificate)
    return [
        {
            "certification": certification,
            "label": certification_label(certification.program),
            "certificate": newest.get(certification.pk),
        }
        for certification in records["certifications"]
    ]


@login_required
@permission_required(REVIEW_PERMISSION, raise_exception=True)
@require_http_methods(["GET", "POST"])
def person(request, pk):
    now = timezone.now()
    person = selectors_people.person_for_review(pk=pk)
    records = selectors_people.person_records(person=person)
    choices = _choices(records)
    action = request.POST.get("action", "") if request.method == "POST" else ""
    if request.method == "POST" and action not in FORMS:
        messages.error(request, "Choose one of the actions on this page.")
        return redirect("reviews:person", pk=person.pk)
    forms = _forms(request.POST if action else None, action, choices)
    if action and forms[action].is_valid():
        try:
            message = _act(
                action=action,
                form=forms[action],
                person=person,
                records=records,
                reviewer=request.user,
                now=now,
            )
        except PermissionDenied:
            raise
        except (
            credential_services.CredentialError,
            ReviewError,
            people_services.PersonError,
            ValidationError,
        ) as error:
            form = forms[action]
            field = getattr(error, "field", None)
            form.add_error(
                field if field in form.fields else None,
                error.messages if isinstance(error, ValidationError) else str(error),
            )
        else:
            messages.success(request, message)
            return redirect("reviews:person", pk=person.pk)
    return render(
        request,
        "reviews/person.html",
        {
            "person": person,
            "roles": [role.label for role in roles.user_roles(person)],
            **records,
            "history": _history(records),
            "history_caption": f"Everything recorded about {person.display_name}, newest first",
            "certification_rows": _certifications(records),
            "forms": forms,
            "choices": choices,
            "action": action,
        },
        status=400 if action else 200,
    )
