"""Upload deadlines and expiry: a reviewer moving an application's deadline, and ACTIVE -> EXPIRED, one
credential at a time (`credential_expire`) or set-based for the sweeps (`credentials_expire_many`)."""

import datetime as dt

from django.core.exceptions import ImproperlyConfigured
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone

from accounts.models import SentEmail
from credentials import rules
from credentials.models import Credential, CredentialEvent, CredentialStatus, EventKind, Program
from credentials.services.base import CredentialError, credential_event_record, self_decision_refusal
from credentials.services.status import COMPLIANCE_FOR, TRANSITIONS, credential_transition
from portal.lookups import AnyOf, any_of_sql
from portal.text import clean_text

EXPIRY_EMAIL_TEMPLATE = "credential_expired"


def credential_expiry_email_key(credential_id) -> str:
    """One expiry email per credential, whichever path (one row or a batch) expired it."""
    return f"credential:{credential_id}:expired"


@transaction.atomic
def credential_expire(*, credential, now, actor=None, note="") -> tuple[Credential, bool]:
    """ACTIVE -> EXPIRED / NON-COMPLIANT (upload window closed, or a renewal cycle ended short)."""
    return credential_transition(
        credential_id=credential.pk,
        to_status=CredentialStatus.EXPIRED,
        now=now,
        actor=actor,
        note=note,
        email=lambda c: {
            "key": credential_expiry_email_key(c.pk),
            "user": c.user,
            "subject": f"{c.program.credential_name} has expired",
            "template": EXPIRY_EMAIL_TEMPLATE,
            "context": {"credential": c, "note": note},
        },
    )


# The statuses a credential may expire from, read off the transitions table. The batch records ACTIVE as
# the from-status of each event, so it refuses to load if the table ever lets another status expire.
_EXPIRABLE = [status for status, targets in TRANSITIONS.items() if CredentialStatus.EXPIRED in targets]
if _EXPIRABLE != [CredentialStatus.ACTIVE]:
    raise ImproperlyConfigured("credentials_expire_many records ACTIVE as every expired row's from-status")


def credentials_expire_many(*, locked, now, note) -> list[int]:
    """`credential_expire` for many rows at once, set-based (the scheduled sweeps' expiry), on every database.

    `locked` is a Credential queryset the caller has already restricted to ACTIVE rows that are due and
    locked (`select_for_update`, in the caller's transaction; it may be ordered and sliced). This writes what
    `credential_expire` writes, in a fixed number of statements whatever the batch size and with no Python
    object per row: the locking read of the ids, one UPDATE, two INSERT ... SELECT (a status event each, and
    the email records under the same key: an outbox, `accounts.emails`: the caller has them delivered on
    commit, their bodies rendered then). The same statements on SQLite and PostgreSQL; every value is a
    parameter taken from the enums. Returns the ids, in the queryset's order.
    """
    ids = list(locked.values_list("pk", flat=True))
    if not ids:
        return []
    Credential.objects.filter(AnyOf(F("pk"), ids), status__in=_EXPIRABLE).update(
        status=CredentialStatus.EXPIRED,
        compliance=COMPLIANCE_FOR[CredentialStatus.EXPIRED],
        expired_at=now,
    )
    ops = connection.ops
    at = ops.adapt_datetimefield_value(now)
    in_ids, id_params = any_of_sql("c.id", ids, connection=connection)
    tables = {
        "credential": ops.quote_name(Credential._meta.db_table),
        "event": ops.quote_name(CredentialEvent._meta.db_table),
        "email": ops.quote_name(SentEmail._meta.db_table),
        "program": ops.quote_name(Program._meta.db_table),
    }
    # Only table names (from the models' Meta, quoted), column names and "%s" placeholders are formatted in;
    # values are parameters. The batch's ids are one array parameter on PostgreSQL (portal.lookups).
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {tables['event']} (credential_id, kind, from_value, to_value, note, at) "  # noqa: S608  # nosec B608
            f"SELECT c.id, %s, %s, %s, %s, %s FROM {tables['credential']} c WHERE {in_ids}",
            [
                EventKind.STATUS.value,
                CredentialStatus.ACTIVE.label,
                CredentialStatus.EXPIRED.label,
                note,
                at,
                *id_params,
            ],
        )
        # The key is credential_expiry_email_key's, built in SQL: 'credential:<id>:expired'.
        cursor.execute(
            f"INSERT INTO {tables['email']} (key, user_id, subject, template, created_at) "  # noqa: S608  # nosec B608
            "SELECT %s || c.id || %s, c.user_id, p.credential_name || %s, %s, %s "
            f"FROM {tables['credential']} c JOIN {tables['program']} p ON p.id = c.program_id "
            f"WHERE {in_ids} ON CONFLICT (key) DO NOTHING",
            # created_at is the real clock (auto_now_add), not the sweep's `now`: the outbox's redelivery reads it.
            [
                "credential:",
                ":expired",
                " has expired",
                EXPIRY_EMAIL_TEMPLATE,
                ops.adapt_datetimefield_value(timezone.now()),
                *id_params,
            ],
        )
    # An UPDATE sends no signal, and the owners' dashboard versions are left alone on purpose: no cached
    # dashboard outlives its learner's scheduled expiry (portal/dashboard.py, `credentials.sweeps.scheduled_expiry`).
    return ids


@transaction.atomic
def credential_extend_deadline(*, credential, new_date: dt.date, now, actor, note) -> Credential:
    """A reviewer moves an application's upload deadline; recorded with who, when, from, to and why.

    Nobody extends their own application's deadline.
    """
    credential = Credential.objects.select_for_update().select_related("program").get(pk=credential.pk)
    refusal = self_decision_refusal(
        actor=actor, owner_id=credential.user_id, what="extend the deadline of your own application"
    )
    if refusal:
        raise CredentialError(refusal)
    if credential.status != CredentialStatus.ACTIVE or credential.upload_deadline is None:
        raise CredentialError("Only an active application's upload deadline can be changed.")
    note = clean_text(note)
    if not note:
        raise CredentialError("Say why the deadline changes.")
    problem = rules.date_out_of_range(new_date) or rules.staff_deadline_error(new_date, rules.local_date(now))
    if problem:
        raise CredentialError(problem, field="new_date")
    new_deadline = rules.end_of_day(new_date)
    if new_deadline == credential.upload_deadline:
        return credential
    old = credential.upload_deadline
    credential.upload_deadline = new_deadline
    fields = ["upload_deadline", "reminders_sent"]
    credential.reminders_sent = []
    if new_date > credential.cycle_end:
        credential.cycle_end = new_date
        fields.append("cycle_end")
    credential.save(update_fields=fields)
    credential_event_record(
        credential=credential,
        kind=EventKind.DEADLINE,
        now=now,
        actor=actor,
        from_value=rules.local_date(old).strftime("%m/%d/%Y"),
        to_value=new_date.strftime("%m/%d/%Y"),
        note=note,
    )
    return credential
