"""Budget fixtures: categories, a draft budget on a one-year grant, a finance user."""

from datetime import date
from decimal import Decimal

import pytest

from alpha_hub.fiscal_year import FinancialYear
from alpha_hub.roles import Role
from budget.models import Budget
from tests.factories import BudgetFactory, CostCategoryFactory, GrantAgreementFactory


@pytest.fixture
def categories(db):
    """Pay, overtime and equipment, in that order."""
    return {
        code: CostCategoryFactory(code=code, position=position, is_staff_cost=code != "equipment")
        for position, code in enumerate(["pay", "overtime", "equipment"], start=1)
    }


@pytest.fixture
def budget(categories):
    """A draft 2020/21 budget of a £100,000.00 grant for 2020/21."""
    agreement = GrantAgreementFactory(
        amount_awarded=Decimal("100000.00"), starts_on=date(2020, 4, 1), ends_on=date(2021, 3, 31)
    )
    return BudgetFactory(agreement=agreement, financial_year=FinancialYear(2020))


@pytest.fixture
def finance(make_user):
    return make_user(Role.FINANCE)


def lock(budget: Budget) -> Budget:
    budget.status = Budget.Status.LOCKED
    budget.save()
    return budget
