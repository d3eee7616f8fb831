"""What every credentials story shares: the refusal error, the history record, the steps of a status move
whose history is a credential's, and the wording of the two refusals every decision shares ("already decided",
"not your own item")."""

from collections.abc import Callable, Mapping
from typing import Any

from accounts.emails import email_send_once
from credentials import rules
from credentials.models import CredentialEvent
from portal.text import clean_text


class CredentialError(Exception):
    """A refused change; the message is meant for the user. `field` names the input the refusal is about
    (e.g. "new_date"), so a form can show it next to that field rather than above the form."""

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.field = field


def credential_event_record(*, credential, kind, now, actor=None, from_value="", to_value="", note=""):
    """One line of the credential's history (`kind` is a `credentials.models.EventKind`); the note is stored
    cleaned (`portal.text.clean_text`) whoever wrote it: a form, a command or an admin action."""
    return CredentialEvent.objects.create(
        credential=credential,
        kind=kind,
        actor=actor,
        from_value=str(from_value),
        to_value=str(to_value),
        note=clean_text(note),
        at=now,
    )


def row_status_move(
    row,
    *,
    to_status,
    allowed: Mapping[Any, set],
    statuses,
    refuse: Callable[[Any], Exception],
    now,
    actor=None,
    fields: dict | None = None,
    event: Callable[[Any], tuple[str, str]] | None = None,
    credential_of: Callable[[Any], Any] = lambda row: row.credential,
    email: Callable[[Any], dict] | None = None,
) -> bool:
    """The steps of every status move of a credential, a file or a credit request (`row`, locked by the
    caller's transition function, which owns the model's table `allowed`). Returns whether it moved.

    Already in `to_status`: nothing happens (safe to repeat). A move `allowed` forbids: `refuse(row)` is raised.
    Otherwise the status is saved with `fields` (name -> value); `event(row)` gives the (kind, note) of the
    history line recorded on `credential_of(row)` from the old to the new status's label (`statuses` is the
    status enum); `email(row)` gives `accounts.emails.email_send_once`'s arguments (sent on commit, once per key).
    """
    if row.status == to_status:
        return False
    from_status = statuses(row.status)
    if to_status not in allowed[from_status]:
        raise refuse(row)
    row.status = to_status
    for name, value in (fields or {}).items():
        setattr(row, name, value)
    row.save(update_fields=["status", *(fields or {})])
    if event is not None:
        kind, note = event(row)
        credential_event_record(
            credential=credential_of(row),
            kind=kind,
            now=now,
            actor=actor,
            from_value=from_status.label,
            to_value=statuses(to_status).label,
            note=note,
        )
    if email is not None:
        email_send_once(**email(row))
    return True


def already_decided_message(*, noun, outcome, decided_by, decided_at) -> str:
    """What a second reviewer is told about an item someone already decided: how, by whom and when.

    The one wording of "already decided", for files and credit requests alike.
    """
    who = decided_by.display_name if decided_by else "another reviewer"
    when = (
        decided_at.astimezone(rules.EASTERN).strftime("%m/%d/%Y at %I:%M %p").replace(" 0", " ")
        if decided_at
        else "earlier"
    )
    return f"This {noun} was already {outcome} by {who} on {when}."


def self_decision_refusal(*, actor, owner_id, what) -> str | None:
    """Nobody decides or extends their own item: the refusal for `actor` doing `what`, or None if allowed."""
    if actor is not None and actor.pk == owner_id:
        return f"You cannot {what}: another reviewer must do it."
    return None
