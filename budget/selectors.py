"""Reads of budgets: totals and reconciliation, always derived, never stored."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Sum

from alpha_hub.money import format_money
from budget.models import Budget, BudgetLine
from grants.models import GrantAgreement


def agreement_current_amount(agreement: GrantAgreement) -> Decimal:
    """The agreement's amount after its latest variation, or as awarded."""
    latest = agreement.variations.order_by("-created_at", "-id").first()
    return latest.amount_after if latest else agreement.amount_awarded


@dataclass(frozen=True)
class Reconciliation:
    """How an agreement's budgets compare with its amount."""

    amount: Decimal
    budgeted: Decimal

    @property
    def difference(self) -> Decimal:
        return self.budgeted - self.amount

    @property
    def balanced(self) -> bool:
        return self.difference == 0

    def describe(self) -> str:
        if self.balanced:
            return f"Balanced: the budget is {format_money(self.budgeted)}"
        direction = "over" if self.difference > 0 else "under"
        return (
            f"The budget is {format_money(abs(self.difference))} {direction} the grant "
            f"({format_money(self.budgeted)} budgeted against {format_money(self.amount)})"
        )


def agreement_reconciliation(agreement: GrantAgreement) -> Reconciliation:
    """The agreement's budgets across all its years against its current amount."""
    budgeted = BudgetLine.objects.filter(budget__agreement=agreement).aggregate(
        total=Sum("amount", default=Decimal("0.00"))
    )["total"]
    return Reconciliation(amount=agreement_current_amount(agreement), budgeted=budgeted)


def agreement_reconciliation_problems(agreement: GrantAgreement) -> list[str]:
    """Why the agreement's budgets do not reconcile with its amount; empty when they do."""
    if not Budget.objects.filter(agreement=agreement).exists():
        return [f"{agreement.reference} has no budget"]
    reconciliation = agreement_reconciliation(agreement)
    if reconciliation.balanced:
        return []
    return [f"{agreement.reference}: {reconciliation.describe()}"]
