"""Writes KDLA makes about a person (not one credential): profile edits, notes, deactivation.

Each records a PersonEvent with who, when and the note. A person with history is never deleted:
`person_has_history` says whether deleting is still allowed, `person_deactivate` is the way out.
"""

from django.db import transaction

from accounts.models import PersonEvent, User
from portal.text import clean_text

NOTE_MAX_LENGTH = 2000
PROFILE_FIELDS = {"first_name": "First name", "last_name": "Last name", "job_title": "Job title"}


class PersonError(Exception):
    """A refused change; the message is meant for the operator or reviewer."""


def person_event_record(*, user, kind, actor, now, note="") -> PersonEvent:
    """One line of the person's history; the note is stored cleaned (`portal.text.clean_text`)."""
    return PersonEvent.objects.create(user=user, actor=actor, kind=kind, note=clean_text(note), at=now)


def person_has_history(user) -> bool:
    """Anything KDLA must keep: credentials, course enrollments, credit requests, files, decisions, emails."""
    return any(
        manager.exists()
        for manager in (
            user.credentials,
            user.enrollments,
            user.credit_requests,
            user.external_files,
            user.decisions,
            user.sent_emails,
            user.person_events,
        )
    )


@transaction.atomic
def person_note_add(*, user, actor, now, note) -> PersonEvent:
    note = clean_text(note)
    if not note:
        raise PersonError("Write the note.")
    if len(note) > NOTE_MAX_LENGTH:
        raise PersonError(f"A note is at most {NOTE_MAX_LENGTH} characters.")
    return person_event_record(user=user, kind=PersonEvent.Kind.NOTE, actor=actor, now=now, note=note)


@transaction.atomic
def person_set_active(*, user, active: bool, actor, now, note="") -> bool:
    """Deactivate (they can no longer sign in; their records stay) or reactivate. False if nothing changed."""
    user = User.objects.select_for_update().get(pk=user.pk)
    if user.is_active == active:
        return False
    if not active and actor is not None and actor.pk == user.pk:
        raise PersonError("You cannot deactivate your own account.")
    user.is_active = active
    user.save(update_fields=["is_active"])
    person_event_record(
        user=user,
        kind=PersonEvent.Kind.REACTIVATED if active else PersonEvent.Kind.DEACTIVATED,
        actor=actor,
        now=now,
        note=note,
    )
    return True


def profile_change_note(*, before: dict, after: dict) -> str:
    """ "Library: A -> B; Job title: x -> y" for the fields that changed (empty if none)."""
    labels = {**PROFILE_FIELDS, "library": "Library", "email": "Email"}
    return "; ".join(
        f"{labels.get(name, name)}: {before[name] or '(empty)'} -> {after[name] or '(empty)'}"
        for name in after
        if str(before.get(name) or "") != str(after[name] or "")
    )
