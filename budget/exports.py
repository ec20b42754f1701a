"""Budget lines and year-on-year figures as CSV and XLSX, safe to open in a spreadsheet."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from alpha_hub import spreadsheets
from alpha_hub.spreadsheets import CSV_TYPE as CSV_TYPE  # re-exported for the budget views
from alpha_hub.spreadsheets import XLSX_TYPE as XLSX_TYPE
from budget.models import Budget, BudgetVariationLine, CostCategory
from budget.selectors import YearFigures

COLUMNS = ("Financial year", "Category", "Description", "FTE", "Unit cost", "Amount", "Notes")


def budget_rows(budget: Budget) -> list[tuple]:
    """The budget's lines in the import layout, numbers as Decimals, then its variations' lines.

    A variation's line carries its change as the amount and says so in the notes, so the
    amounts sum to the varied total the budget's page shows.
    """
    year = str(budget.financial_year)
    rows = [
        (year, line.category.code, line.description, line.fte, line.unit_cost, line.amount,
         line.notes)
        for line in budget.lines.select_related("category")
    ]  # fmt: skip
    changes = BudgetVariationLine.objects.filter(variation__budget=budget).select_related(
        "category", "variation__grant_variation__agreement"
    )
    for line in changes.order_by("variation__created_at", "variation_id", "pk"):
        variation = line.variation
        note = f"Variation of {variation.grant_variation.agreement.reference}: {variation.reason}"
        rows.append((year, line.category.code, line.description, None, None, line.change, note))
    return rows


def as_csv(header: Iterable[str], rows: Iterable[tuple]) -> bytes:
    """UTF-8 CSV with a byte-order mark, numbers as plain digits, text neutralised."""
    return spreadsheets.csv_bytes(header, rows)


def as_xlsx(header: Iterable[str], rows: Iterable[tuple], extra_sheets=()) -> bytes:
    """A workbook whose first sheet is the budget lines, then any extra (title, header, rows)."""
    return spreadsheets.xlsx_bytes([("Budget lines", header, rows), *extra_sheets])


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
