"""Reads of budgets: totals, reconciliation and year-on-year figures."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Sum

from alpha_hub.fiscal_year import FinancialYear
from alpha_hub.money import format_money, percentage_change
from budget.models import Budget, BudgetLine, BudgetVariation, BudgetVariationLine, CostCategory
from grants import profiles
from grants import selectors as grants_selectors
from grants.models import GrantAgreement, Programme

ZERO = Decimal("0.00")


def _start_year(value) -> int:
    """A financial year from a values() row, whether or not the field converter ran."""
    return getattr(value, "start_year", value)


def agreement_current_amount(agreement: GrantAgreement) -> Decimal:
    """The agreement's amount after its signed variations (a proposed one does not count)."""
    return grants_selectors.agreement_current_amount(agreement)


def split_by_days(amount: Decimal, period) -> dict[FinancialYear, Decimal]:
    """`amount` shared across the financial years of `period` (anything with `starts_on` and
    `ends_on`), by days in each: the suggested default profile (docs/adr/0020)."""
    return profiles.split_by_days(amount, period.starts_on, period.ends_on)


def agreement_year_amounts(agreement: GrantAgreement) -> dict[FinancialYear, Decimal]:
    """The grant's amount for each financial year: its funding profile after its signed
    variations (the split by days only for an agreement never profiled; docs/adr/0057)."""
    return grants_selectors.agreement_current_profile(agreement)


@dataclass(frozen=True)
class Reconciliation:
    """How a budget compares with the grant's amount for its year."""

    amount: Decimal
    budgeted: Decimal

    @property
    def difference(self) -> Decimal:
        return self.budgeted - self.amount

    @property
    def balanced(self) -> bool:
        return self.difference == 0

    @property
    def headline(self) -> str:
        if self.balanced:
            return "Balanced"
        direction = "Over" if self.difference > 0 else "Under"
        return f"{direction} by {format_money(abs(self.difference))}"

    def describe(self) -> str:
        if self.balanced:
            return f"Balanced: the budget is {format_money(self.budgeted)}"
        direction = "over" if self.difference > 0 else "under"
        return (
            f"The budget is {format_money(abs(self.difference))} {direction} the grant "
            f"({format_money(self.budgeted)} budgeted against {format_money(self.amount)})"
        )


def _budget_totals(budgets) -> dict[int, Decimal]:
    """Each budget's effective total: its lines plus every variation's changes (two queries)."""
    ids = [budget.pk for budget in budgets]
    totals: dict[int, Decimal] = defaultdict(lambda: ZERO)
    lines = BudgetLine.objects.filter(budget__in=ids).values("budget").annotate(total=Sum("amount"))
    for row in lines:
        totals[row["budget"]] += row["total"]
    changes = (
        BudgetVariationLine.objects.filter(variation__budget__in=ids)
        .values("variation__budget")
        .annotate(total=Sum("change"))
    )
    for row in changes:
        totals[row["variation__budget"]] += row["total"]
    return totals


def agreement_reconciliation_problems(
    agreement: GrantAgreement, profile: dict[FinancialYear, Decimal] | None = None
) -> list[str]:
    """Why the agreement's budgets do not reconcile, year by year, with its profile (or with
    `profile`, such as the one a variation being signed gives it); empty when they do."""
    budgets = {
        budget.financial_year: budget for budget in Budget.objects.filter(agreement=agreement)
    }
    if not budgets:
        return [f"{agreement.reference} has no budget"]
    totals = _budget_totals(budgets.values())
    problems = []
    profile = agreement_year_amounts(agreement) if profile is None else profile
    for year, amount in sorted(profile.items()):
        if year not in budgets:
            if amount:  # a year the profile gives nothing needs no budget
                problems.append(f"{agreement.reference} has no budget for {year}")
            continue
        reconciliation = Reconciliation(amount=amount, budgeted=totals[budgets[year].pk])
        if not reconciliation.balanced:
            problems.append(f"{agreement.reference} {year}: {reconciliation.describe()}")
    return problems


@dataclass
class CategoryGroup:
    """One cost category's lines in a budget, with the original and varied subtotals."""

    category: CostCategory
    lines: list[BudgetLine] = field(default_factory=list)
    subtotal: Decimal = ZERO
    change: Decimal = ZERO

    @property
    def varied(self) -> Decimal:
        return self.subtotal + self.change


@dataclass
class BudgetSummary:
    """Everything the budget page shows, in a fixed number of queries."""

    budget: Budget
    groups: list[CategoryGroup]
    variations: list[BudgetVariation]
    year_amount: Decimal

    @property
    def total(self) -> Decimal:
        return sum((group.subtotal for group in self.groups), ZERO)

    @property
    def varied_total(self) -> Decimal:
        return sum((group.varied for group in self.groups), ZERO)

    @property
    def change_total(self) -> Decimal:
        return self.varied_total - self.total

    @property
    def reconciliation(self) -> Reconciliation:
        return Reconciliation(amount=self.year_amount, budgeted=self.varied_total)


def budget_get(*, pk: int) -> Budget:
    """A budget with its agreement and programme (raises Budget.DoesNotExist)."""
    return Budget.objects.select_related("agreement__programme").get(pk=pk)


def budget_summary(budget: Budget) -> BudgetSummary:
    """Lines grouped by category (every category, empty ones too), subtotals and variations."""
    groups = {category.pk: CategoryGroup(category) for category in CostCategory.objects.all()}
    for line in budget.lines.all():
        group = groups[line.category_id]
        group.lines.append(line)
        group.subtotal += line.amount
    variations = list(
        budget.variations.select_related("grant_variation").prefetch_related("lines__category")
    )
    for variation in variations:
        for line in variation.lines.all():
            groups[line.category_id].change += line.change
    year_amount = agreement_year_amounts(budget.agreement).get(budget.financial_year, ZERO)
    return BudgetSummary(budget, list(groups.values()), variations, year_amount)


@dataclass(frozen=True)
class BudgetOutcome:
    """What a budget would total after adding lines, against the grant for its year."""

    current: Decimal
    adding: Decimal
    reconciliation: Reconciliation


def budget_outcome(budget: Budget, *, adding: Decimal) -> BudgetOutcome:
    """The budget's total now, and after adding lines worth `adding`, against its year's grant."""
    current = _budget_totals([budget])[budget.pk]
    year_amount = agreement_year_amounts(budget.agreement).get(budget.financial_year, ZERO)
    return BudgetOutcome(
        current=current,
        adding=adding,
        reconciliation=Reconciliation(amount=year_amount, budgeted=current + adding),
    )


def budget_copy_source(budget: Budget) -> Budget | None:
    """The budget whose lines `budget` may start from: the agreement's latest earlier year that
    has lines (docs/adr/0066); None when there is none."""
    return (
        Budget.objects.filter(
            agreement_id=budget.agreement_id,
            financial_year__lt=budget.financial_year,
            lines__isnull=False,
        )
        .select_related("agreement")
        .order_by("-financial_year")
        .first()
    )


def budget_list_by_agreement() -> list[tuple[GrantAgreement, list[tuple[FinancialYear, Budget]]]]:
    """Every agreement with each financial year it spans and that year's budget, if any."""
    budgets = {(b.agreement_id, b.financial_year): b for b in Budget.objects.all()}
    agreements = GrantAgreement.objects.select_related("programme").order_by(
        "programme__name", "starts_on", "reference"
    )
    return [
        (
            agreement,
            [
                (year, budgets.get((agreement.pk, year)))
                for year in FinancialYear.spanning(agreement.starts_on, agreement.ends_on)
            ],
        )
        for agreement in agreements
    ]


@dataclass
class YearFigures:
    """One financial year of a programme: totals per category and the change."""

    year: FinancialYear
    by_category: dict[int, Decimal]
    total: Decimal
    previous: YearFigures | None = None

    @property
    def change(self) -> Decimal | None:
        return None if self.previous is None else self.total - self.previous.total

    @property
    def change_percent(self) -> Decimal | None:
        return None if self.previous is None else percentage_change(self.previous.total, self.total)

    def category_change(self, category_id: int) -> tuple[Decimal | None, Decimal | None]:
        """The change in £ and % for one category; (None, None) in the first year."""
        if self.previous is None:
            return None, None
        before = self.previous.by_category.get(category_id, ZERO)
        after = self.by_category.get(category_id, ZERO)
        return after - before, percentage_change(before, after)


def programme_year_on_year(programme: Programme) -> tuple[list[CostCategory], list[YearFigures]]:
    """The programme's budgets summed per financial year and category across its agreements."""
    sums: dict[tuple[int, int], Decimal] = defaultdict(lambda: ZERO)
    lines = (
        BudgetLine.objects.filter(budget__agreement__programme=programme)
        .values("budget__financial_year", "category")
        .annotate(total=Sum("amount"))
    )
    for row in lines:
        sums[(_start_year(row["budget__financial_year"]), row["category"])] += row["total"]
    changes = (
        BudgetVariationLine.objects.filter(variation__budget__agreement__programme=programme)
        .values("variation__budget__financial_year", "category")
        .annotate(total=Sum("change"))
    )
    for row in changes:
        sums[(_start_year(row["variation__budget__financial_year"]), row["category"])] += row[
            "total"
        ]
    used = {category_id for _, category_id in sums}
    categories = [category for category in CostCategory.objects.all() if category.pk in used]
    years: list[YearFigures] = []
    for start_year in sorted({year for year, _ in sums}):
        by_category = {cid: total for (year, cid), total in sums.items() if year == start_year}
        previous = years[-1] if years and years[-1].year.start_year == start_year - 1 else None
        figures = YearFigures(
            FinancialYear(start_year), by_category, sum(by_category.values(), ZERO), previous
        )
        years.append(figures)
    return categories, years
