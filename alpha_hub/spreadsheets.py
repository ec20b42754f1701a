"""CSV and XLSX that open safely in a spreadsheet: the one formula guard every export uses, and the
one workbook reader every import uses (a formula's cached value, never the formula, is read).

A text cell a spreadsheet would run as a formula (OWASP "CSV injection") gets a leading apostrophe;
numbers stay numbers, so a negative amount is no formula. The budget import undoes the apostrophe
with the same FORMULA_PREFIXES, so an exported file round-trips.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal

from openpyxl import Workbook, load_workbook
from openpyxl.utils import get_column_letter

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


# Reading a workbook. A formula cell keeps, beside its formula, the value the spreadsheet program
# worked out when it last saved the file; that cached value is what the person saw, so the
# imports use it. openpyxl gives either the formulas or the cached values, never both: the
# workbook is read twice, side by side. A file written by a program that never calculated it
# (openpyxl itself, some exports) has formulas with no cached value: those cells are refused.
NO_CACHED_VALUE = (
    "Cell {cell} is a formula ({formula}) with no saved value: the workbook has not been "
    "calculated by a spreadsheet program. Open it in Excel (or LibreOffice), save it, and upload "
    "it again, or type the value into the cell"
)
FORMULA_ERROR = "Cell {cell} is a formula ({formula}) that gives an error ({value}): correct it"


class UncachedFormula(str):
    """The text of a formula cell that cannot be used (no cached value, or an error).

    It is the formula itself ("=D2*E2"), so an import that refuses formulas still refuses it;
    `problem` says in plain words why, naming the cell.
    """

    problem: str

    def __new__(cls, formula: str, problem: str):
        value = super().__new__(cls, formula)
        value.problem = problem
        return value


@dataclass
class SheetTable:
    """The first sheet's rows, with where each usable value came from a formula."""

    rows: list[tuple]
    # (row index, column index) -> the formula, for each cell whose cached value is in `rows`.
    formulas: dict[tuple[int, int], str] = field(default_factory=dict)


def _formula_text(value) -> str:
    text = value if isinstance(value, str) else getattr(value, "text", None) or "a formula"
    return text[:60] + ("..." if len(text) > 60 else "")


def read_xlsx(data: bytes, *, max_columns: int, max_rows: int) -> SheetTable:
    """The first sheet of a workbook: plain values, and each formula cell's cached value.

    Reads at most `max_rows` rows (and one more, so a caller can tell there were more) of at most
    `max_columns` columns. The caller checks the file's size first; openpyxl's errors propagate.
    A workbook with no formula is read once, as plain values; only one that may hold formulas is
    read again, cell by cell, beside its cached values.
    """
    rows = _read_values(data, max_columns=max_columns, max_rows=max_rows)
    if not any(_may_be_formula(value) for row in rows for value in row):
        return SheetTable(rows=rows)
    return _read_formulas(data, max_columns=max_columns, max_rows=max_rows)


def _may_be_formula(value) -> bool:
    # openpyxl gives a formula as its text ("=A1*2"), or an object for an array formula.
    return (isinstance(value, str) and value.startswith("=")) or hasattr(value, "text")


def _read_values(data: bytes, *, max_columns: int, max_rows: int) -> list[tuple]:
    workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    try:
        rows = []
        for row in workbook.worksheets[0].iter_rows(values_only=True, max_col=max_columns):
            rows.append(row)
            if len(rows) > max_rows:
                break
        return rows
    finally:
        workbook.close()


def _read_formulas(data: bytes, *, max_columns: int, max_rows: int) -> SheetTable:
    """Both readings of the workbook side by side, cell by cell (each cell's type included)."""
    formulas_book = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    values_book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        table = SheetTable(rows=[])
        cells = zip(
            formulas_book.worksheets[0].iter_rows(max_col=max_columns),
            values_book.worksheets[0].iter_rows(max_col=max_columns),
            strict=False,
        )
        for row_index, (formula_row, value_row) in enumerate(cells):
            table.rows.append(
                tuple(
                    _cell_value(table, row_index, column, formula_cell, value_cell)
                    for column, (formula_cell, value_cell) in enumerate(
                        zip(formula_row, value_row, strict=False)
                    )
                )
            )
            if len(table.rows) > max_rows:
                break
        return table
    finally:
        formulas_book.close()
        values_book.close()


def _cell_value(table: SheetTable, row: int, column: int, formula_cell, value_cell):
    if getattr(formula_cell, "data_type", None) != "f":
        return formula_cell.value
    formula = _formula_text(formula_cell.value)
    cell = getattr(formula_cell, "coordinate", None) or f"{get_column_letter(column + 1)}{row + 1}"
    value = value_cell.value
    if value is None:
        return UncachedFormula(formula, NO_CACHED_VALUE.format(cell=cell, formula=formula))
    if value_cell.data_type == "e":
        problem = FORMULA_ERROR.format(cell=cell, formula=formula, value=value)
        return UncachedFormula(formula, problem)
    table.formulas[(row, column)] = formula
    return value
