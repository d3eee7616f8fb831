"""Every write to a credit request: submitting one ("Request new Credit"), the virus scan's verdict and what a
reviewer's decision does to the request (the `reviews.Decision` row is written by the reviews app, which calls
`credit_request_decide`).

Every status change goes through `credit_request_transition`, checked against `TRANSITIONS`. Every rule is
checked here, whatever the form already checked. Refusals are `ValidationError`s keyed by the form's field
names so the view shows each message next to its field.
"""

import datetime as dt

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Sum

from accounts.emails import email_send_once
from accounts.models import REVIEW_PERMISSION
from credentials import rules
from credentials.cycles import counting_window
from credentials.files import (
    delete_stored_files_on_error,
    display_name,
    infected_message,
    validate_upload,
    virus_scan_enabled,
    virus_scan_enqueue,
)
from credentials.models import Credential, CreditEntry, EventKind
from credentials.services.base import (
    already_decided_message,
    credential_event_record,
    row_status_move,
    self_decision_refusal,
)
from credentials.services.ledger import credential_add_credit
from credit_requests.models import CreditRequest
from credit_requests.rules import credit_decision_status
from credit_requests.selectors import active_renewal_credentials
from portal.text import clean_text, max_length

OPEN_STATUSES = [CreditRequest.Status.PENDING, CreditRequest.Status.SCANNING]

Status = CreditRequest.Status
TRANSITIONS = {
    Status.SCANNING: {Status.PENDING, Status.INFECTED},  # c3: the virus scan's verdict
    Status.PENDING: {Status.APPROVED, Status.PARTIALLY_APPROVED, Status.DENIED},  # a reviewer's decision
    # A second reviewer reopens a decision (reviews.reopen, issue 13): back into the queue.
    Status.APPROVED: {Status.PENDING},
    Status.PARTIALLY_APPROVED: {Status.PENDING},
    Status.DENIED: {Status.PENDING},
    Status.INFECTED: set(),
}


class CreditRequestError(Exception):
    """A refused decision; the message is meant for the reviewer."""


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
    elif problem := rules.activity_date_error(
        activity_date,
        today=rules.local_date(now),
        # The cycle's counting window: a next cycle opened early by a renewal counts from the day it opened.
        cycle_start=counting_window(credential)[0] if credential else None,
        cycle_end=counting_window(credential)[1] if credential else None,
    ):
        errors["activity_date"] = problem
    course = clean_text(course, multiline=False)
    description = clean_text(description, multiline=False)
    if not course:
        errors["course"] = "Enter the course, for example Annual Summation."
    elif len(course) > (limit := max_length(CreditRequest, "course")):
        errors["course"] = f"The course name is too long (at most {limit} characters)."
    if not description:
        errors["description"] = "Enter a description, for example CE Activities."
    elif len(description) > (limit := max_length(CreditRequest, "description")):
        errors["description"] = f"The description is too long (at most {limit} characters)."
    credits = rules.parse_credits(requested_credits) if requested_credits not in (None, "") else None
    if credits is None:
        errors["requested_credits"] = "Enter the number of requested contact hours, for example 15 or 2.5."
    else:
        problem = rules.requested_credits_error(credits)
        if problem:
            errors["requested_credits"] = problem
    content_type = ""
    try:
        content_type, _extension = validate_upload(uploaded_file)
    except ValidationError as exc:
        errors["file"] = " ".join(exc.messages)
    if errors or credits is None:  # no credits always comes with its error above
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
        _learner_limits_check(credit_request)
        credit_request.file.save("upload", uploaded_file, save=False)
        try:
            with transaction.atomic():
                credit_request.save()
        except IntegrityError:  # the same request, sent in parallel, won the unique constraint
            raise ValidationError({NON_FIELD_ERRORS: _duplicate_message(credit_request)}) from None
        if credit_request.status == CreditRequest.Status.SCANNING:
            from credit_requests.tasks import scan_credit_request

            virus_scan_enqueue(scan_credit_request, credit_request.pk)
        credential_event_record(
            credential=credential,
            kind=EventKind.CREDIT_REQUEST,
            now=now,
            actor=user,
            to_value=Status.PENDING.label,
            note=f"{course}: {rules.format_hours(credits)} contact hours requested.",
        )
        email_send_once(
            key=f"credit:{credit_request.pk}:submitted",
            user=user,
            subject="We received your credit request",
            template="credit_submitted",
            context={"credit_request": credit_request, "credential": credential},
        )
    return credit_request


def _duplicate_message(credit_request) -> str:
    return (
        f"You already sent this request ({credit_request.course}, {credit_request.activity_date:%m/%d/%Y}, "
        f"{rules.format_hours(credit_request.requested_credits)} contact hours): it is waiting for review."
    )


def _learner_limits_check(credit_request) -> None:
    """Refuse an identical open request and the learner's caps on open requests and their files' volume.

    Runs with the learner's row locked, so two parallel submissions of one learner are checked one after the
    other (PostgreSQL); the unique constraint `creditrequest_one_open_identical` backs the duplicate rule on
    every database. Open = PENDING or held for the virus scan."""
    from accounts.models import User

    User.objects.select_for_update().filter(pk=credit_request.user_id).values_list("pk", flat=True).first()
    open_requests = CreditRequest.objects.filter(user_id=credit_request.user_id, status__in=OPEN_STATUSES)
    if open_requests.filter(
        credential_id=credit_request.credential_id,
        activity_date=credit_request.activity_date,
        course=credit_request.course,
        requested_credits=credit_request.requested_credits,
    ).exists():
        raise ValidationError({NON_FIELD_ERRORS: _duplicate_message(credit_request)})
    if open_requests.count() >= settings.CREDIT_REQUESTS_MAX_OPEN:
        raise ValidationError(
            {
                NON_FIELD_ERRORS: f"You have {settings.CREDIT_REQUESTS_MAX_OPEN} credit requests waiting for "
                "review, the most at one time. You can send more once KDLA has decided some of them."
            }
        )
    volume = open_requests.aggregate(total=Sum("size"))["total"] or 0
    if volume + credit_request.size > settings.CREDIT_REQUESTS_MAX_OPEN_BYTES:
        limit_mb = settings.CREDIT_REQUESTS_MAX_OPEN_BYTES // (1024 * 1024)
        raise ValidationError(
            {
                "file": f"Your credit requests waiting for review already hold {volume / 2**20:.1f} MB of files; "
                f"together they may hold at most {limit_mb} MB. Send a smaller file, or wait until KDLA has "
                "decided some of them."
            }
        )


def credit_request_decision_refusal(*, credit_request, reviewer) -> str | None:
    """Why `reviewer` may not decide `credit_request` (as it was read): decided already, or their own request."""
    if credit_request.status != Status.PENDING:
        return already_decided_message(
            noun="request",
            outcome="decided",
            decided_by=credit_request.decided_by,
            decided_at=credit_request.decided_at,
        )
    return self_decision_refusal(
        actor=reviewer, owner_id=credit_request.user_id, what="decide your own credit request"
    )


@transaction.atomic
def credit_request_transition(
    *, credit_request_id, to_status, now, actor=None, fields=None, event=None, email=None
) -> tuple[CreditRequest, bool]:
    """Lock the request and move it to `to_status`. Returns (request, changed).

    Returns unchanged if the request is already there; refuses (CreditRequestError) a move TRANSITIONS forbids;
    saves the status with `fields` (name -> value); records `event(request)` (kind, note; from and to are the
    statuses' labels) on the request's credential and sends `email(request)` (on commit, once per key).
    """
    credit_request = (
        CreditRequest.objects.select_for_update(of=("self",))
        .select_related("credential")
        .get(pk=credit_request_id)
    )
    changed = row_status_move(
        credit_request,
        to_status=to_status,
        allowed=TRANSITIONS,
        statuses=Status,
        refuse=lambda row: CreditRequestError(
            f"This request is {row.get_status_display()} and cannot become {Status(to_status).label}."
        ),
        now=now,
        actor=actor,
        fields=fields,
        event=event,
        email=email,
    )
    return credit_request, changed


@transaction.atomic
def credit_request_decide(*, credit_request, reviewer, approved_credits, notes, now) -> CreditRequest:
    """A reviewer approves all, some or none of a request, once. Approved hours go to the ledger.

    Nobody decides their own request; a decided request is refused with who decided it and when.
    """
    if not (reviewer.is_active and reviewer.has_perm(REVIEW_PERMISSION)):
        raise PermissionDenied("Only KDLA reviewers decide credit requests.")
    locked = CreditRequest.objects.select_for_update(of=("self",)).get(pk=credit_request.pk)
    refusal = credit_request_decision_refusal(credit_request=locked, reviewer=reviewer)
    if refusal:
        raise CreditRequestError(refusal)
    approved = rules.parse_credits(approved_credits) if approved_credits not in (None, "") else None
    if approved is None:
        raise ValidationError({"approved_credits": "Enter the approved credits as a number (0 to deny)."})
    problem = rules.approved_credits_error(approved, locked.requested_credits)
    if problem:
        raise ValidationError({"approved_credits": problem})
    notes = clean_text(notes)
    notes_limit = max_length(CreditRequest, "notes")
    if len(notes) > notes_limit:
        raise ValidationError({"notes": f"The notes are too long (at most {notes_limit:,} characters)."})
    status = credit_decision_status(approved, locked.requested_credits)
    if status != Status.APPROVED and not notes:
        raise ValidationError(
            {
                "notes": "Notes are required unless all the requested credits are approved: tell the learner why."
            }
        )
    locked, _changed = credit_request_transition(
        credit_request_id=locked.pk,
        to_status=status,
        now=now,
        actor=reviewer,
        fields={"approved_credits": approved, "notes": notes, "decided_at": now, "decided_by": reviewer},
        event=lambda r: (
            EventKind.CREDIT_DECISION,
            f"{r.course}: {rules.format_hours(approved)} of {rules.format_hours(r.requested_credits)} contact hours approved."
            + (f" {notes}" if notes else ""),
        ),
        email=lambda r: {
            "key": f"credit:{r.round_key}:decided",
            "user": r.user,
            "subject": f"Your credit request was {r.get_status_display().lower()}",
            "template": "credit_decided",
            "context": {"credit_request": r, "credential": r.credential},
        },
    )
    if approved > 0:
        credential_add_credit(
            credential=locked.credential,
            source=CreditEntry.Source.REQUEST,
            source_key=f"request:{locked.round_key}",
            hours=approved,
            activity_date=locked.activity_date,
            title=locked.course,
            description=locked.description,
            now=now,
            actor=reviewer,
        )
    return locked


# --- c3: virus scan verdicts (evidence held as SCANNING while CLAMD_HOST is set) ---------------------------


@transaction.atomic
def credit_request_scanned(*, credit_request_id, signature, now) -> CreditRequest:
    """Record clamd's verdict: clean -> PENDING (now in the review queue); infected -> file deleted, refused.

    Idempotent: a request no longer SCANNING (a redelivered task) is left as it is.
    """
    held = CreditRequest.objects.select_for_update(of=("self",)).get(pk=credit_request_id)
    if held.status != Status.SCANNING:
        return held
    if signature is None:
        return credit_request_transition(credit_request_id=held.pk, to_status=Status.PENDING, now=now)[0]
    credit_request, _changed = credit_request_transition(
        credit_request_id=held.pk,
        to_status=Status.INFECTED,
        now=now,
        fields={"notes": infected_message(held.original_name, signature), "decided_at": now},
        event=lambda r: (
            EventKind.CREDIT_REQUEST_INFECTED,
            f"{r.course}: {r.original_name}: {signature}. The stored file was deleted.",
        ),
    )
    name = credit_request.file.name
    transaction.on_commit(lambda: credit_request.file.storage.delete(name))
    return credit_request
