"""Signing a decision that varies an agreement: the varied budgets reconcile with the profile
after the variation, which counts from that moment."""

from decimal import Decimal

import pytest

from alpha_hub.fiscal_year import FinancialYear
from decisions import services as decision_services
from decisions.models import DecisionStatus
from tests.decisions.test_workflow_support import decision_in, make_people
from tests.factories import BudgetFactory, BudgetLineFactory, CostCategoryFactory
from tests.grants.conftest import FY20, FY21

pytestmark = pytest.mark.django_db


def test_signing_a_variation_needs_the_varied_budgets_to_reconcile(incoming):
    for start_year in (2020, 2021):
        BudgetLineFactory(
            budget=BudgetFactory(agreement=incoming, financial_year=FinancialYear(start_year)),
            category=CostCategoryFactory(), amount=Decimal("100000.00"),
        )  # fmt: skip
    people = make_people()
    decision = decision_in(DecisionStatus.DRAFT, people)
    decision_services.decision_variation_start(
        decision=decision, user=people.drafter, agreement=incoming,
        amount_after=Decimal("250000.00"), reason="Second-year uplift",
        profile_after={FY20: Decimal("100000.00"), FY21: Decimal("150000.00")},
    )  # fmt: skip
    problems = decision_services.signing_problems(decision, people.dmpc)
    assert (
        f"{incoming.reference} 2021/22: The budget is £50,000.00 under the grant "
        "(£100,000.00 budgeted against £150,000.00)"
    ) in problems
    assert not [problem for problem in problems if "2020/21" in problem]
