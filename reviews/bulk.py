"""Approve many queue items in full at once (issue 13). Each item is still its own decision, through the same
service as on its screen (its own transaction, event and email); an item that cannot be decided (already
decided, the reviewer's own, no longer open) is listed with the reason and the others go through.
"""

import re
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError

from credentials.models import ExternalFile
from credentials.rules import format_hours
from credentials.services import CredentialError
from credit_requests import services as credit_services
from credit_requests.models import CreditRequest
from reviews import services
from reviews.selectors import KIND_CREDIT, KIND_FILE

MAX_ITEMS = 100
_KEY = re.compile(r"^(file|credit):(\d{1,18})$")


@dataclass
class BulkItem:
    key: str
    kind: str
    pk: int
    label: str


def bulk_keys_parse(values) -> list[tuple[str, int]]:
    """["file:12", "credit:3"] -> [("file", 12), ("credit", 3)]; anything else is dropped; at most MAX_ITEMS."""
    keys = []
    for value in values:
        match = _KEY.match(value or "")
        if match and (match[1], int(match[2])) not in keys:
            keys.append((match[1], int(match[2])))
    return keys[:MAX_ITEMS]


def bulk_items(keys) -> list[BulkItem]:
    """What the reviewer ticked, with a label each (two queries whatever the number)."""
    file_ids = [pk for kind, pk in keys if kind == KIND_FILE]
    credit_ids = [pk for kind, pk in keys if kind == KIND_CREDIT]
    files = ExternalFile.objects.filter(pk__in=file_ids).select_related("owner", "credential__program")
    requests = CreditRequest.objects.filter(pk__in=credit_ids).select_related("user", "credential__program")
    labels = {
        (
            KIND_FILE,
            f.pk,
        ): f"File {f.original_name} of {f.owner.display_name} ({f.credential.program.credential_name})"
        for f in files
    }
    labels |= {
        (KIND_CREDIT, r.pk): f"Credit request {r.course} of {r.user.display_name} "
        f"({format_hours(r.requested_credits)} contact hours)"
        for r in requests
    }
    return [
        BulkItem(key=f"{kind}:{pk}", kind=kind, pk=pk, label=labels[(kind, pk)])
        for kind, pk in keys
        if (kind, pk) in labels
    ]


def bulk_approve_in_full(*, items, reviewer, now) -> tuple[list[BulkItem], list[tuple[BulkItem, str]]]:
    """Approve each item in full, one decision each. Returns (approved, [(refused item, reason), ...])."""
    approved, refused = [], []
    for item in items:
        try:
            if item.kind == KIND_FILE:
                services.file_approve(external_file_id=item.pk, reviewer=reviewer, now=now)
            else:
                credit_request = CreditRequest.objects.get(pk=item.pk)
                services.credit_request_decide(
                    credit_request=credit_request,
                    reviewer=reviewer,
                    approved_credits=credit_request.requested_credits,
                    notes="",
                    now=now,
                )
        except (
            services.ReviewError,
            CredentialError,
            credit_services.CreditRequestError,
            PermissionDenied,
        ) as error:
            refused.append((item, str(error)))
        except ValidationError as error:
            refused.append((item, " ".join(error.messages)))
        else:
            approved.append(item)
    return approved, refused
