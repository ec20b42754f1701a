"""Payments against approved claims: never more than the claim, nor the agreement's amount."""

from __future__ import annotations

from datetime import date, datetime

from django.db import transaction
from django.utils import timezone
from django.utils.timezone import localdate

from alpha_hub.money import format_money
from claims import permissions, selectors
from claims.models import (
    Claim,
    Payment,
)
from claims.services._base import (
    ClaimRefusedError,
    S,
    _amount,
    _saved,
)
from claims.services.moves import _finish_move, _lock
from claims.workflow import Move
from grants.models import GrantAgreement


@transaction.atomic
def payment_record(
    *, claim: Claim, user, amount, paid_on: date, reference: str, at: datetime | None = None
) -> Payment:
    """Record a payment against an approved claim; the claim is paid once payments reach it
    (`at`: when the claim became paid, now unless given, e.g. by the demo's past claims)."""
    claim = _lock(claim)
    if not permissions.can_record_payment(user, claim):
        raise ClaimRefusedError(
            "Only a finance user who did not prepare the claim records its payment."
        )
    if claim.status != S.APPROVED:
        raise ClaimRefusedError(
            f"The claim for {claim.period} is {claim.get_status_display().lower()}: only an "
            "approved claim is paid."
        )
    amount = _amount(amount, "The payment", positive=True)
    reference = (reference or "").strip()
    if not reference or len(reference) > 100:
        raise ClaimRefusedError("Enter the payment reference (up to 100 characters).")
    if paid_on is None or paid_on > localdate():
        raise ClaimRefusedError("Enter the date the payment was made: today or earlier.")
    GrantAgreement.objects.select_for_update().filter(pk=claim.agreement_id).first()
    total, paid = selectors.claim_total(claim), selectors.claim_paid(claim)
    if paid + amount > total:
        raise ClaimRefusedError(
            f"The payment of {format_money(amount)} is over the claim: the claim is "
            f"{format_money(total)} and {format_money(paid)} has been paid, leaving "
            f"{format_money(total - paid)}."
        )
    agreement_amount = selectors.agreement_amount(claim.agreement)
    agreement_paid = selectors.agreement_paid(claim.agreement)
    if agreement_paid + amount > agreement_amount:
        raise ClaimRefusedError(
            f"The payment of {format_money(amount)} would take paid to date to "
            f"{format_money(agreement_paid + amount)}, over the agreement's amount of "
            f"{format_money(agreement_amount)}."
        )
    payment = Payment(
        claim=claim, agreement_id=claim.agreement_id, amount=amount, paid_on=paid_on,
        reference=reference, recorded_by=user,
    )  # fmt: skip
    _saved(payment, user=user, reason=f"Payment {reference}: {format_money(amount)}")
    if paid + amount == total:
        claim.paid_at = at or timezone.now()
        _finish_move(claim, Move.PAY, user=user, fields=["paid_at"])
    return payment
