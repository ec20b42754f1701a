"""What every claims service shares: the refusal, saving with who and why, and input checks."""

from __future__ import annotations

from decimal import Decimal

from django.db import DatabaseError, IntegrityError, transaction

from alpha_hub.history import stamp
from alpha_hub.money import MoneyError, parse_money
from claims.models import (
    ClaimStatus,
)

REASON_MAX = 2000
DEFAULT_DUE_DAYS = 30
S = ClaimStatus

# What the database says, in words a person can act on (the service checks first; these are for
# the race the service could not see).
DATABASE_MESSAGES = {
    "claim_one_per_period": "This period has already been claimed.",
    "payment_over_claim": "The payments would add up to more than the claim.",
    "payment_over_agreement": "Paid to date would exceed the agreement's amount.",
    "payment_reference_unique_per_agreement": "A payment with that reference is already recorded.",
    "report_one_pending_or_accepted": "This report has already been submitted.",
    "claim_checker_is_not_preparer": "The preparer of a claim cannot check it.",
    "claim_approver_is_not_checker_or_preparer": "The approver must be neither the checker nor "
    "the preparer.",
    "claim_category": "The agreement's budget has no such category or line.",
    "claim_locked": "A submitted claim's spend cannot change; return it first.",
    "claim_agreement": "A claim is made only for a period of an active agreement.",
}


class ClaimRefusedError(Exception):
    """A write that is not allowed now; `problems` are sentences to show the user."""

    def __init__(self, *problems: str):
        self.problems = [problem for problem in problems if problem]
        super().__init__(" ".join(self.problems))


def _saved(instance, *, user, reason: str, **kwargs):
    """Save `instance` in a savepoint; a database refusal becomes a ClaimRefusedError."""
    stamp(instance, user=user, reason=reason[:100])
    try:
        with transaction.atomic():
            instance.save(**kwargs)
    except (IntegrityError, DatabaseError) as error:
        raise ClaimRefusedError(_database_message(error)) from error
    return instance


def _database_message(error: Exception) -> str:
    text = str(error)
    for key, message in DATABASE_MESSAGES.items():
        if key in text:
            return message
    return "The database refused the change, so nothing was saved."


def _check_reason(reason: str, what: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ClaimRefusedError(f"Give a reason for the {what}.")
    if len(reason) > REASON_MAX:
        raise ClaimRefusedError(f"The reason must be {REASON_MAX} characters or fewer.")
    return reason


def _amount(value, label: str = "Spend", *, positive: bool = False) -> Decimal:
    try:
        amount = parse_money(value)
    except MoneyError as error:
        raise ClaimRefusedError(f"{label}: {error}.") from error
    if amount < 0:
        raise ClaimRefusedError(f"{label} cannot be negative.")
    if positive and amount == 0:
        raise ClaimRefusedError(f"{label} must be more than £0.00.")
    return amount
