"""Ops commands: each with good input, bad input (a message naming the value, non-zero exit) and --dry-run."""

import datetime as dt
import json
import zipfile
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from accounts.models import PersonEvent, SentEmail
from accounts.roles import REVIEWERS_GROUP
from courses.models import Enrollment
from credentials import rules
from credentials.models import Credential, CredentialEvent, CredentialStatus, CreditEntry
from tests.credentials.applications import registered_application
from tests.factories import UserFactory
from tests.reviews.test_views import _pending_credit_request

pytestmark = pytest.mark.django_db


def run(*args):
    out = StringIO()
    call_command(*args, stdout=out, stderr=out)
    return out.getvalue()


def _us(day):
    return day.strftime("%m/%d/%Y")


def _today():
    return rules.local_date(timezone.now())


# --- grant_role / revoke_role ---------------------------------------------------------------------------------


def test_grant_role_makes_a_reviewer_and_revoke_role_undoes_it():
    user = UserFactory(email="kim@kdla.example")
    assert "KDLA reviewer granted" in run("grant_role", "KIM@kdla.example", "reviewer")
    assert user.groups.filter(name=REVIEWERS_GROUP).exists()
    assert "already has" in run("grant_role", "kim@kdla.example", "reviewer")
    assert "revoked" in run("revoke_role", "kim@kdla.example", "reviewer")
    assert not user.groups.exists()
    kinds = list(PersonEvent.objects.filter(user=user).values_list("kind", flat=True))
    assert kinds == [PersonEvent.Kind.ROLE_GRANTED, PersonEvent.Kind.ROLE_REVOKED]


def test_grant_role_operator_makes_a_superuser():
    user = UserFactory()
    run("grant_role", user.email, "operator")
    user.refresh_from_db()
    assert user.is_superuser and user.is_staff


@pytest.mark.parametrize(
    "args, message",
    [
        (("nobody@x.example", "reviewer"), "No account has the email address 'nobody@x.example'"),
        (("{email}", "wizard"), "Unknown role 'wizard'; the roles are: reviewer, operator."),
    ],
)
def test_grant_role_bad_input_names_the_value(args, message):
    user = UserFactory()
    with pytest.raises(CommandError, match=message.replace("(", r"\(").replace(".", r"\.")):
        run("grant_role", *(a.format(email=user.email) for a in args))


def test_grant_role_dry_run_changes_nothing():
    user = UserFactory()
    assert "DRY RUN" in run("grant_role", user.email, "reviewer", "--dry-run")
    assert not user.groups.exists() and not PersonEvent.objects.exists()


# --- enroll ------------------------------------------------------------------------------------------------


def test_enroll_from_a_start_date(seeded):
    user = UserFactory()
    start = _today() - dt.timedelta(days=10)
    out = run("enroll", user.email, "Paraprofessional I - Renewal credits", "--start", _us(start))
    credential = Credential.objects.get(user=user, program__code="paraprofessional-i-renewal-credits")
    assert credential.cycle_start == start and "enrolled" in out
    assert CredentialEvent.objects.filter(credential=credential, kind="enrolled").exists()
    assert SentEmail.objects.filter(key=f"credential:{credential.pk}:enrolled").exists()


@pytest.mark.parametrize(
    "program, start, message",
    [
        ("no-such-program", None, "No program is called 'no-such-program'"),
        (
            "paraprofessional-i-renewal-credits",
            "13/45/2026",
            "--start '13/45/2026' is not a date as MM/DD/YYYY",
        ),
        ("part-time-initial-application", None, "is an application"),
    ],
)
def test_enroll_bad_input(seeded, program, start, message):
    user = UserFactory()
    args = ["enroll", user.email, program] + (["--start", start] if start else [])
    with pytest.raises(CommandError, match=message):
        run(*args)
    assert not Credential.objects.filter(user=user).exists()


def test_enroll_dry_run_changes_nothing_and_emails_nobody(seeded):
    user = UserFactory()
    assert "DRY RUN" in run("enroll", user.email, "professional-i-renewal-credits", "--dry-run")
    assert not Credential.objects.filter(user=user).exists() and not SentEmail.objects.exists()


# --- extend_deadline ------------------------------------------------------------------------------------------


def test_extend_deadline_moves_the_window_with_the_note(seeded):
    application = registered_application()
    new_date = _today() + dt.timedelta(days=50)
    run(
        "extend_deadline",
        application.user.email,
        "part-time-initial-application",
        "--to",
        _us(new_date),
        "--note",
        "Phoned",
    )
    application.refresh_from_db()
    assert rules.local_date(application.upload_deadline) == new_date
    assert "Phoned" in CredentialEvent.objects.get(credential=application, kind="deadline").note


def test_extend_deadline_bad_input(seeded):
    application = registered_application()
    with pytest.raises(CommandError, match="The new deadline cannot be in the past."):
        run(
            "extend_deadline",
            application.user.email,
            "part-time-initial-application",
            "--to",
            "01/01/2020",
            "--note",
            "x",
        )
    with pytest.raises(CommandError, match="has no ACTIVE Part Time Certification"):
        run(
            "extend_deadline",
            application.user.email,
            "part-time-renewal-application",
            "--to",
            "01/01/2030",
            "--note",
            "x",
        )


def test_extend_deadline_dry_run_changes_nothing(seeded):
    application = registered_application()
    before = application.upload_deadline
    out = run(
        "extend_deadline",
        application.user.email,
        "part-time-initial-application",
        "--to",
        _us(_today() + dt.timedelta(days=9)),
        "--note",
        "x",
        "--dry-run",
    )
    assert "DRY RUN" in out
    application.refresh_from_db()
    assert (
        application.upload_deadline == before and not CredentialEvent.objects.filter(kind="deadline").exists()
    )


# --- deactivate_staff -------------------------------------------------------------------------------------


def test_deactivate_staff_keeps_the_records():
    user = UserFactory()
    assert "deactivated" in run("deactivate_staff", user.email, "--note", "Left the library")
    user.refresh_from_db()
    assert not user.is_active
    assert "Left the library" in PersonEvent.objects.get(user=user, kind=PersonEvent.Kind.DEACTIVATED).note
    assert "already deactivated" in run("deactivate_staff", user.email)


def test_deactivate_staff_bad_input_and_dry_run():
    with pytest.raises(CommandError, match="No account has the email address 'ghost@x.example'"):
        run("deactivate_staff", "ghost@x.example")
    user = UserFactory()
    assert "DRY RUN" in run("deactivate_staff", user.email, "--dry-run")
    user.refresh_from_db()
    assert user.is_active


# --- import_history ---------------------------------------------------------------------------------------

HEADER = "email,record,program,title,date,end_date,status,hours\n"


def _csv(tmp_path, body, name="history.csv"):
    path = tmp_path / name
    path.write_text(HEADER + body)
    return str(path)


def _history_body(email):
    return (
        f"{email},credential,part-time-renewal-credits,,02/06/2023,02/06/2028,ACTIVE,\n"
        f"{email},credential,part-time-initial-application,,12/01/2022,01/30/2023,COMPLETED,\n"
        f"{email},course,,Customer Service Basics,11/15/2022,,,\n"
        f'{email},credit,part-time-renewal-credits,"Annual Summation, KLA",03/10/2024,,,2.5\n'
    )


def test_import_history_imports_courses_credentials_and_credits_and_reimporting_changes_nothing(
    seeded, tmp_path
):
    user = UserFactory(email="pat@library.example")
    path = _csv(tmp_path, _history_body(user.email))
    out = run("import_history", path)
    assert "1 course(s), 2 credential(s), 1 credit(s) new" in out
    renewal = Credential.objects.get(user=user, program__code="part-time-renewal-credits")
    assert renewal.cycle_start == dt.date(2023, 2, 6) and renewal.status == CredentialStatus.ACTIVE
    initial = Credential.objects.get(user=user, program__code="part-time-initial-application")
    assert initial.status == CredentialStatus.COMPLETED and initial.compliance == "compliant"
    entry = CreditEntry.objects.get(credential=renewal)
    assert entry.hours == Decimal("2.5") and entry.title == "Annual Summation, KLA"
    assert Enrollment.objects.get(user=user).completed_at is not None
    counts = (Credential.objects.count(), CreditEntry.objects.count(), Enrollment.objects.count())
    assert "0 course(s), 0 credential(s), 0 credit(s) new, 4 already there" in run("import_history", path)
    assert (Credential.objects.count(), CreditEntry.objects.count(), Enrollment.objects.count()) == counts


def test_import_history_is_all_or_nothing_with_line_numbered_errors(seeded, tmp_path):
    user = UserFactory()
    path = _csv(
        tmp_path,
        _history_body(user.email)
        + "nobody@x.example,course,,Customer Service Basics,11/15/2022,,,\n"
        + f"{user.email},credential,part-time-renewal-credits,,02/30/2023,02/06/2028,ACTIVE,\n"
        + f"{user.email},credit,part-time-renewal-credits,Workshop,03/10/2020,,,1\n",
    )
    with pytest.raises(CommandError, match="3 bad line"):
        out = StringIO()
        call_command("import_history", path, stdout=out, stderr=out)
    assert "Line 6: email: no account has the address 'nobody@x.example'" in out.getvalue()
    assert "Line 7: date: '02/30/2023' is not a date as MM/DD/YYYY" in out.getvalue()
    assert (
        "Line 8: date:" in out.getvalue()
        and "no Part-time Certification - Renewal credits cycle" in out.getvalue()
    )
    assert not Credential.objects.exists() and not Enrollment.objects.exists()


def test_import_history_skip_invalid_imports_the_good_lines(seeded, tmp_path):
    user = UserFactory()
    path = _csv(tmp_path, _history_body(user.email) + f"{user.email},diploma,,,01/01/2020,,,\n")
    out = run("import_history", path, "--skip-invalid")
    assert "Line 6: record: 'diploma' is not one of course, credential, credit" in out
    assert Credential.objects.filter(user=user).count() == 2


def test_import_history_dry_run_changes_nothing(seeded, tmp_path):
    user = UserFactory()
    out = run("import_history", _csv(tmp_path, _history_body(user.email)), "--dry-run")
    assert "DRY RUN" in out and "2 credential(s)" in out
    assert not Credential.objects.exists() and not CreditEntry.objects.exists()


def test_import_history_missing_column_or_file(seeded, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("email,record\n")
    with pytest.raises(CommandError, match="Line 1: the header must have the columns"):
        run("import_history", str(path))
    with pytest.raises(CommandError, match="No such file"):
        run("import_history", str(tmp_path / "missing.csv"))


# --- export_person ----------------------------------------------------------------------------------------


def test_export_person_writes_a_zip_with_a_manifest_and_their_files(seeded, tmp_path):
    application = registered_application()
    person = application.user
    credit_request = _pending_credit_request(user=person)
    output = tmp_path / "records.zip"
    run("export_person", person.email, "--output", str(output))
    with zipfile.ZipFile(output) as archive:
        manifest = json.loads(archive.read("manifest.json"))
        names = archive.namelist()
    assert manifest["profile"]["email"] == person.email
    assert {c["credential"] for c in manifest["credentials"]} >= {"Initial Part Time Certification"}
    assert manifest["credit_requests"][0]["course"] == credit_request.course
    assert manifest["credit_requests"][0]["in_zip"] in names
    assert any(e["kind"] == "registered" for e in manifest["history"])
    assert manifest["emails"]
    assert PersonEvent.objects.filter(user=person, kind=PersonEvent.Kind.EXPORTED).exists()


def test_export_person_bad_input_and_dry_run(seeded, tmp_path):
    with pytest.raises(CommandError, match="No account has the email address 'ghost@x.example'"):
        run("export_person", "ghost@x.example")
    person = UserFactory()
    output = tmp_path / "records.zip"
    assert "DRY RUN" in run("export_person", person.email, "--output", str(output), "--dry-run")
    assert not output.exists() and not PersonEvent.objects.exists()
