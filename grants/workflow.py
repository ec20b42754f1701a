"""The grant agreement's workflow as data: the allowed moves (docs/workflows.md).

`MOVES` is the one table: the services check it, the pages offer only what it allows, the
database's trigger `status_moves_by_the_table` (grants/models/sql.py) holds the same pairs, and
tests/grants/test_workflow.py compares all three with the diagram.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models

from grants.models import AgreementStatus, GrantAgreement

S = AgreementStatus

# Decision statuses named as data: decisions sit above grants.
SIGNED_DECISION_STATUSES = ("signed", "published")
PENDING_DECISION_STATUSES = ("draft", "returned", "submitted", "cleared")


class AgreementMove(models.TextChoices):
    APPROVE = "approve", "Approve (by signing its decision)"
    ACTIVATE = "activate", "Activate"
    CLOSE = "close", "Close"
    WITHDRAW = "withdraw", "Withdraw"


@dataclass(frozen=True)
class Transition:
    sources: frozenset[str]
    target: str


MOVES: dict[AgreementMove, Transition] = {
    AgreementMove.APPROVE: Transition(frozenset({S.PROPOSED}), S.APPROVED),
    AgreementMove.ACTIVATE: Transition(frozenset({S.APPROVED}), S.ACTIVE),
    AgreementMove.CLOSE: Transition(frozenset({S.ACTIVE}), S.CLOSED),
    AgreementMove.WITHDRAW: Transition(frozenset({S.PROPOSED, S.APPROVED}), S.WITHDRAWN),
}

# Only a proposed agreement's terms are edited on its page; after approval, a variation.
EDITABLE_STATUSES = frozenset({S.PROPOSED})


def move_allowed(status: str, move: AgreementMove) -> bool:
    """Whether the table allows `move` from `status`."""
    return status in MOVES[move].sources


def wrong_state_message(agreement: GrantAgreement, move: AgreementMove) -> str:
    return (
        f"{agreement.reference} is {agreement.get_status_display().lower()}: it cannot be "
        f"moved to “{move.label.lower()}” now."
    )
