"""Writes to staff accounts that are not allauth's own: the staff import (`manage.py import_staff`) and the
dashboard version (`dashboard_changed`)."""

import csv
from dataclasses import dataclass, field

from allauth.account.models import EmailAddress
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import F

from accounts.models import Library, User
from portal.text import clean_text, max_length

STAFF_COLUMNS = ["email", "first_name", "last_name", "library", "job_title"]
PROFILE_FIELDS = ["first_name", "last_name", "library", "job_title"]


class StaffImportError(Exception):
    """The file cannot be read at all (missing columns, not CSV)."""


@dataclass
class StaffRow:
    line: int
    email: str
    first_name: str
    last_name: str
    library: Library
    job_title: str


@dataclass
class StaffImportResult:
    created: list = field(default_factory=list)
    updated: list = field(default_factory=list)
    unchanged: list = field(default_factory=list)
    errors: list = field(default_factory=list)  # (line, message)
    imported: bool = False


def staff_rows_parse(handle) -> tuple[list[StaffRow], list[tuple[int, str]]]:
    """Read and check every row. Returns (valid rows, [(line number, message), ...])."""
    reader = csv.DictReader(handle)
    header = [(name or "").strip().lower() for name in (reader.fieldnames or [])]
    missing = [column for column in STAFF_COLUMNS if column not in header]
    if missing:
        raise StaffImportError(
            f"Line 1: the header must have the columns {', '.join(STAFF_COLUMNS)}; missing: {', '.join(missing)}."
        )
    reader.fieldnames = header
    libraries = {library.name.lower(): library for library in Library.objects.all()}
    rows: list[StaffRow] = []
    errors: list[tuple[int, str]] = []
    seen: dict[str, int] = {}  # email -> the line that has it
    for record in reader:
        line = reader.line_num
        if None in record:
            errors.append((line, "too many columns (quote values that contain commas)."))
            continue
        values = {column: clean_text(record.get(column), multiline=False) for column in STAFF_COLUMNS}
        if not any(values.values()):
            continue  # a blank line
        problems = []
        email = values["email"].lower()
        try:
            validate_email(email)
        except ValidationError:
            problems.append(f"email: {values['email'] or '(empty)'} is not a valid email address")
        if email in seen:
            problems.append(f"email: {email} is already on line {seen[email]}")
        for column in ("first_name", "last_name", "job_title"):
            limit = max_length(User, column)
            if not values[column]:
                problems.append(f"{column}: required")
            elif len(values[column]) > limit:
                problems.append(f"{column}: longer than {limit} characters")
        library = libraries.get(values["library"].lower())
        if not values["library"]:
            problems.append("library: required")
        elif library is None:
            problems.append(f"library: no Kentucky public library named {values['library']!r}")
        if problems or library is None:  # a missing library is always among the problems
            errors.append((line, "; ".join(problems)))
            continue
        seen[email] = line
        rows.append(
            StaffRow(
                line=line,
                email=email,
                first_name=values["first_name"],
                last_name=values["last_name"],
                library=library,
                job_title=values["job_title"],
            )
        )
    return rows, errors


def staff_import(*, handle, dry_run=False, skip_invalid=False) -> StaffImportResult:
    """Create or update staff accounts from a CSV (email, first_name, last_name, library, job_title).

    All or nothing: a file with any bad row imports nothing unless `skip_invalid`. New accounts get a
    verified email address and an unusable password (they use "Forgot your password?" to set one);
    existing accounts keep their password and get their profile updated. `dry_run` writes nothing.
    """
    rows, errors = staff_rows_parse(handle)
    result = StaffImportResult(errors=errors)
    if errors and not skip_invalid:
        return result
    with transaction.atomic():
        existing = {user.email: user for user in User.objects.filter(email__in=[row.email for row in rows])}
        for row in rows:
            user = existing.get(row.email)
            if user is None:
                result.created.append(row.email)
                if not dry_run:
                    user = User(
                        email=row.email,
                        first_name=row.first_name,
                        last_name=row.last_name,
                        library=row.library,
                        job_title=row.job_title,
                    )
                    user.set_unusable_password()
                    user.save()
            else:
                changed = [name for name in PROFILE_FIELDS if getattr(user, name) != getattr(row, name)]
                (result.updated if changed else result.unchanged).append(row.email)
                if changed and not dry_run:
                    for name in changed:
                        setattr(user, name, getattr(row, name))
                    user.save(update_fields=changed)
            if not dry_run:
                EmailAddress.objects.update_or_create(
                    user=user, email=row.email, defaults={"verified": True, "primary": True}
                )
        result.imported = not dry_run
    return result


def dashboard_changed(*, user_ids) -> int:
    """Mark the dashboards of `user_ids` (ids, or a queryset of user ids) out of date: one UPDATE.

    Runs in the caller's transaction, so the new version is visible exactly when the change is. The cached
    boxes of an older version are never read again (portal/dashboard.py) and expire on their own.
    """
    return User.objects.filter(pk__in=user_ids).update(dashboard_version=F("dashboard_version") + 1)
