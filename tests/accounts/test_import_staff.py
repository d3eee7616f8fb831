"""import_staff: create or update staff from a CSV; bad rows by line number; all or nothing."""

import io

import pytest
from allauth.account.models import EmailAddress
from django.core.management import CommandError, call_command

from accounts.models import User
from tests.factories import LibraryFactory, UserFactory

HEADER = "email,first_name,last_name,library,job_title\n"


@pytest.fixture
def libraries(db):
    return LibraryFactory(name="Boone County Public Library"), LibraryFactory(
        name="Clark County Public Library"
    )


def run(tmp_path, text, *args):
    path = tmp_path / "staff.csv"
    path.write_text(text, encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("import_staff", str(path), *args, stdout=out, stderr=err)
    except CommandError as exc:
        return out.getvalue(), err.getvalue(), str(exc)
    return out.getvalue(), err.getvalue(), None


def test_import_creates_verified_accounts_without_a_usable_password(tmp_path, libraries):
    out, err, failure = run(
        tmp_path,
        HEADER + "Ann.Lee@Boone.example,Ann,Lee,Boone County Public Library,Circulation Clerk\n"
        '"bo@clark.example","Bo","Hall, Jr.",clark county public library,Page\n',
    )
    assert failure is None and err == ""
    assert "Imported: 2 created, 0 updated, 0 unchanged, 0 skipped." in out
    ann = User.objects.get(email="ann.lee@boone.example")
    assert (ann.first_name, ann.last_name, ann.library, ann.job_title) == (
        "Ann",
        "Lee",
        libraries[0],
        "Circulation Clerk",
    )
    assert not ann.has_usable_password()
    assert EmailAddress.objects.get(user=ann).verified
    assert User.objects.get(email="bo@clark.example").last_name == "Hall, Jr."


def test_import_updates_existing_staff_and_keeps_their_password(tmp_path, libraries):
    existing = UserFactory(email="ann@boone.example", library=libraries[0], job_title="Page")
    out, _, failure = run(
        tmp_path, HEADER + "ann@boone.example,Ann,Lee,Clark County Public Library,Branch Manager\n"
    )
    assert failure is None
    assert "0 created, 1 updated" in out
    existing.refresh_from_db()
    assert (existing.library, existing.job_title, existing.last_name) == (
        libraries[1],
        "Branch Manager",
        "Lee",
    )
    assert existing.has_usable_password()
    out, _, _ = run(
        tmp_path, HEADER + "ann@boone.example,Ann,Lee,Clark County Public Library,Branch Manager\n"
    )
    assert "0 created, 0 updated, 1 unchanged" in out


def test_bad_rows_are_reported_by_line_number_and_nothing_is_imported(tmp_path, libraries):
    out, err, failure = run(
        tmp_path,
        HEADER
        + "good@boone.example,Good,Row,Boone County Public Library,Clerk\n"
        + "not-an-email,Bad,Email,Boone County Public Library,Clerk\n"
        + "\n"
        + "who@boone.example,,Nobody,Atlantis Public Library,Clerk\n"
        + "good@boone.example,Again,Dup,Boone County Public Library,Clerk\n",
    )
    assert failure.startswith("3 bad row(s); nothing was imported.")
    assert "Line 3: email: not-an-email is not a valid email address" in err
    assert (
        "Line 5: first_name: required; library: no Kentucky public library named 'Atlantis Public Library'"
        in err
    )
    assert "Line 6: email: good@boone.example is already on line 2" in err
    assert not User.objects.exists()


def test_skip_invalid_imports_the_good_rows(tmp_path, libraries):
    out, err, failure = run(
        tmp_path,
        HEADER + "good@boone.example,Good,Row,Boone County Public Library,Clerk\nbad,Bad,Row,Nowhere,Clerk\n",
        "--skip-invalid",
    )
    assert failure is None
    assert "Line 3:" in err
    assert "1 created, 0 updated, 0 unchanged, 1 skipped" in out
    assert list(User.objects.values_list("email", flat=True)) == ["good@boone.example"]


def test_dry_run_reports_and_changes_nothing(tmp_path, libraries):
    UserFactory(email="old@boone.example", library=libraries[0], job_title="Page")
    out, _, failure = run(
        tmp_path,
        HEADER + "new@boone.example,New,Person,Boone County Public Library,Clerk\n"
        "old@boone.example,Old,Person,Boone County Public Library,Manager\n",
        "--dry-run",
    )
    assert failure is None
    assert "DRY RUN (nothing changed). Would import: 1 created, 1 updated" in out
    assert not User.objects.filter(email="new@boone.example").exists()
    assert User.objects.get(email="old@boone.example").job_title == "Page"


def test_missing_columns_and_missing_file_are_clear_errors(tmp_path, libraries):
    _, _, failure = run(tmp_path, "email,name\nx@y.example,X\n")
    assert failure == (
        "Line 1: the header must have the columns email, first_name, last_name, library, job_title; "
        "missing: first_name, last_name, library, job_title."
    )
    with pytest.raises(CommandError, match="No such file"):
        call_command("import_staff", str(tmp_path / "nope.csv"))


def test_excel_byte_order_mark_and_extra_columns_are_accepted(tmp_path, libraries):
    path = tmp_path / "excel.csv"
    path.write_bytes(
        "\ufeffEmail,First_Name,Last_Name,Library,Job_Title\r\n"
        "x@boone.example,X,Y,Boone County Public Library,Clerk\r\n".encode()
    )
    call_command("import_staff", str(path), stdout=io.StringIO())
    assert User.objects.filter(email="x@boone.example").exists()
