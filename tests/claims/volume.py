"""An agreement with 5 years of monthly claims (60 claims, 1,200 lines), for the finance tab's
query test and bench/claims_bench.py."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from alpha_hub.fiscal_year import FinancialYear
from alpha_hub.history import stamp
from budget.models import Budget, BudgetLine, CostCategory
from claims import services
from claims.models import ClaimLine, Frequency
from grants.models import GrantAgreement, Organisation, Programme

CODES = ["pay", "overtime", "training", "equipment"]


def build(
    *, people, years: int = 5, lines_per_claim: int = 20, prefix: str = "VOL"
) -> GrantAgreement:
    """The agreement, its budgets (4 categories x 5 lines a year) and its claims, most paid."""
    funder = Organisation.objects.create(
        name=f"{prefix} funder", short_name=f"{prefix}F", kind="government_department",
        org_identifier=f"GB-GOVUK-{prefix.lower()}-funder",
    )  # fmt: skip
    recipient = Organisation.objects.create(
        name=f"{prefix} recipient", short_name=f"{prefix}R", kind="police_force",
        org_identifier=f"GB-GOVUK-{prefix.lower()}-recipient",
    )  # fmt: skip
    programme = Programme.objects.create(
        name=f"{prefix} programme", slug=f"{prefix.lower()}-p", host=recipient
    )
    agreement = GrantAgreement.objects.create(
        reference=f"{prefix}-1", title="Five years of monthly claims", programme=programme,
        funder=funder, recipient=recipient, direction="incoming",
        amount_awarded=Decimal("5000000.00"), starts_on=date(2020, 4, 1),
        ends_on=date(2020 + years, 3, 31), status="active",
    )  # fmt: skip
    categories = [
        CostCategory.objects.get_or_create(code=code, defaults={"name": code.capitalize()})[0]
        for code in CODES
    ]
    for offset in range(years):
        budget = Budget.objects.create(
            agreement=agreement, financial_year=FinancialYear(2020 + offset)
        )
        BudgetLine.objects.bulk_create(
            BudgetLine(budget=budget, category=category, description=f"{category.name} {n}",
                       amount=Decimal("50000.00"))
            for category in categories for n in range(5)
        )  # fmt: skip
    services.claim_schedule_generate(
        agreement=agreement, user=people.preparer, frequency=Frequency.MONTHLY
    )
    from tests.claims.support import pdf  # the tests' own PDF

    for period in agreement.claim_periods.all():
        claim = services.claim_create(period=period, user=people.preparer)
        ClaimLine.objects.bulk_create(
            stamp(ClaimLine(claim=claim, category=categories[n % 4], amount=Decimal("100.00"),
                            description=f"Spend {n}"), user=people.preparer)
            for n in range(lines_per_claim)
        )  # fmt: skip
        services.claim_evidence_add(claim=claim, user=people.preparer, checked=pdf())
        services.claim_submit(claim=claim, user=people.preparer)
        if period.number % 10 == 0:
            continue  # some left submitted
        services.claim_check(claim=claim, user=people.checker)
        services.claim_approve(claim=claim, user=people.approver)
        if period.number % 7 == 0:
            continue  # some approved, unpaid
        services.payment_record(
            claim=claim, user=people.payer, amount=Decimal("100.00") * lines_per_claim,
            paid_on=period.due_on, reference=f"{prefix}-{period.number}",
        )  # fmt: skip
    return agreement
