"""CSV and XLSX that open safely in a spreadsheet: the one formula guard every export uses.

A text cell a spreadsheet would run as a formula (OWASP "CSV injection") gets a leading apostrophe;
numbers stay numbers, so a negative amount is no formula. The budget import undoes the apostrophe
with the same FORMULA_PREFIXES, so an exported file round-trips.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from decimal import Decimal

from openpyxl import Workbook

# OWASP's list (= + - @ tab CR) plus newline, | and %, which some spreadsheet programs also read as
# the start of a formula or DDE call; leading spaces do not hide them.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\n", "|", "%")
CSV_TYPE = "text/csv; charset=utf-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
BOM = "\ufeff"  # so that Excel reads UTF-8 (the £ sign) correctly

Rows = Iterable[Iterable]
Sheet = tuple[str, Iterable[str], Rows]  # title, header, rows


def neutralise(value):
    """Text that a spreadsheet would run as a formula gets a leading apostrophe; others pass."""
    if isinstance(value, str) and value.lstrip(" ").startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def _csv_cell(value):
    """None as an empty cell, a Decimal as plain digits (never 1E+2), text neutralised."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return f"{value:f}"
    return neutralise(value)


class _Echo:
    """A file that hands back what is written, so csv.writer returns each line."""

    def write(self, value: str) -> str:
        return value


def csv_lines(header: Iterable[str], rows: Rows, *, bom: bool = True) -> Iterator[str]:
    """The CSV a line at a time (CRLF endings), for a StreamingHttpResponse or a file on disk."""
    writer = csv.writer(_Echo())
    yield (BOM if bom else "") + writer.writerow(list(header))
    for row in rows:
        yield writer.writerow([_csv_cell(cell) for cell in row])


def csv_bytes(header: Iterable[str], rows: Rows) -> bytes:
    """The whole CSV as UTF-8 with a byte-order mark, for a download built in memory."""
    return "".join(csv_lines(header, rows)).encode("utf-8")


def _xlsx_cell(value):
    # openpyxl stores any string starting with "=" as a formula: neutralise first.
    return float(value) if isinstance(value, Decimal) else neutralise(value)


def xlsx_bytes(sheets: Iterable[Sheet]) -> bytes:
    """A workbook of the given sheets: numbers as numbers, every text cell neutralised."""
    workbook = Workbook(write_only=True)
    for title, header, rows in sheets:
        sheet = workbook.create_sheet(title)
        sheet.append(list(header))
        for row in rows:
            sheet.append([_xlsx_cell(cell) for cell in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
