"""Reading a claim's spend from the spreadsheet a recipient sends (CSV or XLSX), every row checked
before anything is saved, then added all or nothing (the budget import's rule, ADR 0022).

The file is read by budget.imports.read_table (its size, zip-bomb and row limits), so a claim
file and a budget file are held to the same limits.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from alpha_hub.money import MoneyError, parse_money
from alpha_hub.spreadsheets import FORMULA_PREFIXES
from budget.imports import MAX_ROWS, ImportFileError, read_table
from budget.models import BudgetLine
from claims.models import Claim

COLUMNS = ["Category", "Budget line", "Description", "Amount"]
REQUIRED = ("Category", "Amount")
DESCRIPTION_MAX = 200


@dataclass(frozen=True)
class SpendValues:
    category: object
    budget_line: BudgetLine | None
    description: str
    amount: Decimal


@dataclass
class SpendRow:
    number: int
    cells: dict[str, object]
    values: SpendValues | None = None
    errors: list[str] = field(default_factory=list)


@dataclass
class SpendPreview:
    file_name: str
    rows: list[SpendRow]

    @property
    def error_count(self) -> int:
        return sum(len(row.errors) for row in self.rows)

    @property
    def rows_with_errors(self) -> list[SpendRow]:
        return [row for row in self.rows if row.errors]

    @property
    def values(self) -> list[SpendValues]:
        return [row.values for row in self.rows if row.values is not None]

    @property
    def total(self) -> Decimal:
        return sum((value.amount for value in self.values), Decimal("0.00"))


def _blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _header(table: list[tuple]) -> tuple[int, dict[str, int]]:
    for index, row in enumerate(table):
        if any(not _blank(cell) for cell in row):
            names = {str(cell).strip().casefold(): i for i, cell in enumerate(row) if cell}
            positions = {c: names[c.casefold()] for c in COLUMNS if c.casefold() in names}
            missing = [column for column in REQUIRED if column not in positions]
            if missing:
                raise ImportFileError(
                    "The first row must name the columns: missing " + ", ".join(missing)
                )
            return index, positions
    raise ImportFileError("The file is empty")


def preview_spend(*, claim: Claim, file_name: str, data: bytes) -> SpendPreview:
    """Every row of the file checked against the agreement's budget; raises ImportFileError."""
    if not claim.is_editable:
        raise ImportFileError(
            f"The claim is {claim.get_status_display().lower()}: spend is imported only into a "
            "draft or returned claim"
        )
    table = read_table(file_name, data)
    start, positions = _header(table)
    rows = [
        (number, row)
        for number, row in enumerate(table[start + 1 :], start=start + 2)
        if any(not _blank(cell) for cell in row)
    ]
    if not rows:
        raise ImportFileError("The file has no lines under its header row")
    if len(rows) > MAX_ROWS:
        raise ImportFileError(f"The file has more than {MAX_ROWS:,} lines; split it into parts")
    checker = _Checker(claim)
    return SpendPreview(file_name, [checker.check(number, row, positions) for number, row in rows])


class _Checker:
    def __init__(self, claim: Claim):
        lines = list(
            BudgetLine.objects.filter(budget__agreement=claim.agreement).select_related("category")
        )
        self.categories = {}
        for line in lines:
            self.categories[line.category.code.casefold()] = line.category
            self.categories[line.category.name.casefold()] = line.category
        self.lines = {}
        for line in lines:
            self.lines.setdefault((line.category_id, line.description.casefold()), line)

    def check(self, number: int, row: tuple, positions: dict[str, int]) -> SpendRow:
        cells = {c: (row[i] if i < len(row) else None) for c, i in positions.items()}
        result = SpendRow(number, cells)
        for column, value in cells.items():
            if isinstance(value, str) and value.strip().startswith("="):
                result.errors.append(f"{column} is a formula: enter the value only")
            elif isinstance(value, str) and "\x00" in value:
                result.errors.append(f"{column} contains a null character (a zero byte): remove it")
        if result.errors:
            return result
        parsed = {column: _unquote(value) for column, value in cells.items()}
        category = self._category(parsed.get("Category"), result)
        line = self._line(category, parsed.get("Budget line"), result)
        description = (
            "" if parsed.get("Description") is None else str(parsed["Description"]).strip()
        )
        if len(description) > DESCRIPTION_MAX:
            result.errors.append(f"Description must be {DESCRIPTION_MAX} characters or fewer")
        amount = _amount(parsed.get("Amount"), result)
        if not result.errors:
            result.values = SpendValues(category, line, description, amount)
        return result

    def _category(self, value, result: SpendRow):
        if _blank(value):
            result.errors.append("Enter a category")
            return None
        category = self.categories.get(str(value).strip().casefold())
        if category is None:
            result.errors.append(f"The agreement's budget has no category '{value}'")
        return category

    def _line(self, category, value, result: SpendRow) -> BudgetLine | None:
        if _blank(value) or category is None:
            return None
        line = self.lines.get((category.pk, str(value).strip().casefold()))
        if line is None:
            result.errors.append(f"The budget has no {category.name.lower()} line '{value}'")
        return line


def _unquote(value):
    """Undo an export's neutralising apostrophe so a file round-trips."""
    if (
        isinstance(value, str)
        and len(value) > 1
        and value[0] == "'"
        and value[1] in FORMULA_PREFIXES
    ):
        return value[1:]
    return value


def _amount(value, result: SpendRow) -> Decimal | None:
    if _blank(value):
        result.errors.append("Enter the amount")
        return None
    if isinstance(value, bool):
        result.errors.append("Amount: enter an amount in pounds and pence")
        return None
    if isinstance(value, float):
        value = Decimal(format(value, ".15g"))  # as the spreadsheet shows it (budget/imports.py)
    try:
        amount = parse_money(value)
    except MoneyError as error:
        result.errors.append(f"Amount: {error}")
        return None
    if amount < 0:
        result.errors.append("Amount cannot be negative")
        return None
    return amount
