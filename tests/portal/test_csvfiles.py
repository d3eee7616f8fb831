"""portal.csvfiles: the one CSV writer, whose cells no spreadsheet runs as formulas."""

import csv
import io

import pytest

from portal import csvfiles


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_a_cell_starting_like_a_formula_is_written_as_text(start):
    handle = io.StringIO()
    csvfiles.writer(handle).writerow([f"{start}1+1", "plain", 3])
    assert next(csv.reader(io.StringIO(handle.getvalue()))) == [f"'{start}1+1", "plain", "3"]


def test_numbers_and_ordinary_text_are_unchanged():
    assert csvfiles.cell(-2) == -2
    assert csvfiles.cell("Boone County Public Library") == "Boone County Public Library"
    assert csvfiles.cell("") == ""


def test_no_module_writes_csv_past_the_safe_writer():
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    apps = ["accounts", "courses", "credentials", "credit_requests", "reviews", "portal", "directors"]
    writers = [
        str(path.relative_to(root))
        for app in apps
        for path in (root / app).rglob("*.py")
        if path.name != "csvfiles.py"
        and ("csv.writer(" in path.read_text() or "csv.DictWriter(" in path.read_text())
    ]
    assert writers == [], "write CSVs with portal.csvfiles.writer (formula injection)"
