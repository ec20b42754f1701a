"""Pure checks on a budget line's values, shared by the line form, the import and the services."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from alpha_hub.money import PENNY, format_money
from budget.models import CostCategory

DESCRIPTION_MAX = 200
NOTES_MAX = 2000
FTE_MAX = Decimal("99999.99")


@dataclass(frozen=True)
class LineValues:
    """What a person enters for one line."""

    category: CostCategory
    description: str
    amount: Decimal
    fte: Decimal | None = None
    unit_cost: Decimal | None = None
    notes: str = ""

    def duplicate_key(self) -> tuple:
        """Two lines with this key in common are the same line entered twice."""
        return duplicate_key(
            self.category.pk, self.description, self.fte, self.unit_cost, self.amount
        )


def duplicate_key(category_id: int, description: str, fte, unit_cost, amount) -> tuple:
    """A line's identity for finding duplicates: spacing and case in the description ignored."""
    return (category_id, " ".join(description.split()).casefold(), fte, unit_cost, amount)


def amount_for(fte: Decimal, unit_cost: Decimal) -> Decimal:
    """FTE x unit cost to the penny, rounded as the database check constraint rounds."""
    return (fte * unit_cost).quantize(PENNY, rounding=ROUND_HALF_UP)


def parse_fte(value: object) -> Decimal:
    """An FTE such as 6 or 0.5: positive, at most two decimal places (ValueError otherwise)."""
    text = repr(value) if isinstance(value, float) else str(value).strip()
    try:
        fte = Decimal(text)
    except InvalidOperation as error:
        raise ValueError("Enter FTE as a number, like 1 or 0.5") from error
    if not fte.is_finite():
        raise ValueError("Enter FTE as a number, like 1 or 0.5")
    if fte <= 0:
        raise ValueError("FTE must be more than 0")
    # Compare before quantizing: 1e100 to the penny overflows the decimal context.
    if fte > FTE_MAX or fte != fte.quantize(PENNY):
        raise ValueError("Enter FTE with no more than 2 decimal places, below 100,000")
    return fte.quantize(PENNY)


def fte_problem(fte: Decimal | None, unit_cost: Decimal | None, amount: Decimal) -> str | None:
    """Why the amount disagrees with FTE x unit cost, or None when it agrees."""
    if fte is None or unit_cost is None:
        return None
    expected = amount_for(fte, unit_cost)
    if expected == amount:
        return None
    return (
        f"Amount must be FTE x unit cost: {fte.normalize():f} x {format_money(unit_cost)} = "
        f"{format_money(expected)}, not {format_money(amount)}"
    )
