"""CSV downloads of the portal's tables (My Staff, the KDLA reports), written by the one safe writer,
`portal.csvfiles.writer` (formula-injection rule there)."""

import io

from django.http import HttpResponse

from portal import csvfiles


def csv_response(*, filename: str, header: list[str], rows) -> HttpResponse:
    buffer = io.StringIO()
    writer = csvfiles.writer(buffer)
    writer.writerow(header)
    writer.writerows(rows)
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
