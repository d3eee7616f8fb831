"""Every write to a credit request: submitting one ("Request new Credit") and a reviewer's decision.

Every rule is checked here, whatever the form already checked. Refusals are `ValidationError`s keyed by
the form's field names so the view shows each message next to its field.
"""

import datetime as dt
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from accounts.emails import email_send_once
from credentials import rules
from credentials.files import (
    delete_stored_files_on_error,
    display_name,
    infected_message,
    validate_upload,
    virus_scan_enabled,
    virus_scan_enqueue,
)
from credentials.models import Credential, CreditEntry
from credentials.services import credential_add_credit, credential_event_record
from credit_requests.models import CreditRequest
from credit_requests.selectors import active_renewal_credentials


class CreditRequestError(Exception):
    """A refused decision; the message is meant for the reviewer."""


def _fmt(day: dt.date) -> str:
    return day.strftime("%m/%d/%Y")


def _hours(value: Decimal) -> str:
    return f"{value.normalize():f}"


def credit_request_submit(
    *,
    user,
    credential_id,
    activity_date,
    course,
    description,
    requested_credits,
    uploaded_file,
    now,
) -> CreditRequest:
    """Record a learner's request for credits; no row and no stored file when anything is refused."""
    errors: dict[str, str] = {}
    credential = None
    try:
        credential = active_renewal_credentials(user=user).get(pk=int(credential_id))
    except (TypeError, ValueError, Credential.DoesNotExist):
        # Someone else's id, a finished credential or garbage: the same answer, nothing revealed.
        errors["credential"] = "Choose one of your active renewal-credits credentials."
    if not isinstance(activity_date, dt.date):
        errors["activity_date"] = "Enter the Activity Date as MM/dd/yyyy."
    elif activity_date > rules.local_date(now):
        errors["activity_date"] = "The Activity Date cannot be in the future."
    elif credential is not None and not rules.date_in_cycle(
        activity_date, credential.cycle_start, credential.cycle_end
    ):
        errors["activity_date"] = (
            "The Activity Date must be within the Start and End Date of the selected Credential "
            f"({_fmt(credential.cycle_start)} to {_fmt(credential.cycle_end)})."
        )
    course = (course or "").strip()
    description = (description or "").strip()
    if not course:
        errors["course"] = "Enter the course, for example Annual Summation."
    elif len(course) > CreditRequest._meta.get_field("course").max_length:
        errors["course"] = "The course name is too long (at most 200 characters)."
    if not description:
        errors["description"] = "Enter a description, for example CE Activities."
    elif len(description) > CreditRequest._meta.get_field("description").max_length:
        errors["description"] = "The description is too long (at most 500 characters)."
    credits = rules.parse_credits(requested_credits) if requested_credits not in (None, "") else None
    if credits is None:
        errors["requested_credits"] = "Enter the number of requested contact hours, for example 15 or 2.5."
    else:
        problem = rules.requested_credits_error(credits)
        if problem:
            errors["requested_credits"] = problem
    content_type = None
    try:
        content_type, _extension = validate_upload(uploaded_file)
    except ValidationError as exc:
        errors["file"] = " ".join(exc.messages)
    if errors:
        raise ValidationError(errors)

    credit_request = CreditRequest(
        user=user,
        credential=credential,
        activity_date=activity_date,
        course=course,
        description=description,
        requested_credits=credits,
        original_name=display_name(uploaded_file.name),
        content_type=content_type,
        size=uploaded_file.size,
        created_at=now,
        status=CreditRequest.Status.SCANNING if virus_scan_enabled() else CreditRequest.Status.PENDING,
    )
    # The stored file is deleted again if the row or anything after it fails (commit included).
    with delete_stored_files_on_error(credit_request.file), transaction.atomic():
        credit_request.file.save("upload", uploaded_file, save=False)
        credit_request.save()
        if credit_request.status == CreditRequest.Status.SCANNING:
            from credit_requests.tasks import scan_credit_request

            virus_scan_enqueue(scan_credit_request, credit_request.pk)
        credential_event_record(
            credential=credential,
            kind="credit_request",
            now=now,
            actor=user,
            to_value="PENDING",
            note=f"{course}: {_hours(credits)} contact hours requested.",
        )
        email_send_once(
            key=f"credit:{credit_request.pk}:submitted",
            user=user,
            subject="We received your credit request",
            template="credit_submitted",
            context={"credit_request": credit_request, "credential": credential},
        )
    return credit_request


@transaction.atomic
def credit_request_decide(*, credit_request, reviewer, approved_credits, notes, now) -> CreditRequest:
    """A reviewer approves all, some or none of a request, once. Approved hours go to the ledger."""
    if not (reviewer.is_active and reviewer.has_perm("reviews.review_submissions")):
        raise PermissionDenied("Only KDLA reviewers decide credit requests.")
    from reviews.models import Decision  # reviews builds on credit_requests; the row is written here

    locked = CreditRequest.objects.select_for_update().get(pk=credit_request.pk)
    if locked.status != CreditRequest.Status.PENDING:
        who = locked.decided_by.display_name if locked.decided_by else "another reviewer"
        when = locked.decided_at.astimezone(rules.EASTERN).strftime("%m/%d/%Y at %I:%M %p")
        raise CreditRequestError(
            f"This request was already decided by {who} on {when} ({locked.get_status_display()})."
        )
    if locked.user_id == reviewer.pk:
        raise CreditRequestError("You cannot decide your own credit request.")
    approved = rules.parse_credits(approved_credits) if approved_credits not in (None, "") else None
    if approved is None:
        raise ValidationError({"approved_credits": "Enter the approved credits as a number (0 to deny)."})
    problem = rules.approved_credits_error(approved, locked.requested_credits)
    if problem:
        raise ValidationError({"approved_credits": problem})
    notes = (notes or "").strip()
    status = rules.credit_decision_status(approved, locked.requested_credits)
    if status != CreditRequest.Status.APPROVED and not notes:
        raise ValidationError(
            {
                "notes": "Notes are required unless all the requested credits are approved: tell the learner why."
            }
        )
    locked.approved_credits = approved
    locked.status = status
    locked.notes = notes
    locked.decided_at = now
    locked.decided_by = reviewer
    locked.save(update_fields=["approved_credits", "status", "notes", "decided_at", "decided_by"])
    Decision.objects.create(
        credit_request=locked,
        reviewer=reviewer,
        outcome=status,
        note=notes,
        approved_credits=approved,
        decided_at=now,
    )
    credential = locked.credential
    credential_event_record(
        credential=credential,
        kind="credit_decision",
        now=now,
        actor=reviewer,
        from_value="PENDING",
        to_value=locked.get_status_display(),
        note=f"{locked.course}: {_hours(approved)} of {_hours(locked.requested_credits)} contact hours approved."
        + (f" {notes}" if notes else ""),
    )
    if approved > 0:
        credential_add_credit(
            credential=credential,
            source=CreditEntry.Source.REQUEST,
            source_key=f"request:{locked.round_key}",
            hours=approved,
            activity_date=locked.activity_date,
            title=locked.course,
            description=locked.description,
            now=now,
            actor=reviewer,
        )
    email_send_once(
        key=f"credit:{locked.round_key}:decided",
        user=locked.user,
        subject=f"Your credit request was {locked.get_status_display().lower()}",
        template="credit_decided",
        context={"credit_request": locked, "credential": credential},
    )
    return locked


# --- c3: virus scan verdicts (evidence held as SCANNING while CLAMD_HOST is set) ---------------------------


@transaction.atomic
def credit_request_scanned(*, credit_request_id, signature, now) -> CreditRequest:
    """Record clamd's verdict: clean -> PENDING (now in the review queue); infected -> file deleted, refused.

    Idempotent: a request no longer SCANNING (a redelivered task) is left as it is.
    """
    credit_request = (
        CreditRequest.objects.select_for_update(of=("self",))
        .select_related("credential")
        .get(pk=credit_request_id)
    )
    if credit_request.status != CreditRequest.Status.SCANNING:
        return credit_request
    if signature is None:
        credit_request.status = CreditRequest.Status.PENDING
        credit_request.save(update_fields=["status"])
        return credit_request
    name = credit_request.file.name
    credit_request.status = CreditRequest.Status.INFECTED
    credit_request.notes = infected_message(credit_request.original_name, signature)
    credit_request.decided_at = now
    credit_request.save(update_fields=["status", "notes", "decided_at"])
    credential_event_record(
        credential=credit_request.credential,
        kind="credit_request_infected",
        now=now,
        from_value=CreditRequest.Status.SCANNING.label,
        to_value=CreditRequest.Status.INFECTED.label,
        note=f"{credit_request.course}: {credit_request.original_name}: {signature}. The stored file was deleted.",
    )
    transaction.on_commit(lambda: credit_request.file.storage.delete(name))
    return credit_request
