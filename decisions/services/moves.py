"""The workflow moves: submit, clear, return, reject, withdraw and publish (signing has its own
module, decisions/services/signing.py)."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from alpha_hub.history import stamp
from decisions import notifications, permissions
from decisions.models import (
    Clearance,
    Decision,
)
from decisions.services._base import (
    REASON_MAX,
    DecisionRefusedError,
    check_reason,
    finish_move,
    refuse_if,
    start_move,
)
from decisions.workflow import (
    Move,
    clearance_refusal,
    completeness_problems,
    outstanding_clearances,
)


@transaction.atomic
def decision_submit(*, decision: Decision, user) -> Decision:
    """Draft or returned -> submitted: complete, so the clearers are asked."""
    decision = start_move(
        decision,
        Move.SUBMIT,
        lambda d: permissions.can_submit_decision(user, d),
        "Only the drafting officer can submit this decision.",
    )
    refuse_if(completeness_problems(decision))
    decision.submission_round += 1
    decision.status_reason = ""
    finish_move(
        decision, Move.SUBMIT, user=user, reason="", fields=["submission_round", "status_reason"]
    )
    transaction.on_commit(lambda: notifications.notify_submitted(decision.pk))
    return decision


@transaction.atomic
def decision_clear(
    *, decision: Decision, user, capacities: Iterable[str], comment: str = ""
) -> Decision:
    """Record clearance in a capacity (several, where the series lets one person clear in more
    than one); the last required one moves it to cleared."""
    decision = start_move(
        decision,
        Move.CLEAR,
        lambda d: permissions.can_clear_decision(user, d),
        "Only a clearance signatory who did not draft it can clear this decision.",
    )
    capacities = list(dict.fromkeys(capacities))
    if refusal := clearance_refusal(decision, user, capacities):
        raise DecisionRefusedError(refusal)
    if len(comment) > REASON_MAX:
        raise DecisionRefusedError(f"The comment must be {REASON_MAX} characters or fewer.")
    now = timezone.now()
    for capacity in capacities:
        clearance = Clearance(
            decision=decision,
            capacity=capacity,
            cleared_by=user,
            cleared_at=now,
            comment=comment.strip(),
            round=decision.submission_round,
        )
        stamp(clearance, user=user, reason="Cleared")
        clearance.save()
    if not outstanding_clearances(decision):
        finish_move(decision, Move.CLEAR, user=user, reason="", fields=[])
        transaction.on_commit(lambda: notifications.notify_cleared(decision.pk))
    return decision


def _move_with_reason(decision, move: Move, *, user, reason: str, may, refusal: str, noun: str):
    """A move that records why: lock, check table and role, keep the reason, save once."""
    decision = start_move(decision, move, lambda d: may(user, d), refusal)
    decision.status_reason = check_reason(reason, noun)
    finish_move(decision, move, user=user, reason=reason, fields=["status_reason"])
    return decision


@transaction.atomic
def decision_return(*, decision: Decision, user, reason: str) -> Decision:
    """Submitted or cleared -> returned to the drafter, with the reason."""
    decision = _move_with_reason(
        decision, Move.RETURN, user=user, reason=reason, noun="return",
        may=permissions.can_return_decision,
        refusal="Only a clearer (or, once cleared, a decision maker) can return this decision.",
    )  # fmt: skip
    transaction.on_commit(lambda: notifications.notify_drafter(decision.pk, "returned"))
    return decision


@transaction.atomic
def decision_reject(*, decision: Decision, user, reason: str) -> Decision:
    """Cleared -> rejected by a decision maker, with the reason."""
    decision = _move_with_reason(
        decision, Move.REJECT, user=user, reason=reason, noun="rejection",
        may=permissions.can_reject_decision,
        refusal="Only a decision maker can reject this decision.",
    )  # fmt: skip
    transaction.on_commit(lambda: notifications.notify_drafter(decision.pk, "rejected"))
    return decision


@transaction.atomic
def decision_withdraw(*, decision: Decision, user, reason: str) -> Decision:
    """Any unsigned, live decision -> withdrawn by its drafter, with the reason."""
    return _move_with_reason(
        decision, Move.WITHDRAW, user=user, reason=reason, noun="withdrawal",
        may=permissions.can_withdraw_decision,
        refusal="Only the drafting officer can withdraw this decision.",
    )  # fmt: skip


@transaction.atomic
def decision_publish(*, decision: Decision, user) -> Decision:
    """Signed -> published: the public register shows it from now on."""
    decision = start_move(
        decision,
        Move.PUBLISH,
        lambda d: permissions.can_publish_decision(user, d),
        "Only a drafting officer or a decision maker can publish decisions.",
    )
    decision.published_at = timezone.now()
    finish_move(decision, Move.PUBLISH, user=user, reason="", fields=["published_at"])
    return decision
