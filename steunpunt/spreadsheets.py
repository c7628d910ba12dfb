"""CSV downloads that open well in Dutch Excel and cannot run as formulas: a byte order
mark, semicolons, decimal commas, and a quote before anything that starts like a formula
(names and labels are typed by people)."""

import csv
from collections.abc import Iterable

from django.http import HttpResponse


def csv_cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:g}".replace(".", ",")
    text = str(value)
    # A cell starting like a formula would run as one in a spreadsheet.
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


def csv_response(*, filename: str, rows: Iterable[Iterable]) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")
    writer = csv.writer(response, delimiter=";")
    for row in rows:
        writer.writerow([csv_cell(value) for value in row])
    return response
