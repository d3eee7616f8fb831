"""A credential's status: the allowed transitions and the ONE function that moves a credential between them.

Every status change of a Credential goes through `credential_transition` (django-oscar's `set_status`,
Zulip's `do_*` actions): it locks the row, returns if the credential is already there, refuses a move the
table forbids, saves status and compliance, records the history event and schedules the email on commit.
The set-based expiry of the sweeps (`credentials.services.expiry.credentials_expire_many`) is its bulk form
and reads the same table.
"""

from django.db import transaction

from credentials.models import Compliance, Credential, CredentialStatus, EventKind
from credentials.services.base import CredentialError, row_status_move

TRANSITIONS = {
    CredentialStatus.ACTIVE: {CredentialStatus.COMPLETED, CredentialStatus.EXPIRED},
    CredentialStatus.COMPLETED: set(),
    # KDLA staff reopen an expired application with a new upload window (staff_actions.application_reinstate).
    CredentialStatus.EXPIRED: {CredentialStatus.ACTIVE},
}
COMPLIANCE_FOR = {
    CredentialStatus.ACTIVE: Compliance.IN_PROGRESS,
    CredentialStatus.COMPLETED: Compliance.COMPLIANT,
    CredentialStatus.EXPIRED: Compliance.NON_COMPLIANT,
}
# The moment field each target status stamps.
STAMPED = {CredentialStatus.COMPLETED: "completed_at", CredentialStatus.EXPIRED: "expired_at"}


@transaction.atomic
def credential_transition(
    *, credential_id, to_status, now, actor=None, note="", email=None, kind=EventKind.STATUS, fields=None
):
    """Lock the credential and move it to `to_status`. Returns (credential, changed).

    Safe to repeat: a credential already in the target state is returned unchanged (no event, no email).
    `fields` (name -> value) are saved with the status; the history event is of `kind` (from and to are the
    statuses' labels). `email(credential)` returns the keyword arguments of `accounts.emails.email_send_once`
    for the email the move sends (on commit, once per key), or None.
    """
    credential = (
        Credential.objects.select_for_update().select_related("program", "user").get(pk=credential_id)
    )
    stamped = {STAMPED[to_status]: now} if to_status in STAMPED else {}
    changed = row_status_move(
        credential,
        to_status=to_status,
        allowed=TRANSITIONS,
        statuses=CredentialStatus,
        refuse=lambda row: CredentialError(
            f"{row.program.credential_name} is {row.get_status_display()} and cannot become "
            f"{CredentialStatus(to_status).label}."
        ),
        now=now,
        actor=actor,
        fields={"compliance": COMPLIANCE_FOR[to_status], **stamped, **(fields or {})},
        event=lambda row: (kind, note),
        credential_of=lambda row: row,
        email=email,
    )
    return credential, changed
