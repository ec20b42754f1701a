"""The programme's figures (budget/programme.py): each agreement counted once, kinds kept apart."""

from decimal import Decimal

import pytest

from alpha_hub.fiscal_year import FinancialYear
from budget import programme as figures
from decisions.selectors.programmes import programme_page
from tests.budget.programme_data import chain_programme

pytestmark = pytest.mark.django_db


def test_the_timeline_counts_each_agreement_once_and_keeps_kinds_apart():
    programme, decisions, _grants = chain_programme()
    page = programme_page(programme)
    entries = {entry.decision.pk: entry for entry in page.timeline}
    assert [entry.decision.pk for entry in page.timeline] == [decisions[name].pk for name in "ABC"]
    a, b, c = (entries[decisions[name].pk].added for name in "ABC")
    assert (a.incoming, a.match, a.onward) == (Decimal("1000.00"), Decimal("200.00"), Decimal(300))
    assert (b.incoming, b.match, b.onward) == (Decimal("100.00"), 0, Decimal("400.00"))
    assert (c.incoming, c.match, c.onward) == (0, 0, 0)
    [again] = entries[decisions["C"].pk].actions
    assert again.what == figures.APPROVED_AGAIN
    assert again.counted_under == decisions["A"]
    total = page.money.total
    assert (total.incoming, total.match, total.onward) == (
        Decimal("1100.00"), Decimal("200.00"), Decimal("700.00"),
    )  # fmt: skip
    # The timeline adds up to the totals: nothing counted twice, nothing left out.
    assert sum((entry.added.incoming for entry in page.timeline), Decimal(0)) == total.incoming
    assert sum((entry.added.onward for entry in page.timeline), Decimal(0)) == total.onward


def test_a_variation_shows_before_change_and_after():
    programme, decisions, _grants = chain_programme()
    entry = next(e for e in programme_page(programme).timeline if e.decision == decisions["B"])
    varied = next(action for action in entry.actions if action.what == figures.VARIED)
    assert (varied.before, varied.change, varied.after) == (
        Decimal("1000.00"), Decimal("100.00"), Decimal("1100.00"),
    )  # fmt: skip


def test_totals_per_financial_year():
    programme, _decisions, _grants = chain_programme()
    [year] = programme_page(programme).money.years
    assert year.year == FinancialYear(2020)
    assert (year.incoming, year.match, year.onward) == (
        Decimal("1100.00"), Decimal("200.00"), Decimal("700.00"),
    )  # fmt: skip


def test_a_variation_counts_only_once_its_decision_is_signed():
    programme, _decisions, grants = chain_programme()
    from tests.budget.programme_data import vary
    from tests.factories import DecisionFactory

    vary(DecisionFactory(), grants["O1"], "350.00")
    staff = figures.programme_money_signed(programme)
    assert staff.agreements[grants["O1"].pk].amount == Decimal("300.00")
    assert staff.total.onward == Decimal("700.00")
    assert staff.agreements[grants["incoming"].pk].amount == Decimal("1100.00")
    assert programme_page(programme).money.total.onward == Decimal("700.00")


def test_a_two_year_agreement_follows_its_profile_not_days():
    from datetime import date

    from grants.models import FundingProfileYear
    from tests.budget.programme_data import agreement
    from tests.factories import ProgrammeFactory

    programme = ProgrammeFactory()
    grant = agreement(
        programme, amount_awarded=Decimal("1000.00"),
        starts_on=date(2021, 4, 1), ends_on=date(2023, 3, 31),
    )  # fmt: skip
    for year, amount in [(2021, "700.00"), (2022, "300.00")]:
        FundingProfileYear.objects.create(
            agreement=grant, financial_year=FinancialYear(year), amount=Decimal(amount)
        )
    money = figures.programme_money_signed(programme)
    assert [(str(y.year), y.incoming) for y in money.years] == [
        ("2021/22", Decimal("700.00")), ("2022/23", Decimal("300.00")),
    ]  # fmt: skip


def test_the_budget_export_carries_the_variations_lines():
    from budget import exports
    from budget.models import BudgetVariation, BudgetVariationLine
    from tests.factories import BudgetFactory, BudgetLineFactory, CostCategoryFactory

    _programme, _decisions, grants = chain_programme()
    pay = CostCategoryFactory(code="pay")
    budget = BudgetFactory(agreement=grants["incoming"], financial_year=FinancialYear(2020))
    BudgetLineFactory(budget=budget, category=pay, description="DC x 6", amount=Decimal("1000"))
    budget.status = budget.Status.LOCKED
    budget.save()
    variation = BudgetVariation.objects.create(
        budget=budget, grant_variation=grants["incoming"].variations.get(), reason="Uplift"
    )
    BudgetVariationLine.objects.create(
        variation=variation, category=pay, description="DC x 1 more", change=Decimal("100.00")
    )
    rows = exports.budget_rows(budget)
    assert rows[-1] == (
        "2020/21", "pay", "DC x 1 more", None, None, Decimal("100.00"),
        "Variation of IN-1: Uplift",
    )  # fmt: skip
    assert sum(row[5] for row in rows) == Decimal("1100.00")  # the varied total, as the page
