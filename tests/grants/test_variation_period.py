"""A second variation keeps the period the first one set (grants migration 0005)."""

from decimal import Decimal

import pytest

from alpha_hub.fiscal_year import FinancialYear
from decisions import services
from decisions.models import DecisionCategory, DecisionSeries, Office
from decisions.services.agreements import decision_variation_start
from grants.models import GrantAgreement, GrantVariation

pytestmark = pytest.mark.django_db


def test_a_variation_that_keeps_the_dates_keeps_the_extended_period(demo):
    # PCD 905 (the demo) extended HO-SVSF-ALPHA-2020 to 30 June 2021; this uplift leaves the
    # dates alone and puts its money in 2021/22, inside the extended period.
    agreement = GrantAgreement.objects.get(reference="HO-SVSF-ALPHA-2020")
    officer = demo["officer"]
    decision = services.decision_create(
        user=officer, series=DecisionSeries.objects.get(code="PCD"), title="A further uplift",
        category=DecisionCategory.objects.get(code="grant_funding"),
        office=Office.objects.get(code="dmpc"), financial_value=Decimal("50000"),
    )  # fmt: skip
    variation = decision_variation_start(
        decision=decision, user=officer, agreement=agreement,
        amount_after=Decimal("1899132.70"), reason="Further uplift for the extended quarter",
        profile_after={
            FinancialYear(2020): Decimal("1479306.16"), FinancialYear(2021): Decimal("419826.54")
        },
    )  # fmt: skip
    variation = GrantVariation.objects.get(pk=variation.pk)
    assert variation.ends_on_before.isoformat() == "2021-06-30"
    assert variation.amount_after == Decimal("1899132.70")
