"""Totals, reconciliation and year-on-year figures."""

from datetime import date
from decimal import Decimal

import pytest

from alpha_hub.fiscal_year import FinancialYear
from budget import selectors
from grants.models import GrantVariation, Programme
from tests.factories import (
    BudgetFactory,
    BudgetLineFactory,
    GrantAgreementFactory,
    variation_with_decision,
)

pytestmark = pytest.mark.django_db


def test_the_demo_programme_grows_by_92_583_16_or_6_68_per_cent(demo):
    programme = Programme.objects.get(slug="project-alpha-social-media-hub")
    _categories, years = selectors.programme_year_on_year(programme)
    # 2021/22: the quarter PCD 905 (written for the demo) extends the 2020/21 agreement by.
    assert [str(figures.year) for figures in years] == ["2019/20", "2020/21", "2021/22"]
    assert years[0].total == Decimal("1386723.00")
    assert years[1].total == Decimal("1479306.16")
    assert years[1].change == Decimal("92583.16")
    assert years[1].change_percent == Decimal("6.68")
    assert years[0].change is None
    assert years[2].total == Decimal("369826.54")


def test_the_demo_budgets_reconcile_with_their_grants(demo):
    for agreement in Programme.objects.get(slug="project-alpha-social-media-hub").agreements.all():
        assert selectors.agreement_reconciliation_problems(agreement) == []


def test_reconciliation_says_over_or_under_by_how_much(budget, categories):
    line = BudgetLineFactory(budget=budget, category=categories["pay"], amount=Decimal("99000"))
    summary = selectors.budget_summary(budget)
    assert summary.reconciliation.headline == "Under by £1,000.00"
    line.amount, line.version = Decimal("100000.01"), 2
    line.save()
    assert selectors.budget_summary(budget).reconciliation.headline == "Over by £0.01"
    problems = selectors.agreement_reconciliation_problems(budget.agreement)
    assert problems == [
        f"{budget.agreement.reference} 2020/21: The budget is £0.01 over the grant "
        "(£100,000.01 budgeted against £100,000.00)"
    ]


def test_a_balanced_budget_says_so(budget, categories):
    BudgetLineFactory(budget=budget, category=categories["pay"], amount=Decimal("60000"))
    BudgetLineFactory(budget=budget, category=categories["equipment"], amount=Decimal("40000"))
    summary = selectors.budget_summary(budget)
    assert summary.reconciliation.headline == "Balanced"
    subtotals = {group.category.code: group.subtotal for group in summary.groups}
    assert subtotals == {
        "pay": Decimal("60000.00"), "overtime": Decimal("0.00"), "equipment": Decimal("40000.00")
    }  # fmt: skip


def test_an_agreement_without_budgets_has_a_problem(db):
    agreement = GrantAgreementFactory()
    assert selectors.agreement_reconciliation_problems(agreement) == [
        f"{agreement.reference} has no budget"
    ]


def test_a_multi_year_agreement_splits_its_amount_by_days_and_the_parts_sum_back(db):
    agreement = GrantAgreementFactory(
        amount_awarded=Decimal("100000.00"), starts_on=date(2020, 10, 1), ends_on=date(2022, 3, 31)
    )
    shares = selectors.agreement_year_amounts(agreement)
    assert list(shares) == [FinancialYear(2020), FinancialYear(2021)]
    assert shares[FinancialYear(2020)] == Decimal("33272.39")  # 182 of 547 days, floored
    assert sum(shares.values()) == Decimal("100000.00")


def test_a_missing_year_of_a_multi_year_agreement_is_a_problem(db):
    agreement = GrantAgreementFactory(starts_on=date(2020, 4, 1), ends_on=date(2022, 3, 31))
    BudgetFactory(agreement=agreement, financial_year=FinancialYear(2020))
    problems = selectors.agreement_reconciliation_problems(agreement)
    assert f"{agreement.reference} has no budget for 2021/22" in problems


def test_reconciliation_uses_the_latest_signed_grant_variation(budget, categories):
    BudgetLineFactory(budget=budget, category=categories["pay"], amount=Decimal("100000"))
    variation_with_decision(budget.agreement, amount_after="120000")
    assert selectors.budget_summary(budget).reconciliation.headline == "Under by £20,000.00"


def test_a_variation_whose_decision_is_not_signed_changes_nothing(budget, categories):
    """Issue 10: a variation typed in before its decision is signed unbalanced the budget."""
    BudgetLineFactory(budget=budget, category=categories["pay"], amount=Decimal("100000"))
    variation_with_decision(budget.agreement, amount_after="120000", signed=False)
    GrantVariation.objects.create(
        agreement=budget.agreement, amount_before=Decimal("100000"),
        amount_after=Decimal("130000"), reason="No decision at all",
    )  # fmt: skip
    assert selectors.agreement_current_amount(budget.agreement) == Decimal("100000.00")
    assert selectors.budget_summary(budget).reconciliation.headline == "Balanced"


def test_a_two_year_grant_reconciles_with_its_uneven_profile_not_the_split_by_days(db, categories):
    agreement = GrantAgreementFactory(
        amount_awarded=Decimal("200000.00"), starts_on=date(2020, 10, 1), ends_on=date(2022, 3, 31)
    )
    agreement.profile.create(financial_year=FinancialYear(2020), amount=Decimal("100000.00"))
    agreement.profile.create(financial_year=FinancialYear(2021), amount=Decimal("100000.00"))
    for start_year in (2020, 2021):
        BudgetLineFactory(
            budget=BudgetFactory(agreement=agreement, financial_year=FinancialYear(start_year)),
            category=categories["pay"], amount=Decimal("100000.00"),
        )  # fmt: skip
    assert selectors.agreement_reconciliation_problems(agreement) == []
