"""External Files: a learner uploads the document an application needs; the virus scan and a reviewer's
decision move the file through its allowed transitions (`FILE_TRANSITIONS`), always through
`external_file_transition`.

The `reviews.Decision` row is written by the reviews app (`reviews.services`), which calls
`external_file_decide`; this module owns what a decision does to the file and its application.
"""

from django.db import transaction

from accounts.emails import email_send_once
from credentials import files, rules
from credentials.models import FILE_ON_RECORD, Credential, CredentialStatus, EventKind, ExternalFile
from credentials.services.base import (
    CredentialError,
    already_decided_message,
    credential_event_record,
    row_status_move,
    self_decision_refusal,
)
from credentials.services.registration import application_complete
from portal.text import clean_text

Status = ExternalFile.Status
FILE_TRANSITIONS = {
    Status.SCANNING: {Status.SUBMITTED, Status.INFECTED},  # c3: the virus scan's verdict
    Status.SUBMITTED: {Status.APPROVED, Status.RETURNED},  # a reviewer's decision
    Status.APPROVED: set(),
    Status.RETURNED: set(),
    Status.INFECTED: set(),
}
DECIDED = {Status.APPROVED, Status.RETURNED}


def credential_upload_refusal(*, credential, now) -> str | None:
    """Why a file cannot be uploaded for `credential` now (a message for the learner); None if it can."""
    program = credential.program
    if not program.is_application:
        return f"{program.credential_name} does not take uploaded files."
    if credential.status != CredentialStatus.ACTIVE:
        return (
            f"{program.credential_name} is {credential.get_status_display()}: files can only be uploaded "
            "while it is ACTIVE."
        )
    if credential.upload_deadline is None:
        return f"{program.credential_name} has no upload window."
    if now > credential.upload_deadline:
        closed_on = rules.local_date(credential.upload_deadline).strftime("%m/%d/%Y")
        return f"The upload window for {program.credential_name} closed on {closed_on}."
    pending = credential.files.filter(status__in=FILE_ON_RECORD).first()
    if pending is not None:
        if pending.status == Status.APPROVED:
            return f"Your file for {program.credential_name} was already approved."
        return (
            f"Your file “{pending.original_name}” is awaiting KDLA review; you can upload another one only "
            "if it is returned to you."
        )
    return None


@transaction.atomic
def external_file_upload(*, user, credential, document_type, description, uploaded_file, now) -> ExternalFile:
    """A learner uploads the required document for their own ACTIVE application before its deadline.

    The content is checked first (nothing is stored for a refused file); the row, the stored file, the
    history event and the "upload received" email happen together; on any error the stored file is deleted.
    Raises CredentialError (rules) or django ValidationError (the file itself).
    """
    credential = (
        Credential.objects.select_for_update().select_related("program", "user").get(pk=credential.pk)
    )
    if credential.user_id != user.pk:
        raise CredentialError("You can only upload files for your own credentials.")
    refusal = credential_upload_refusal(credential=credential, now=now)
    if refusal:
        raise CredentialError(refusal)
    if not credential.program.document_types.filter(pk=document_type.pk).exists():
        raise CredentialError(
            f"{document_type.name} is not a document of {credential.program.credential_name}."
        )
    description = clean_text(description, multiline=False)
    if not description:
        raise CredentialError("Enter a short description of the file you are uploading.")
    content_type, _extension = files.validate_upload(uploaded_file)
    external_file = ExternalFile(
        owner=user,
        credential=credential,
        document_type=document_type,
        description=description[:300],
        file=uploaded_file,
        original_name=files.display_name(uploaded_file.name),
        content_type=content_type,
        size=uploaded_file.size,
        uploaded_at=now,
        status=Status.SCANNING if files.virus_scan_enabled() else Status.SUBMITTED,
    )
    with files.delete_stored_files_on_error(external_file.file):
        external_file.save()
        if external_file.status == Status.SCANNING:
            from credentials.tasks import scan_external_file

            files.virus_scan_enqueue(scan_external_file, external_file.pk)
        credential_event_record(
            credential=credential,
            kind=EventKind.FILE_UPLOADED,
            now=now,
            actor=user,
            to_value=Status.SUBMITTED.label,
            note=f"{document_type.name}: {external_file.original_name} ({description[:200]})",
        )
        email_send_once(
            key=f"file:{external_file.pk}:received",
            user=user,
            subject=f"We received your file for {credential.program.credential_name}",
            template="file_received",
            context={"credential": credential, "external_file": external_file},
        )
    return external_file


def external_file_already_decided(external_file) -> str:
    """The message a second reviewer sees: who decided this file, and when."""
    return already_decided_message(
        noun="file",
        outcome=external_file.get_status_display().lower(),
        decided_by=external_file.decided_by,
        decided_at=external_file.decided_at,
    )


def _refused_move(external_file, to_status) -> str:
    if external_file.status in DECIDED:
        return external_file_already_decided(external_file)
    return f"This file is {external_file.get_status_display().lower()} and cannot be {Status(to_status).label.lower()}."


@transaction.atomic
def external_file_transition(
    *, external_file_id, to_status, now, actor=None, fields=None, event=None, email=None
) -> tuple[ExternalFile, bool]:
    """Lock the file and move it to `to_status`. Returns (file, changed).

    Returns unchanged if the file is already there; refuses (CredentialError) a move FILE_TRANSITIONS forbids;
    saves the status with `fields` (name -> value); records `event(file)` (kind, note; from and to are the
    statuses' labels) and sends `email(file)` (email_send_once's arguments: on commit, once per key).
    """
    external_file = (
        # Lock only the file row. `decided_by` is not joined: after waiting for another reviewer's lock,
        # PostgreSQL re-reads the locked row but not joined rows, so it is loaded fresh when needed.
        ExternalFile.objects.select_for_update(of=("self",))
        .select_related("credential__program", "owner", "document_type")
        .get(pk=external_file_id)
    )
    changed = row_status_move(
        external_file,
        to_status=to_status,
        allowed=FILE_TRANSITIONS,
        statuses=Status,
        refuse=lambda row: CredentialError(_refused_move(row, to_status)),
        now=now,
        actor=actor,
        fields=fields,
        event=event,
        email=email,
    )
    return external_file, changed


DECISION_EVENTS = {Status.APPROVED: EventKind.FILE_APPROVED, Status.RETURNED: EventKind.FILE_RETURNED}


@transaction.atomic
def external_file_decide(*, external_file, to_status, reviewer, message, now) -> tuple[ExternalFile, bool]:
    """A reviewer's decision on a submitted file: APPROVED (its application becomes COMPLETED / COMPLIANT, which
    enrolls the learner in renewal credits) or RETURNED (the learner is emailed `message`, required, and may
    upload again before the deadline). Returns (file, changed).

    Repeating the same decision changes nothing; any other earlier decision is refused with who and when; nobody
    decides their own file.
    """
    message = clean_text(message)
    if to_status == Status.RETURNED and not message:
        raise CredentialError("Write a message to the learner saying what is needed.")
    refusal = self_decision_refusal(
        actor=reviewer, owner_id=external_file.owner_id, what="decide your own file"
    )
    if refusal:
        raise CredentialError(refusal)
    returned = to_status == Status.RETURNED
    external_file, changed = external_file_transition(
        external_file_id=external_file.pk,
        to_status=to_status,
        now=now,
        actor=reviewer,
        fields={"decided_at": now, "decided_by": reviewer, "reviewer_message": message},
        event=lambda f: (
            DECISION_EVENTS[to_status],
            message or f"{f.document_type.name}: {f.original_name}",
        ),
        email=(
            (
                lambda f: {
                    "key": f"file:{f.pk}:returned",
                    "user": f.owner,
                    "subject": f"More information is needed for {f.credential.program.credential_name}",
                    "template": "application_returned",
                    "context": {"credential": f.credential, "external_file": f, "message": message},
                }
            )
            if returned
            else None
        ),
    )
    if changed and to_status == Status.APPROVED:
        application_complete(credential=external_file.credential, now=now, actor=reviewer, note=message)
    return external_file, changed


def external_file_approve(*, external_file, reviewer, now, note="") -> ExternalFile:
    """`external_file_decide` to APPROVED."""
    return external_file_decide(
        external_file=external_file, to_status=Status.APPROVED, reviewer=reviewer, message=note, now=now
    )[0]


def external_file_return(*, external_file, reviewer, message, now) -> ExternalFile:
    """`external_file_decide` to RETURNED."""
    return external_file_decide(
        external_file=external_file, to_status=Status.RETURNED, reviewer=reviewer, message=message, now=now
    )[0]


# --- c3: virus scan verdicts (uploads held as SCANNING while CLAMD_HOST is set) ----------------------------


@transaction.atomic
def external_file_scanned(*, external_file_id, signature, now) -> ExternalFile:
    """Record clamd's verdict on a held upload: clean -> awaiting review; infected -> file deleted, refused.

    Idempotent: a file no longer SCANNING (a redelivered task) is left as it is.
    """
    held = ExternalFile.objects.select_for_update(of=("self",)).get(pk=external_file_id)
    if held.status != Status.SCANNING:
        return held
    if signature is None:
        return external_file_transition(external_file_id=held.pk, to_status=Status.SUBMITTED, now=now)[0]
    external_file, _changed = external_file_transition(
        external_file_id=held.pk,
        to_status=Status.INFECTED,
        now=now,
        fields={"decided_at": now, "reviewer_message": files.infected_message(held.original_name, signature)},
        event=lambda f: (
            EventKind.FILE_INFECTED,
            f"{f.original_name}: {signature}. The stored file was deleted.",
        ),
    )
    name = external_file.file.name
    transaction.on_commit(lambda: external_file.file.storage.delete(name))
    return external_file
