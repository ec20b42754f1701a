"""A second variation keeps the period the first one set (grants migration 0005)."""

from datetime import date
from decimal import Decimal

import pytest

from alpha_hub.fiscal_year import FinancialYear
from decisions import services
from decisions.models import DecisionCategory, DecisionSeries, Office
from decisions.services.agreements import decision_variation_start
from grants.models import GrantAgreement, GrantVariation
from tests.factories import mark_signed

pytestmark = pytest.mark.django_db


def _vary(officer, agreement, amount_after: str, profile_after: dict, **dates):
    decision = services.decision_create(
        user=officer, series=DecisionSeries.objects.get(code="PCD"), title="A variation",
        category=DecisionCategory.objects.get(code="grant_funding"),
        office=Office.objects.get(code="dmpc"), financial_value=Decimal("50000"),
    )  # fmt: skip
    profile = {FinancialYear(year): Decimal(amount) for year, amount in profile_after.items()}
    variation = decision_variation_start(
        decision=decision, user=officer, agreement=agreement, amount_after=Decimal(amount_after),
        reason="Uplift", profile_after=profile, **dates,
    )  # fmt: skip
    return decision, GrantVariation.objects.get(pk=variation.pk)


def test_a_variation_that_keeps_the_dates_keeps_the_extended_period(demo):
    # PCD 910's grant (the demo) runs to 31 March 2023. A first variation extends it by a year;
    # a second leaves the dates alone and puts its money in 2023/24, inside the extended period.
    agreement = GrantAgreement.objects.get(reference="HO-VRMF-2021")
    officer = demo["officer"]
    extension, _ = _vary(
        officer, agreement, "850000.00",
        {2021: "500000.00", 2022: "300000.00", 2023: "50000.00"}, ends_on_after=date(2024, 3, 31),
    )  # fmt: skip
    mark_signed(extension)
    _, variation = _vary(
        officer, agreement, "900000.00", {2021: "500000.00", 2022: "300000.00", 2023: "100000.00"}
    )
    assert variation.ends_on_before.isoformat() == "2024-03-31"
    assert variation.amount_after == Decimal("900000.00")
