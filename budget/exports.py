"""Budget lines and year-on-year figures as CSV and XLSX, safe to open in a spreadsheet."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from decimal import Decimal

from openpyxl import Workbook

from budget.models import Budget, CostCategory
from budget.selectors import YearFigures

COLUMNS = ("Financial year", "Category", "Description", "FTE", "Unit cost", "Amount", "Notes")
# A cell starting with one of these is a formula to a spreadsheet (OWASP "CSV injection").
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
CSV_TYPE = "text/csv; charset=utf-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def neutralise(value):
    """Text that a spreadsheet would run as a formula gets a leading apostrophe; numbers pass."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def budget_rows(budget: Budget) -> list[tuple]:
    """The budget's lines in the import layout, numbers as Decimals."""
    year = str(budget.financial_year)
    return [
        (year, line.category.code, line.description, line.fte, line.unit_cost, line.amount,
         line.notes)
        for line in budget.lines.select_related("category")
    ]  # fmt: skip


def as_csv(header: Iterable[str], rows: Iterable[tuple]) -> bytes:
    """UTF-8 CSV with a byte-order mark, so that Excel reads the £ sign correctly."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([_csv_cell(cell) for cell in row])
    return buffer.getvalue().encode("utf-8-sig")


def _csv_cell(cell):
    """Numbers as plain digits (a minus sign on a number is no formula); text neutralised."""
    if cell is None:
        return ""
    if isinstance(cell, Decimal):
        return f"{cell:f}"
    return neutralise(cell)


def as_xlsx(header: Iterable[str], rows: Iterable[tuple], extra_sheets=()) -> bytes:
    """An XLSX workbook with numbers as numbers and every text cell neutralised."""
    workbook = Workbook(write_only=True)
    _fill(workbook.create_sheet("Budget lines"), header, rows)
    for title, sheet_header, sheet_rows in extra_sheets:
        _fill(workbook.create_sheet(title), sheet_header, sheet_rows)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _fill(sheet, header, rows) -> None:
    sheet.append(list(header))
    for row in rows:
        # openpyxl treats any string starting with "=" as a formula: neutralise first.
        sheet.append(
            [float(cell) if isinstance(cell, Decimal) else neutralise(cell) for cell in row]
        )


def template_sheets() -> list[tuple[str, tuple, list[tuple]]]:
    """A second sheet naming the categories an import accepts."""
    categories = [(category.code, category.name) for category in CostCategory.objects.all()]
    return [("Categories", ("Code", "Name"), categories)]


def year_on_year_rows(categories: list[CostCategory], years: list[YearFigures]) -> list[tuple]:
    """One row per year and category, then the year's total and its change."""
    rows = []
    for figures in years:
        for category in categories:
            change, percent = figures.category_change(category.pk)
            amount = figures.by_category.get(category.pk, Decimal("0.00"))
            rows.append((str(figures.year), category.name, amount, change, percent))
        rows.append(
            (str(figures.year), "Total", figures.total, figures.change, figures.change_percent)
        )
    return rows


YEAR_ON_YEAR_COLUMNS = ("Financial year", "Category", "Amount", "Change (£)", "Change (%)")
