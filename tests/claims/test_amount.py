"""The amount a claim and a payment are held to: the agreement's amount after the variations that
signed decisions made (the SQL function the payment trigger uses, and grants' own selector)."""

from decimal import Decimal

import pytest

from alpha_hub.history import stamp
from claims import selectors
from decisions.models import ApprovedAgreement, ApprovedVariation
from grants.models import GrantVariation
from grants.selectors import agreement_current_amount
from tests.claims.support import active_agreement
from tests.factories import DecisionFactory, UserFactory, mark_signed

pytestmark = pytest.mark.django_db


def _variation(agreement, after: str):
    variation = GrantVariation(
        agreement=agreement, amount_before=agreement.amount_awarded, amount_after=Decimal(after),
        reason="Uplift for the pay award",
    )  # fmt: skip
    stamp(variation, user=UserFactory(), reason="Proposed").save()
    decision = DecisionFactory()
    approval = ApprovedVariation(decision=decision, variation=variation)
    stamp(approval, user=decision.drafted_by, reason="Proposed").save()
    return decision


def _approved(agreement):
    """The signed decision that approved the agreement: only an approved agreement is varied."""
    decision = DecisionFactory()
    approval = ApprovedAgreement(decision=decision, agreement=agreement)
    stamp(approval, user=decision.drafted_by, reason="Proposed").save()
    mark_signed(decision)


def test_only_a_signed_variation_changes_the_amount_paid_against():
    agreement = active_agreement()
    _approved(agreement)
    decision = _variation(agreement, "120000.00")
    assert selectors.agreement_amount(agreement) == Decimal("100000.00")
    mark_signed(decision)
    assert selectors.agreement_amount(agreement) == Decimal("120000.00")
    assert selectors.agreement_amount(agreement) == agreement_current_amount(agreement)
