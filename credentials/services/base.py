"""What every credentials story shares: the refusal error, the history record, and the wording of the two
refusals every decision shares ("already decided", "not your own item")."""

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
