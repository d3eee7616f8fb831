"""`manage.py export_person EMAIL`: everything held about one person, for an open-records request (issue 13).

One zip: `manifest.json` (profile, roles, credentials with cycles, credit ledger, history, course enrollments,
credit requests with their decisions, emails) and `files/` with each document they uploaded, named by the
manifest. Reads only; the export itself is recorded in the person's history.
"""

import json
import re
import zipfile
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction

from accounts import people, roles
from accounts.models import PersonEvent
from credentials.models import CreditEntry
from reviews.models import ReopenedDecision
from reviews.selectors_people import person_records

_SAFE = re.compile(r"[^A-Za-z0-9._-]+")


def _file_entry(prefix, obj):
    name = f"files/{prefix}-{obj.pk}-{_SAFE.sub('_', obj.original_name)[:80]}"
    return name, obj.file.name


def person_manifest(*, person) -> tuple[dict, list[tuple[str, str]]]:
    """(manifest, [(name in the zip, storage name), ...])."""
    records = person_records(person=person)
    files = []
    uploads = []
    for external_file in records["files"]:
        name, stored = _file_entry("file", external_file)
        files.append((name, stored))
        uploads.append(
            {
                "id": external_file.pk,
                "credential_id": external_file.credential_id,
                "document_type": external_file.document_type.name,
                "description": external_file.description,
                "original_name": external_file.original_name,
                "uploaded_at": external_file.uploaded_at,
                "status": external_file.get_status_display(),
                "reviewer_message": external_file.reviewer_message,
                "decided_at": external_file.decided_at,
                "decided_by": external_file.decided_by.email if external_file.decided_by else None,
                "in_zip": name if stored else None,
            }
        )
    requests = []
    reopened: dict[int, list[dict[str, Any]]] = {}  # credit request id -> its reopened decisions
    for row in ReopenedDecision.objects.filter(credit_request__user=person).select_related(
        "reviewer", "reopened_by"
    ):
        reopened.setdefault(row.credit_request_id, []).append(
            {
                "outcome": row.get_outcome_display(),
                "approved_credits": row.approved_credits,
                "decided_by": row.reviewer.email,
                "decided_at": row.decided_at,
                "reopened_by": row.reopened_by.email,
                "reopened_at": row.reopened_at,
                "reason": row.reason,
            }
        )
    for credit_request in records["credit_requests"]:
        name, stored = _file_entry("credit", credit_request)
        files.append((name, stored))
        requests.append(
            {
                "id": credit_request.pk,
                "credential_id": credit_request.credential_id,
                "activity_date": credit_request.activity_date,
                "course": credit_request.course,
                "description": credit_request.description,
                "requested_credits": credit_request.requested_credits,
                "approved_credits": credit_request.approved_credits,
                "status": credit_request.get_status_display(),
                "notes": credit_request.notes,
                "created_at": credit_request.created_at,
                "decided_at": credit_request.decided_at,
                "decided_by": credit_request.decided_by.email if credit_request.decided_by else None,
                "reopened_decisions": reopened.get(credit_request.pk, []),
                "in_zip": name if stored else None,
            }
        )
    ledger: dict[int, list[dict[str, Any]]] = {}  # credential id -> its credit entries
    for entry in CreditEntry.objects.filter(credential__user=person).order_by("activity_date", "id"):
        ledger.setdefault(entry.credential_id, []).append(
            {
                "activity_date": entry.activity_date,
                "source": entry.get_source_display(),
                "title": entry.title,
                "hours": entry.hours,
            }
        )
    manifest = {
        "profile": {
            "email": person.email,
            "first_name": person.first_name,
            "last_name": person.last_name,
            "library": person.library.name if person.library else None,
            "job_title": person.job_title,
            "active": person.is_active,
            "date_joined": person.date_joined,
            "last_login": person.last_login,
            "roles": [role.label for role in roles.user_roles(person)],
        },
        "credentials": [
            {
                "id": c.pk,
                "credential": c.program.credential_name,
                "cycle_start": c.cycle_start,
                "cycle_end": c.cycle_end,
                "upload_deadline": c.upload_deadline,
                "status": c.get_status_display(),
                "compliance": c.get_compliance_display(),
                "required_credits": c.program.required_hours,
                "earned_credits": c.earned,
                "credit_ledger": ledger.get(c.pk, []),
            }
            for c in records["credentials"]
        ],
        "history": [
            {
                "at": e.at,
                "credential_id": e.credential_id,
                "kind": e.kind,
                "from": e.from_value,
                "to": e.to_value,
                "note": e.note,
                "by": e.actor.email if e.actor else None,
            }
            for e in records["credential_events"]
        ]
        + [
            {"at": e.at, "kind": e.kind, "note": e.note, "by": e.actor.email if e.actor else None}
            for e in records["person_events"]
        ],
        "courses": [
            {
                "course": e.course.title,
                "contact_hours": e.course.contact_hours,
                "registered_at": e.registered_at,
                "completed_at": e.completed_at,
            }
            for e in records["enrollments"]
        ],
        "external_files": uploads,
        "credit_requests": requests,
        "emails": [
            {"subject": m.subject, "template": m.template, "recorded_at": m.created_at, "sent_at": m.sent_at}
            for m in records["emails"]
        ],
    }
    return manifest, [(name, stored) for name, stored in files if stored]


@transaction.atomic
def person_export(*, person, output, actor, now) -> dict:
    """Write the zip to `output` (a path or file object) and record the export. Returns the manifest."""
    from django.core.files.storage import default_storage

    manifest, files = person_manifest(person=person)
    with zipfile.ZipFile(output, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("manifest.json", json.dumps(manifest, cls=DjangoJSONEncoder, indent=2))
        for name, stored in files:
            if not default_storage.exists(
                stored
            ):  # deleted (e.g. a virus found): the manifest still lists it
                continue
            with default_storage.open(stored, "rb") as handle:
                archive.writestr(name, handle.read())
    people.person_event_record(
        user=person,
        kind=PersonEvent.Kind.EXPORTED,
        actor=actor,
        now=now,
        note=f"{len(files)} file(s) and the manifest, by manage.py export_person.",
    )
    return manifest
