"""Every CSV the portal writes goes through `writer` (one place for the formula-injection rule).

A spreadsheet opening a CSV runs a cell that starts with `=`, `+`, `-` or `@` as a formula (and tab or carriage
return can hide such a start), so a first name `=HYPERLINK("http://evil.example","x")` would become a live link
in the reviewer's report. Such text cells are written with a leading apostrophe, which spreadsheets show as
text; the value is otherwise unchanged (OWASP's "CSV injection" advice). Numbers are written as they are.
"""

import csv

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def cell(value):
    """A CSV cell's text that no spreadsheet runs as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


class _SafeWriter:
    def __init__(self, handle, **options):
        self._writer = csv.writer(handle, **options)

    def writerow(self, row):
        return self._writer.writerow([cell(value) for value in row])

    def writerows(self, rows):
        for row in rows:
            self.writerow(row)


def writer(handle, **options):
    """`csv.writer(handle, **options)` whose rows are neutralised cell by cell (see `cell`)."""
    return _SafeWriter(handle, **options)
