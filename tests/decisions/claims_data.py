"""Claims paid against the programme tests' grants, through the claims services (issue 11)."""

from __future__ import annotations

from decimal import Decimal

from alpha_hub.fiscal_year import FinancialYear
from alpha_hub.roles import Role
from claims import services
from claims.models import ClaimStatus
from tests.claims.support import claim_in, make_people
from tests.factories import BudgetFactory, BudgetLineFactory, CostCategoryFactory, UserFactory


def schedule(grant) -> None:
    """A pay budget for each of `grant`'s financial years and its quarterly claim schedule."""
    category = CostCategoryFactory(code="pay")
    year = FinancialYear.containing(grant.starts_on)
    while year.starts_on <= grant.ends_on:
        budget = BudgetFactory(agreement=grant, financial_year=year)
        BudgetLineFactory(budget=budget, category=category, amount=grant.amount_awarded)
        year = FinancialYear(year.start_year + 1)
    services.claim_schedule_generate(agreement=grant, user=UserFactory(roles=[Role.FINANCE]))


def pay(grant, *amounts: str, state: str = ClaimStatus.PAID, first: int = 1) -> list:
    """Claims for periods `first`, `first` + 1, ... of `grant` for `amounts`, each moved to
    `state` (paid in full on 1 August 2020 by default); gives it a schedule first if need be."""
    if not grant.claim_periods.exists():
        schedule(grant)
    people = make_people()
    return [
        claim_in(state, people, grant, number=first + offset, amount=Decimal(amount))
        for offset, amount in enumerate(amounts)
    ]
