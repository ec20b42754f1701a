"""The claim workflow as data: the allowed moves, and who may make each.

`MOVES` is the single source of truth: the services check it, the claim page offers only what it
allows, the database trigger (claims/sql.py CLAIM_MOVES) holds the same pairs, and a test compares
it with the state diagram in docs/workflows.md.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models

from claims.models import Claim, ClaimStatus

S = ClaimStatus


class Move(models.TextChoices):
    SUBMIT = "submit", "Submit for checking"
    CHECK = "check", "Check"
    APPROVE = "approve", "Approve"
    PAY = "pay", "Pay"
    RETURN = "return", "Return to the preparer"


@dataclass(frozen=True)
class Transition:
    sources: frozenset[str]
    target: str


MOVES: dict[Move, Transition] = {
    Move.SUBMIT: Transition(frozenset({S.DRAFT, S.RETURNED}), S.SUBMITTED),
    Move.CHECK: Transition(frozenset({S.SUBMITTED}), S.CHECKED),
    Move.APPROVE: Transition(frozenset({S.CHECKED}), S.APPROVED),
    # Recording payments that add up to the claim moves it to paid (claims.services.payment_record).
    Move.PAY: Transition(frozenset({S.APPROVED}), S.PAID),
    Move.RETURN: Transition(frozenset({S.SUBMITTED, S.CHECKED, S.APPROVED}), S.RETURNED),
}

# The moves a person chooses on the claim page; paying happens by recording a payment.
PAGE_MOVES = (Move.SUBMIT, Move.CHECK, Move.APPROVE, Move.RETURN)


def move_allowed(status: str, move: Move) -> bool:
    """Whether the table allows `move` from `status`."""
    return status in MOVES[move].sources


def wrong_state_message(claim: Claim, move: Move) -> str:
    return (
        f"The claim for {claim.period} is {claim.get_status_display().lower()}: "
        f"it cannot be moved to “{move.label.lower()}” now."
    )
