"""CSV downloads: one writer for every table the portal offers as CSV (My Staff, the KDLA reports).

A cell that starts with = + - @, a tab or a carriage return is prefixed with an apostrophe, so a spreadsheet
shows it as text instead of running it as a formula (CSV injection).
"""

import csv
import io

from django.http import HttpResponse

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def harden_cell(value) -> str:
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def csv_response(*, filename: str, header: list[str], rows) -> HttpResponse:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([harden_cell(cell) for cell in header])
    for row in rows:
        writer.writerow([harden_cell(cell) for cell in row])
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
