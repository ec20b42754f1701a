"""Reading budget lines from CSV or XLSX, with every row's problems listed before anything is saved.

The column layout is `exports.COLUMNS`; the downloadable template and the export use it too.
"""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal
from math import isfinite
from pathlib import PurePath

from alpha_hub.fiscal_year import FinancialYear
from alpha_hub.money import MoneyError, parse_money
from alpha_hub.spreadsheets import FORMULA_PREFIXES, SheetTable, UncachedFormula, read_xlsx
from budget.exports import COLUMNS
from budget.models import Budget, CostCategory
from budget.rules import (
    DESCRIPTION_MAX,
    NOTES_MAX,
    LineValues,
    duplicate_key,
    fte_problem,
    parse_fte,
)

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
MAX_ROWS = 20_000
# Only columns A to AX are read: the import's columns with room for a person's own beside them.
MAX_COLUMNS = 50
# An XLSX file is a zip of XML: 490 KB can unpack to 246 MB and hold a worker for minutes. 20,000
# lines written by Excel or openpyxl unpack to about 9 MB, so these leave room and no more.
MB = 1024 * 1024
XLSX_PART_LIMITS = {"xl/sharedStrings.xml": 8 * MB}  # every string held in memory at once
XLSX_PART_MAX = 16 * MB
XLSX_TOTAL_MAX = 32 * MB
XLSX_PARTS_MAX = 500
REQUIRED = ("Financial year", "Category", "Description", "Amount")


class ImportFileError(ValueError):
    """The file as a whole cannot be read; the message says why in plain words."""


@dataclass
class ImportRow:
    """One data row of the file: what it said, what it becomes, and what is wrong with it."""

    number: int
    cells: dict[str, object]
    values: LineValues | None = None
    errors: list[str] = field(default_factory=list)
    # Field name ("unit_cost") -> formula, for each cell whose value is its formula's cached value.
    formulas: dict[str, str] = field(default_factory=dict)

    @property
    def raw(self) -> dict[str, object]:
        """The cells by field name ("unit_cost"), for the preview's template."""
        return {_key(column): value for column, value in self.cells.items()}


def _key(column: str) -> str:
    return column.casefold().replace(" ", "_")


@dataclass
class ImportPreview:
    file_name: str
    rows: list[ImportRow]

    @property
    def error_count(self) -> int:
        return sum(len(row.errors) for row in self.rows)

    @property
    def rows_with_errors(self) -> list[ImportRow]:
        return [row for row in self.rows if row.errors]

    @property
    def values(self) -> list[LineValues]:
        return [row.values for row in self.rows if row.values is not None]

    @property
    def total(self) -> Decimal:
        """What the good rows add to the budget."""
        return sum((values.amount for values in self.values), Decimal("0.00"))

    @property
    def formula_count(self) -> int:
        return sum(len(row.formulas) for row in self.rows)


def clean_file_name(name: str) -> str:
    """The file's own name without any folder, at most 80 characters."""
    return PurePath(str(name).replace("\\", "/")).name.strip()[:80] or "upload"


def read_table(file_name: str, data: bytes) -> list[tuple]:
    """The rows of a CSV (UTF-8) or XLSX file as tuples of cell values (formulas' cached values)."""
    return read_sheet(file_name, data).rows


def read_sheet(file_name: str, data: bytes) -> SheetTable:
    """The rows of a CSV (UTF-8) or XLSX file, and which XLSX cells' values came from formulas."""
    if len(data) > MAX_UPLOAD_BYTES:
        raise ImportFileError("The file must be smaller than 10 MB")
    suffix = PurePath(file_name).suffix.lower()
    if suffix == ".csv":
        return SheetTable(rows=_read_csv(data))
    if suffix == ".xlsx":
        return _read_xlsx(data)
    raise ImportFileError("The file must be a CSV (.csv) or an Excel workbook (.xlsx)")


def _read_csv(data: bytes) -> list[tuple]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ImportFileError(
            "The file is not UTF-8 text. In your spreadsheet program, save it as "
            "'CSV UTF-8 (comma delimited)' and try again"
        ) from error
    try:
        return [tuple(row[:MAX_COLUMNS]) for row in csv.reader(io.StringIO(text, newline=""))]
    except csv.Error as error:
        raise ImportFileError(f"The file could not be read as CSV: {error}") from error


NOT_XLSX = (
    "The file could not be read as an Excel workbook (.xlsx). It may be damaged or in "
    "another format: save it again as .xlsx and try again"
)
SMALLER = "Copy just the budget lines into a new workbook, or save them as CSV, and try again"


def _read_xlsx(data: bytes) -> SheetTable:
    _check_xlsx_size(data)
    try:
        return read_xlsx(data, max_columns=MAX_COLUMNS, max_rows=MAX_ROWS + 1)
    except Exception as error:  # openpyxl raises many kinds for a damaged or foreign file
        raise ImportFileError(NOT_XLSX) from error


def _check_xlsx_size(data: bytes) -> None:
    """Refuse a workbook whose parts unpack to more than a budget could need, before parsing.

    The sizes come from the zip's directory; Python's zipfile never unpacks a part past its
    stated size (and fails its checksum if the data goes on), so openpyxl reads no more.
    """
    try:
        parts = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError) as error:
        raise ImportFileError(NOT_XLSX) from error
    if len(parts) > XLSX_PARTS_MAX:
        raise ImportFileError(f"The workbook has more than {XLSX_PARTS_MAX} parts. {SMALLER}")
    for part in parts:
        limit = XLSX_PART_LIMITS.get(part.filename, XLSX_PART_MAX)
        if part.file_size > limit:
            raise _too_large(_part_name(part.filename), part.file_size, limit)
    total = sum(part.file_size for part in parts)
    if total > XLSX_TOTAL_MAX:
        raise _too_large("it", total, XLSX_TOTAL_MAX)


def _too_large(what: str, size: int, limit: int) -> ImportFileError:
    return ImportFileError(
        f"The workbook is too large to import: {what} unpacks to {size / MB:,.0f} MB, and the "
        f"import reads at most {limit // MB} MB. {SMALLER}"
    )


def _part_name(file_name: str) -> str:
    if file_name == "xl/sharedStrings.xml":
        return "its text"
    if file_name.startswith("xl/worksheets/"):
        return "a sheet"
    return f"its part {file_name[:80]}"


def _is_blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _header(rows: list[tuple]) -> tuple[int, dict[str, int]]:
    """The first non-blank row, as a map from column name to position."""
    for index, row in enumerate(rows):
        if any(not _is_blank(cell) for cell in row):
            names = {str(cell).strip().casefold(): i for i, cell in enumerate(row) if cell}
            positions = {
                column: names[column.casefold()] for column in COLUMNS if column.casefold() in names
            }
            missing = [column for column in REQUIRED if column not in positions]
            if missing:
                raise ImportFileError(
                    "The first row must name the columns: missing " + ", ".join(missing)
                )
            return index, positions
    raise ImportFileError("The file is empty")


def preview_import(*, budget: Budget, file_name: str, data: bytes) -> ImportPreview:
    """Every row of the file checked against the budget; raises ImportFileError for the file."""
    if budget.status == Budget.Status.LOCKED:
        raise ImportFileError("This budget is locked. Record a variation instead")
    sheet = read_sheet(file_name, data)
    table = sheet.rows
    start, positions = _header(table)
    data_rows = [
        (number, row)
        for number, row in enumerate(table[start + 1 :], start=start + 2)
        if any(not _is_blank(cell) for cell in row)
    ]
    if not data_rows:
        raise ImportFileError("The file has no lines under its header row")
    if len(data_rows) > MAX_ROWS:
        raise ImportFileError(f"The file has more than {MAX_ROWS:,} lines; split it into parts")
    checker = _RowChecker(budget)
    rows = [
        checker.check(number, row, positions, _row_formulas(sheet, number - 1, positions))
        for number, row in data_rows
    ]
    return ImportPreview(file_name=file_name, rows=rows)


def _row_formulas(sheet: SheetTable, index: int, positions: dict[str, int]) -> dict[str, str]:
    if not sheet.formulas:
        return {}
    return {
        _key(column): sheet.formulas[(index, position)]
        for column, position in positions.items()
        if (index, position) in sheet.formulas
    }


class _RowChecker:
    """Checks rows one by one, remembering what it has seen to find duplicates."""

    def __init__(self, budget: Budget):
        self.budget = budget
        self.categories: dict[str, CostCategory] = {}
        for category in CostCategory.objects.all():
            self.categories[category.code.casefold()] = category
            self.categories[category.name.casefold()] = category
        self.seen: dict[tuple, int] = {}
        lines = budget.lines.order_by().values_list(
            "category_id", "description", "fte", "unit_cost", "amount"
        )
        self.existing = {duplicate_key(*line) for line in lines}

    def check(
        self, number: int, row: tuple, positions: dict[str, int], formulas: dict[str, str]
    ) -> ImportRow:
        cells = {
            column: (row[index] if index < len(row) else None)
            for column, index in positions.items()
        }
        result = ImportRow(number=number, cells=cells, formulas=formulas)
        for column, value in cells.items():
            if isinstance(value, UncachedFormula):
                result.errors.append(f"{column}: {value.problem}")
            elif isinstance(value, str) and value.strip().startswith("="):
                result.errors.append(f"{column} is a formula: enter the value only")
            elif isinstance(value, str) and "\x00" in value:  # Postgres text cannot hold one
                result.errors.append(f"{column} contains a null character (a zero byte): remove it")
        if result.errors:
            return result
        parsed = {column: _unquote(value) for column, value in cells.items()}
        self._check_year(parsed.get("Financial year"), result)
        category = self._category(parsed.get("Category"), result)
        description = self._text(parsed.get("Description"), "Description", DESCRIPTION_MAX, result)
        notes = self._text(parsed.get("Notes"), "Notes", NOTES_MAX, result, required=False)
        amount = _money(parsed.get("Amount"), "Amount", result, required=True)
        unit_cost = _money(parsed.get("Unit cost"), "Unit cost", result)
        fte = _fte(parsed.get("FTE"), result)
        if result.errors:
            return result
        problem = fte_problem(fte, unit_cost, amount)
        if problem:
            result.errors.append(problem)
            return result
        values = LineValues(category, description, amount, fte, unit_cost, notes)
        self._check_duplicate(values, result)
        if not result.errors:
            result.values = values
        return result

    def _check_year(self, value, result: ImportRow) -> None:
        if _is_blank(value):
            result.errors.append("Enter the financial year, like 2020/21")
            return
        try:
            year = FinancialYear.parse(str(value))
        except ValueError as error:
            result.errors.append(f"Financial year: {error}")
            return
        if year != self.budget.financial_year:
            result.errors.append(
                f"Wrong year: the row is for {year}, this budget is for "
                f"{self.budget.financial_year}"
            )

    def _category(self, value, result: ImportRow) -> CostCategory | None:
        if _is_blank(value):
            result.errors.append("Enter a category")
            return None
        category = self.categories.get(str(value).strip().casefold())
        if category is None:
            result.errors.append(f"Unknown category '{value}'")
        return category

    @staticmethod
    def _text(value, label: str, limit: int, result: ImportRow, required: bool = True) -> str:
        text = "" if value is None else str(value).strip()
        if required and not text:
            result.errors.append(f"Enter a {label.lower()}")
        elif len(text) > limit:
            result.errors.append(f"{label} must be {limit} characters or fewer")
        return text

    def _check_duplicate(self, values: LineValues, result: ImportRow) -> None:
        key = values.duplicate_key()
        if key in self.existing:
            result.errors.append("Duplicate of a line already in this budget")
        elif key in self.seen:
            result.errors.append(f"Duplicate of row {self.seen[key]}")
        else:
            self.seen[key] = result.number


def _unquote(value):
    """Undo the export's neutralising apostrophe so a file round-trips."""
    if (
        isinstance(value, str)
        and len(value) > 1
        and value[0] == "'"
        and value[1] in FORMULA_PREFIXES
    ):
        return value[1:]
    return value


def _from_spreadsheet(value):
    """A float cell as the spreadsheet shows it: 15 significant digits, as Excel keeps them.

    Excel may store 1156995.47 as 1156995.4699999999 or 0.3 as 0.30000000000000004; reading
    those digits literally would refuse a value that the person sees as whole pence.
    """
    return Decimal(format(value, ".15g")) if isinstance(value, float) and isfinite(value) else value


def _money(value, label: str, result: ImportRow, required: bool = False):
    if _is_blank(value):
        if required:
            result.errors.append(f"Enter the {label.lower()}")
        return None
    if isinstance(value, bool):
        result.errors.append(f"{label}: enter an amount in pounds and pence")
        return None
    try:
        amount = parse_money(_from_spreadsheet(value))
    except MoneyError as error:
        result.errors.append(f"{label}: {error}")
        return None
    if amount < 0:
        result.errors.append(f"{label} cannot be negative")
        return None
    return amount


def _fte(value, result: ImportRow):
    if _is_blank(value):
        return None
    try:
        return parse_fte(_from_spreadsheet(value))
    except ValueError as error:
        result.errors.append(f"FTE: {error}")
        return None
