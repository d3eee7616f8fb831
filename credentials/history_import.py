"""`manage.py import_history FILE.csv`: what staff bring from the old Learning Portal (issue 13).

One CSV, one record per line, columns `email, record, program, title, date, end_date, status, hours`:
- `course`: a completed Learning Portal course `title` (catalog title or slug), completed on `date`.
- `credential`: a credential of `program` (code, catalog or credential name), cycle `date` to `end_date`, with
  `status` ACTIVE, COMPLETED or EXPIRED.
- `credit`: approved credits: `hours` for `title` on `date`, counted against the learner's `program`
  (renewal-credits) credential whose cycle holds `date` (imported on an earlier line, or already there).

The people must exist (`import_staff` first). All or nothing: every bad line is reported with its number and
nothing is imported, unless `skip_invalid`. Re-importing the same file changes nothing: a course completion is
keyed by (person, course), a credential by (person, program, cycle start), a credit by a hash of its line.
Imported course completions are history (transcript): they add no hours to any credential; hours come from
`credit` lines. Set-based: a fixed number of queries per kind of record, whatever the file's length.
"""

import csv
import datetime as dt
import hashlib
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction

from accounts.models import User
from accounts.services import dashboard_changed
from courses.models import CatalogItem, Enrollment
from credentials import rules
from credentials.models import (
    Credential,
    CredentialEvent,
    CredentialStatus,
    CreditEntry,
    EventKind,
    Program,
)
from credentials.services.status import COMPLIANCE_FOR

COLUMNS = ["email", "record", "program", "title", "date", "end_date", "status", "hours"]
RECORDS = ("course", "credential", "credit")
STATUSES = {status.label: status for status in CredentialStatus}
NOTE = "Imported from the old Learning Portal."


class HistoryImportError(Exception):
    """The file cannot be read at all (missing columns)."""


@dataclass
class HistoryImportResult:
    created: dict = field(default_factory=lambda: dict.fromkeys(RECORDS, 0))
    unchanged: int = 0
    errors: list = field(default_factory=list)  # (line, message)
    imported: bool = False


@dataclass
class _Row:
    line: int
    user: User | None  # None: no such account (the row is refused)
    record: str
    program: Program | None = None
    course: CatalogItem | None = None
    title: str = ""
    date: dt.date | None = None
    end_date: dt.date | None = None
    status: CredentialStatus | None = None
    hours: Decimal | None = None


def _noon(day):
    return dt.datetime.combine(day, dt.time(12), tzinfo=rules.EASTERN)


class _Parser:
    def __init__(self, records):
        self.records = records
        emails = {(r.get("email") or "").strip().lower() for r in records}
        self.users = {u.email.lower(): u for u in User.objects.filter(email__in=emails)}
        self.programs = {}
        for program in Program.objects.all():
            for name in (program.code, program.name, program.credential_name):
                self.programs[name.lower()] = program
        self.courses = {}
        for course in CatalogItem.objects.filter(kind=CatalogItem.Kind.COURSE):
            self.courses[course.slug.lower()] = course
            self.courses[course.title.lower()] = course

    def parse(self, line, values):
        problems = []
        user = self.users.get(values["email"].lower())
        if user is None:
            problems.append(f"email: no account has the address {values['email']!r} (run import_staff first)")
        record = values["record"].lower()
        if record not in RECORDS:
            problems.append(f"record: {values['record']!r} is not one of {', '.join(RECORDS)}")
            return None, problems
        row = _Row(line=line, user=user, record=record, title=values["title"])
        row.date = rules.parse_us_date(values["date"])
        if row.date is None:
            problems.append(f"date: {values['date']!r} is not a date as MM/DD/YYYY")
        if record in ("credential", "credit"):
            row.program = self.programs.get(values["program"].lower())
            if row.program is None:
                problems.append(f"program: no program is called {values['program']!r}")
        if record == "course":
            row.course = self.courses.get(values["title"].lower())
            if row.course is None:
                problems.append(f"title: no Learning Portal course is called {values['title']!r}")
        elif record == "credential":
            row.end_date = rules.parse_us_date(values["end_date"])
            if row.end_date is None:
                problems.append(f"end_date: {values['end_date']!r} is not a date as MM/DD/YYYY")
            elif row.date and row.end_date <= row.date:
                problems.append("end_date: the cycle must end after it starts")
            row.status = STATUSES.get(values["status"].upper())
            if row.status is None:
                problems.append(f"status: {values['status']!r} is not one of {', '.join(STATUSES)}")
        else:
            if not values["title"]:
                problems.append("title: required (the activity or course)")
            row.hours = rules.parse_credits(values["hours"])
            if row.hours is None or rules.requested_credits_error(row.hours):
                problems.append(
                    f"hours: {values['hours']!r} is not a number of contact hours from 0.25 to 100"
                )
            if row.program is not None and row.program.kind != Program.Kind.RENEWAL_CREDITS:
                problems.append(f"program: {row.program.credential_name} does not earn credits")
        return row, problems


def _credit_key(row):
    raw = (
        f"{row.user.pk}|{row.program.pk}|{row.title.lower()}|{row.date.isoformat()}|{row.hours.normalize():f}"
    )
    return f"import:{hashlib.sha256(raw.encode()).hexdigest()[:32]}"


def history_import(*, handle, dry_run=False, skip_invalid=False, now) -> HistoryImportResult:
    reader = csv.DictReader(handle)
    header = [(name or "").strip().lower() for name in (reader.fieldnames or [])]
    missing = [column for column in COLUMNS if column not in header]
    if missing:
        raise HistoryImportError(
            f"Line 1: the header must have the columns {', '.join(COLUMNS)}; missing: {', '.join(missing)}."
        )
    reader.fieldnames = header
    numbered: list[tuple[int, dict[str, str] | None]] = []  # None: a line with too many columns
    for record in reader:
        if None in record:
            numbered.append((reader.line_num, None))
            continue
        cells = {column: (record.get(column) or "").strip() for column in COLUMNS}
        if any(cells.values()):
            numbered.append((reader.line_num, cells))
    parser = _Parser([values for _, values in numbered if values])
    result = HistoryImportResult()
    rows = []
    for line, values in numbered:
        if values is None:
            result.errors.append((line, "too many columns (quote values that contain commas)."))
            continue
        row, problems = parser.parse(line, values)
        if problems:
            result.errors.append((line, "; ".join(problems)))
        else:
            rows.append(row)
    # The good lines are applied even when some are bad (then rolled back), so that one run reports every
    # problem, including those only seen against the data (no cycle holds a credit's date).
    with transaction.atomic():
        _apply(rows, result=result, now=now)
        # Lines refused while applying (an ACTIVE credential already there, no cycle for a credit) count too.
        if dry_run or (result.errors and not skip_invalid):
            transaction.set_rollback(True)
        else:
            result.imported = True
    return result


def _apply(rows, *, result, now):
    users = {row.user.pk for row in rows}
    _apply_credentials([r for r in rows if r.record == "credential"], result=result, now=now)
    _apply_courses([r for r in rows if r.record == "course"], result=result)
    _apply_credits([r for r in rows if r.record == "credit"], result=result, now=now)
    dashboard_changed(user_ids=list(users))


def _apply_credentials(rows, *, result, now):
    existing = {
        (c.user_id, c.program_id, c.cycle_start): c
        for c in Credential.objects.filter(user_id__in={r.user.pk for r in rows})
    }
    active = {
        (user, program) for (user, program, _), c in existing.items() if c.status == CredentialStatus.ACTIVE
    }
    new = []
    for row in rows:
        key = (row.user.pk, row.program.pk, row.date)
        if key in existing:
            result.unchanged += 1
            continue
        if row.status == CredentialStatus.ACTIVE and (row.user.pk, row.program.pk) in active:
            result.errors.append(
                (row.line, f"status: {row.user.email} already has an ACTIVE {row.program.credential_name}")
            )
            continue
        ended = rules.end_of_day(min(row.end_date, rules.local_date(now)))
        credential = Credential(
            user_id=row.user.pk,
            program=row.program,
            status=row.status,
            compliance=COMPLIANCE_FOR[row.status],
            cycle_start=row.date,
            cycle_end=row.end_date,
            registered_at=_noon(row.date),
            completed_at=ended if row.status == CredentialStatus.COMPLETED else None,
            expired_at=ended if row.status == CredentialStatus.EXPIRED else None,
        )
        existing[key] = credential
        if row.status == CredentialStatus.ACTIVE:
            active.add((row.user.pk, row.program.pk))
        new.append(credential)
    Credential.objects.bulk_create(new, batch_size=500)  # SQLite and PostgreSQL set the new ids
    CredentialEvent.objects.bulk_create(
        [
            CredentialEvent(
                credential_id=c.pk,
                kind=EventKind.IMPORTED,
                to_value=CredentialStatus(c.status).label,
                note=NOTE,
                at=now,
            )
            for c in new
        ],
        batch_size=1000,
    )
    result.created["credential"] += len(new)


def _apply_courses(rows, *, result):
    done = set(
        Enrollment.objects.filter(user_id__in={r.user.pk for r in rows}).values_list("user_id", "course_id")
    )
    new = []
    for row in rows:
        key = (row.user.pk, row.course.pk)
        if key in done:
            result.unchanged += 1
            continue
        done.add(key)
        new.append(
            Enrollment(
                user_id=row.user.pk,
                course=row.course,
                registered_at=_noon(row.date),
                completed_at=_noon(row.date),
            )
        )
    Enrollment.objects.bulk_create(new, batch_size=1000)
    result.created["course"] += len(new)


def _apply_credits(rows, *, result, now):
    keys = {_credit_key(row): row for row in rows}
    known = set(CreditEntry.objects.filter(source_key__in=list(keys)).values_list("source_key", flat=True))
    cycles: dict[tuple[int, int], list[Credential]] = {}
    for credential in Credential.objects.filter(
        user_id__in={r.user.pk for r in rows}, program__kind=Program.Kind.RENEWAL_CREDITS
    ).order_by("cycle_start"):
        cycles.setdefault((credential.user_id, credential.program_id), []).append(credential)
    new, seen = [], set()
    for row in rows:
        key = _credit_key(row)
        if key in known or key in seen:
            result.unchanged += 1
            continue
        target = next(
            (
                c
                for c in cycles.get((row.user.pk, row.program.pk), [])
                if rules.date_in_cycle(row.date, c.cycle_start, c.cycle_end)
            ),
            None,
        )
        if target is None:
            result.errors.append(
                (
                    row.line,
                    f"date: {row.user.email} has no {row.program.credential_name} cycle that holds "
                    f"{row.date:%m/%d/%Y} (add a credential line for it)",
                )
            )
            continue
        seen.add(key)
        new.append(
            CreditEntry(
                credential=target,
                source=CreditEntry.Source.IMPORTED,
                source_key=key,
                hours=row.hours,
                activity_date=row.date,
                title=row.title[:200],
                description=NOTE,
                created_at=now,
            )
        )
    CreditEntry.objects.bulk_create(new, batch_size=1000)
    result.created["credit"] += len(new)
