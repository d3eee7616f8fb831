"""The certification: awarded and extended by approvals, lapsed by the sweep, revoked by a reviewer.

The one writer of Certification, Certificate and CertificationEvent (see credentials/models_certification.py).
Conventions as in credentials.services: keyword-only arguments, `now` passed in, row locks for transitions,
one event per change, emails through `accounts.emails.email_send_once` (on commit, once per key).

- The initial application's approval starts it, valid through the end of the first renewal-credits cycle;
  each approved renewal application extends it to the end of the cycle it opens (a new certificate; the old
  one is superseded). Idempotent: one certificate per approved application (`Certificate.source_application`).
- At 11:59 pm Eastern on the valid-through date it lapses (`certifications_lapse_many`, set-based, called
  by credentials.sweeps_certification); a reviewer may revoke it with a reason (`certification_revoke`).
- Compliance follows it: on lapse or revocation the learner's COMPLIANT rows of the certification's programs
  become NON-COMPLIANT (statuses and hours stay as they were: the hours were earned).
"""

import datetime as dt

from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.db import transaction
from django.db.models import F, Q, Subquery
from django.db.models.functions import JSONObject
from django.urls import reverse

from accounts.emails import email_send_once, outbox_deliver_on_commit
from accounts.models import SentEmail
from accounts.services import dashboard_changed
from credentials import rules
from credentials.models import (
    Certificate,
    CertificateStatus,
    Certification,
    CertificationEvent,
    CertificationStatus,
    Compliance,
    Credential,
    CredentialEvent,
    CredentialStatus,
    EventKind,
    Program,
)
from credentials.selectors_certification import latest_certification
from portal.text import clean_text

# Allowed moves of a certification (None: not certified yet). VALID -> VALID is a renewal (extension).
ALLOWED_TRANSITIONS = {
    None: {CertificationStatus.VALID},
    CertificationStatus.VALID: {
        CertificationStatus.VALID,
        CertificationStatus.LAPSED,
        CertificationStatus.REVOKED,
    },
    CertificationStatus.LAPSED: {CertificationStatus.VALID, CertificationStatus.REVOKED},
    CertificationStatus.REVOKED: {CertificationStatus.VALID},
}
# What the current certificate becomes when its certification moves.
CERTIFICATE_STATUS_FOR = {
    CertificationStatus.LAPSED: CertificateStatus.LAPSED,
    CertificationStatus.REVOKED: CertificateStatus.REVOKED,
}


class CertificationError(Exception):
    """A refused change; the message is meant for the user."""


def _d(day: dt.date) -> str:
    return day.strftime("%m/%d/%Y")


def certification_label(program) -> str:
    return program.certification_name or program.credential_name


def certificate_number(certificate) -> str:
    """KDLA-<year issued>-<6 digits>: readable on paper; the unguessable part is the token, not this."""
    return f"KDLA-{rules.local_date(certificate.issued_at):%Y}-{certificate.pk:06d}"


def certification_program_ids(program_id):
    """The programs whose rows follow a certification: its renewal-credits program and the applications
    that enroll in it (a subquery)."""
    return Program.objects.filter(Q(pk=program_id) | Q(enrolls_in_id=program_id)).values("pk")


def initial_application_program(program_id):
    """The application that certifies a learner of `program_id` anew (no prerequisite program)."""
    return (
        Program.objects.filter(enrolls_in_id=program_id, kind=Program.Kind.APPLICATION)
        .filter(prerequisite_program__isnull=True)
        .order_by("pk")
        .first()
    )


def certification_event_record(*, certification, kind, now, actor=None, from_value="", to_value="", note=""):
    return CertificationEvent.objects.create(
        certification=certification,
        kind=kind,
        actor=actor,
        from_value=str(from_value),
        to_value=str(to_value),
        note=clean_text(note),
        at=now,
    )


def certification_transition(
    *, certification, to_status, kind, now, actor=None, fields=None, to_value="", note="", refused=""
) -> Certification:
    """Move `certification` (locked by the caller) to `to_status`: the ONE writer of an existing
    certification's status (`certifications_lapse_many` is its set-based form and reads the same tables).

    Refuses (CertificationError: `refused`, or a generic message) a move ALLOWED_TRANSITIONS forbids; saves
    the status with `fields` (name -> value); moves its current certificate (CERTIFICATE_STATUS_FOR); records
    the `kind` event from the old status's label to `to_value` (default: the new status's label). Unlike the
    other transition functions it does not return early when already there: VALID -> VALID is a renewal.
    """
    from_status = CertificationStatus(certification.status)
    if to_status not in ALLOWED_TRANSITIONS[from_status]:
        raise CertificationError(
            refused
            or f"A {from_status.label} certification cannot become {CertificationStatus(to_status).label}."
        )
    certification.status = to_status
    for name, value in (fields or {}).items():
        setattr(certification, name, value)
    certification.save(update_fields=["status", *(fields or {})])
    if to_status in CERTIFICATE_STATUS_FOR:
        certification.certificates.filter(
            status__in=[CertificateStatus.VALID, CertificateStatus.LAPSED]
        ).update(status=CERTIFICATE_STATUS_FOR[to_status])
    certification_event_record(
        certification=certification,
        kind=kind,
        now=now,
        actor=actor,
        from_value=from_status.label,
        to_value=to_value or CertificationStatus(to_status).label,
        note=note,
    )
    return certification


# --- Award and renewal (an application's approval) -------------------------------------------------------


def _cycle_of(application):
    """The renewal-credits cycle an approved application opened, or (when it kept a running cycle) that one."""
    cycle = Credential.objects.filter(source_application=application).first()
    if cycle is None:
        cycle = (
            Credential.objects.filter(
                user_id=application.user_id,
                program_id=application.program.enrolls_in_id,
                status__in=[CredentialStatus.ACTIVE, CredentialStatus.COMPLETED],
            )
            .order_by("-cycle_start", "-id")
            .first()
        )
    return cycle


@transaction.atomic
def certification_award(*, application, now, actor=None) -> Certificate | None:
    """An application was approved: start, extend or restore the learner's certification; issue a certificate.

    Idempotent: a second call for the same application returns the certificate the first one issued.
    Returns None when the application certifies nothing (no renewal-credits program, not approved).
    """
    # The application's row lock: two workers (or a reviewer and the renewal sweep) awarding for the same
    # approval run one after the other, and the second finds the first one's certificate below.
    application = (
        Credential.objects.select_for_update(of=("self",)).select_related("program").get(pk=application.pk)
    )
    program = application.program
    if not program.is_application or not program.enrolls_in_id:
        return None
    if application.status != CredentialStatus.COMPLETED:
        return None
    existing = Certificate.objects.filter(source_application=application).first()
    if existing is not None:
        return existing
    cycle = _cycle_of(application)
    if cycle is None:
        return None
    approved_at = application.completed_at or now
    approved_on = rules.local_date(approved_at)
    period_from = max(cycle.cycle_start, approved_on)
    certification = (
        Certification.objects.select_for_update()
        .filter(user_id=application.user_id, program_id=program.enrolls_in_id)
        .first()
    )
    fields: dict[str, object] = {"valid_through": cycle.cycle_end}
    if certification is None:
        certification = Certification.objects.create(
            user_id=application.user_id,
            program_id=program.enrolls_in_id,
            status=CertificationStatus.VALID,
            valid_from=period_from,
            valid_through=cycle.cycle_end,
            created_at=now,
        )
        kind = CertificationEvent.Kind.AWARDED
    elif certification.status == CertificationStatus.VALID:
        if cycle.cycle_end <= certification.valid_through:
            return certification.certificates.filter(status=CertificateStatus.VALID).first()
        kind = CertificationEvent.Kind.RENEWED
    else:
        kind = CertificationEvent.Kind.RECERTIFIED
        fields |= {
            "valid_from": period_from,
            "lapsed_at": None,
            "revoked_at": None,
            "revoked_by": None,
            "revoked_reason": "",
        }
    # The certificate first (the event names it); a refused move rolls it back with the rest (atomic).
    certificate, note = _certificate_issue(
        certification=certification,
        application=application,
        cycle=cycle,
        period_from=period_from,
        issued_at=approved_at,
    )
    to_value = f"VALID through {_d(cycle.cycle_end)}"
    if kind == CertificationEvent.Kind.AWARDED:  # a new row, created VALID above: no move to check
        certification_event_record(
            certification=certification, kind=kind, now=now, actor=actor, to_value=to_value, note=note
        )
    else:
        certification_transition(
            certification=certification,
            to_status=CertificationStatus.VALID,
            kind=kind,
            now=now,
            actor=actor,
            fields=fields,
            to_value=to_value,
            note=note,
            refused=f"A {certification.get_status_display()} certification cannot be renewed.",
        )
    return certificate


def _certificate_issue(
    *, certification, application, cycle, period_from, issued_at
) -> tuple[Certificate, str]:
    """A new certificate for the period the approved `application` opened; returns it with the event's note.

    The latest certificate that is valid or lapsed is superseded: its public page points to the new one.
    A revoked one stays revoked.
    """
    previous = (
        certification.certificates.filter(status__in=[CertificateStatus.VALID, CertificateStatus.LAPSED])
        .order_by("-issued_at", "-pk")
        .first()
    )
    if previous is not None:
        previous.status = CertificateStatus.SUPERSEDED
        previous.save(update_fields=["status"])
    certificate = Certificate.objects.create(
        certification=certification,
        number=f"pending-{application.pk}",
        valid_from=period_from,
        valid_through=cycle.cycle_end,
        issued_at=issued_at,
        source_application=application,
        cycle=cycle,
    )
    certificate.number = certificate_number(certificate)
    certificate.save(update_fields=["number"])
    if previous is not None:
        previous.superseded_by = certificate
        previous.save(update_fields=["superseded_by"])
    note = f"{application.program.credential_name} approved; certificate {certificate.number} issued" + (
        f" (supersedes {previous.number})." if previous else "."
    )
    return certificate, note


# --- Compliance follows the certification ----------------------------------------------------------------


def _rows_non_compliant(*, certifications, now, note):
    """The learners' COMPLIANT rows of each certification's programs become NON-COMPLIANT, set-based.

    `certifications` are (user_id, program_id) pairs. Writes a "compliance" event per row and bumps the
    learners' dashboards. Returns the number of rows changed.
    """
    changed = 0
    by_program: dict[int, list[int]] = {}
    for user_id, program_id in certifications:
        by_program.setdefault(program_id, []).append(user_id)
    for program_id, user_ids in by_program.items():
        rows = Credential.objects.filter(
            user_id__in=user_ids,
            program_id__in=certification_program_ids(program_id),
            compliance=Compliance.COMPLIANT,
        )
        ids = list(rows.values_list("pk", flat=True))
        if not ids:
            continue
        Credential.objects.filter(pk__in=ids).update(compliance=Compliance.NON_COMPLIANT)
        CredentialEvent.objects.bulk_create(
            [
                CredentialEvent(
                    credential_id=pk,
                    kind=EventKind.COMPLIANCE,
                    from_value=Compliance.COMPLIANT.label,
                    to_value=Compliance.NON_COMPLIANT.label,
                    note=note,
                    at=now,
                )
                for pk in ids
            ],
            batch_size=1000,
        )
        changed += len(ids)
    return changed


# --- Lapse (the sweep) -----------------------------------------------------------------------------------

LAPSE_EMAIL_TEMPLATE = "certification_lapsed"


def lapse_email_key(certification_id, valid_through) -> str:
    return f"certification:{certification_id}:lapsed:{valid_through.isoformat()}"


def lapse_email_contexts(rows):
    """The outbox's context loader for the lapse emails (registered in CredentialsConfig.ready): the
    certifications of a whole delivery batch in one query, the initial application once per program."""
    ids = {row.pk: int(row.key.split(":")[1]) for row in rows}
    certifications = Certification.objects.select_related("program").in_bulk(ids.values())
    initial = {}
    contexts = {}
    for pk, ident in ids.items():
        certification = certifications[ident]
        if certification.program_id not in initial:
            initial[certification.program_id] = initial_application_program(certification.program_id)
        contexts[pk] = {
            "certification": certification,
            "label": certification_label(certification.program),
            "initial": initial[certification.program_id],
        }
    return contexts


# The set-based lapse reads the table like certification_transition; the bulk statements assume one from-state.
_LAPSABLE = [
    status
    for status, targets in ALLOWED_TRANSITIONS.items()
    if status and CertificationStatus.LAPSED in targets
]
if _LAPSABLE != [CertificationStatus.VALID]:
    raise ImproperlyConfigured("certifications_lapse_many records VALID as every lapsed row's from-status")


def certifications_lapse_many(*, locked, now) -> list[int]:
    """VALID -> LAPSED for locked, due certifications (the caller selected `valid_through` ended <= now and
    locked them in its transaction), in a fixed number of statements whatever the batch size (the emails too).

    Lapsed at 11:59 pm Eastern on the valid-through date (however late the sweep runs); the current
    certificate becomes Lapsed; compliance follows; one keyed email each. Returns the ids lapsed.
    """
    rows = list(
        locked.values_list("pk", "user_id", "program_id", "valid_through", "program__certification_name")
    )
    if not rows:
        return []
    ids = [row[0] for row in rows]
    by_date: dict[dt.date, list[int]] = {}
    for pk, _user_id, _program_id, valid_through, _name in rows:
        by_date.setdefault(valid_through, []).append(pk)
    # One UPDATE per valid-through date in the batch (one on a normal night, 8 after a week's outage): each
    # lapses at 11:59 pm Eastern on its own date, however late the sweep runs.
    for valid_through, pks in by_date.items():
        Certification.objects.filter(pk__in=pks, status__in=_LAPSABLE).update(
            status=CertificationStatus.LAPSED, lapsed_at=rules.certification_lapse_moment(valid_through)
        )
    Certificate.objects.filter(certification_id__in=ids, status=CertificateStatus.VALID).update(
        status=CERTIFICATE_STATUS_FOR[CertificationStatus.LAPSED]
    )
    CertificationEvent.objects.bulk_create(
        [
            CertificationEvent(
                certification_id=pk,
                kind=CertificationEvent.Kind.LAPSED,
                from_value=CertificationStatus.VALID.label,
                to_value=CertificationStatus.LAPSED.label,
                note=f"Valid through {_d(valid_through)}; no renewal was approved by 11:59 pm Eastern.",
                at=now,
            )
            for pk, _u, _p, valid_through, _n in rows
        ],
        batch_size=1000,
    )
    _rows_non_compliant(
        certifications=[(user_id, program_id) for _pk, user_id, program_id, _v, _n in rows],
        now=now,
        note="The certification lapsed.",
    )
    dashboard_changed(user_ids=[row[1] for row in rows])
    # The emails: one outbox row each, recorded in one statement without a body (the outbox renders them at
    # delivery through `lapse_email_contexts`, a batch at a time), keyed so a second run mails nobody twice.
    labels = {
        program.pk: certification_label(program)
        for program in Program.objects.filter(pk__in={row[2] for row in rows})
    }
    keys = [lapse_email_key(pk, valid_through) for pk, _u, _p, valid_through, _n in rows]
    SentEmail.objects.bulk_create(
        [
            SentEmail(
                key=key,
                user_id=user_id,
                subject=f"Your {labels[program_id]} lapsed on {_d(valid_through)}",
                template=LAPSE_EMAIL_TEMPLATE,
            )
            for key, (_pk, user_id, program_id, valid_through, _n) in zip(keys, rows, strict=True)
        ],
        batch_size=1000,
        ignore_conflicts=True,
    )
    outbox_deliver_on_commit(keys)
    return ids


# --- Revocation (a reviewer) -----------------------------------------------------------------------------


@transaction.atomic
def certification_revoke(*, certification, reviewer, reason, now) -> Certification:
    """A reviewer revokes a certification with a reason: REVOKED, the current certificate Revoked, rows
    NON-COMPLIANT, the learner emailed the reason. Repeating it changes nothing."""
    if not (reviewer.is_active and reviewer.is_reviewer):
        raise PermissionDenied("Only KDLA reviewers revoke certifications.")
    reason = clean_text(reason)
    if not reason:
        raise CertificationError("Say why the certification is revoked: the learner is emailed the reason.")
    certification = (
        Certification.objects.select_for_update(of=("self",))
        .select_related("user", "program")
        .get(pk=certification.pk)
    )
    if certification.user_id == reviewer.pk:
        raise CertificationError("You cannot revoke your own certification.")
    if certification.status == CertificationStatus.REVOKED:
        return certification
    certification_transition(
        certification=certification,
        to_status=CertificationStatus.REVOKED,
        kind=CertificationEvent.Kind.REVOKED,
        now=now,
        actor=reviewer,
        fields={"revoked_at": now, "revoked_by": reviewer, "revoked_reason": reason},
        note=reason,
        refused=f"A {certification.get_status_display()} certification cannot be revoked.",
    )
    _rows_non_compliant(
        certifications=[(certification.user_id, certification.program_id)],
        now=now,
        note=f"The certification was revoked: {reason}",
    )
    dashboard_changed(user_ids=[certification.user_id])
    email_send_once(
        key=f"certification:{certification.pk}:revoked:{now.isoformat()}",
        user=certification.user,
        subject=f"Your {certification_label(certification.program)} was revoked",
        template="certification_revoked",
        context={"certification": certification, "label": certification_label(certification.program)},
    )
    return certification


def current_certificate(*, user):
    """The learner's certificate that is valid now (of a VALID certification), or None."""
    return (
        Certificate.objects.filter(
            certification__user=user,
            certification__status=CertificationStatus.VALID,
            status=CertificateStatus.VALID,
        )
        .select_related("certification__user__library", "certification__program")
        .order_by("-issued_at", "-pk")
        .first()
    )


# --- Registration rules that depend on the certification -------------------------------------------------


def certification_registration_refusal(*, user, program) -> str | None:
    """Why `user` may not register for the application `program` because of their certification, or None.

    A renewal needs a certification that has not lapsed or been revoked (the way back after a lapse is the
    initial application, whose courses are already complete); the initial application is for learners who
    are not certified now.
    """
    if not program.is_application or not program.enrolls_in_id:
        return None
    certification = (
        Certification.objects.filter(user=user, program_id=program.enrolls_in_id)
        .select_related("program")
        .first()
    )
    if certification is None:
        return None
    label = certification_label(certification.program)
    if program.prerequisite_program_id:
        if certification.status == CertificationStatus.LAPSED:
            initial = initial_application_program(program.enrolls_in_id)
            return (
                f"Your {label} lapsed on {_d(certification.valid_through)}: to be certified again, register "
                f"for {initial.name if initial else 'the initial application'} (your required courses are "
                "already complete)."
            )
        if certification.status == CertificationStatus.REVOKED:
            return f"Your {label} was revoked: please contact KDLA before applying again."
    elif certification.status == CertificationStatus.VALID:
        return (
            f"You are already certified: your {label} is valid through {_d(certification.valid_through)}. "
            "Apply for renewal once your renewal credits are complete."
        )
    return None


# --- The dashboard banner (read with the Credentials box's one query) -------------------------------------

BANNER_FIELDS = {
    "id": F("pk"),
    "status": F("status"),
    "valid_through": F("valid_through"),
    "lapsed_at": F("lapsed_at"),
    "revoked_at": F("revoked_at"),
    "name": F("program__certification_name"),
    "program_id": F("program_id"),
}


def certification_annotation():
    """A correlated subquery for Credential rows: the owner's latest certification as a JSON object.

    The banner rides on the Credentials box's query (no query of its own): a learner with no credential row
    has no certification either.
    """
    latest = latest_certification("user_id").values(data=JSONObject(**BANNER_FIELDS))[:1]
    return {"certification_data": Subquery(latest)}


def certification_valid(credentials) -> bool:
    """Whether the owner of these Credential rows (annotated by `certification_annotation`) is certified now."""
    data = credentials[0].certification_data if credentials else None
    return bool(data and data["status"] == CertificationStatus.VALID)


def _parse_date(value):
    if value in (None, ""):
        return None
    return dt.date.fromisoformat(str(value)[:10])


def _parse_moment(value):
    if value in (None, ""):
        return None
    moment = dt.datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment


def dashboard_banner(*, credentials, now, courses_done=False) -> dict:
    """What the banner says: the certification's state, its dates and the next step, one of: "courses"
    (complete the required courses), "register" (register for the initial application), "application"
    (upload the file, or KDLA is reviewing it), "credit" (earn renewal hours), "renew" (apply for renewal),
    "register_again" (after a lapse), "contact" (after a revocation, KDLA first).

    `credentials` are the Credentials box's rows (annotated by `certification_annotation`); `courses_done`:
    the required courses are complete (the dashboard's first-steps checklist says it).
    """
    # Dates come back as text from a JSON object, on every database.
    data = credentials[0].certification_data if credentials else None
    rows = list(credentials)
    renewal_rows = [row for row in rows if getattr(row, "is_renewal_credits", False)]
    current = renewal_rows[0] if renewal_rows else None
    pending_application = next(
        (row for row in rows if row.program.is_application and row.status == CredentialStatus.ACTIVE), None
    )
    if not data:
        if pending_application is not None:
            return {"state": "none", "step": "application", "application": pending_application}
        return {"state": "none", "step": "register" if courses_done else "courses"}
    banner = {
        "state": data["status"],
        "name": data["name"] or "Certification",
        "valid_through": _parse_date(data["valid_through"]),
        "lapsed_on": _parse_date(data["valid_through"])
        if data["status"] == CertificationStatus.LAPSED
        else None,
        "revoked_on": rules.local_date(_parse_moment(data["revoked_at"])) if data["revoked_at"] else None,
        "application": pending_application,
    }
    if data["status"] == CertificationStatus.VALID:
        if pending_application is not None:
            banner["step"] = "application"
        elif current is not None and current.status == CredentialStatus.COMPLETED:
            banner["step"] = "renew"
        else:
            banner["step"] = "credit"
        banner["days_left"] = rules.days_left(rules.certification_lapse_moment(banner["valid_through"]), now)
        banner["certificate_url"] = reverse("credentials:certificate")
    elif data["status"] == CertificationStatus.LAPSED:
        banner["step"] = "application" if pending_application is not None else "register_again"
    else:
        banner["step"] = "contact"
    return banner
