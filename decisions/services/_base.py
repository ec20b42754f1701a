"""What every decision service shares: the refusal, locking and the edit check."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from alpha_hub.history import stamp
from decisions import permissions
from decisions.models import Decision
from decisions.workflow import (
    EDITABLE_STATUSES,
    MOVES,
    Move,
    move_allowed,
    wrong_state_message,
)

REASON_MAX = 2000
CHANGE_REASON_MAX = 100  # simple-history's change reason column


class DecisionRefusedError(Exception):
    """A write that is not allowed now; `problems` are sentences to show the user."""

    def __init__(self, *problems: str):
        self.problems = [problem for problem in problems if problem]
        super().__init__(" ".join(self.problems))


def refuse_if(problems: list[str]) -> None:
    if problems:
        raise DecisionRefusedError(*problems)


def _lock(decision: Decision) -> Decision:
    return (
        Decision.objects.select_for_update(of=("self",))
        .select_related("series", "category")
        .get(pk=decision.pk)
    )


def lock_for_edit(decision: Decision, user) -> Decision:
    """The decision, locked, when `user` may change its text now."""
    decision = _lock(decision)
    if decision.is_signed:
        raise DecisionRefusedError(
            f"{decision.reference} is signed and cannot be changed: a correction is a new "
            "decision that varies or supersedes it."
        )
    if decision.status not in EDITABLE_STATUSES:
        raise DecisionRefusedError(
            f"{decision.reference} is {decision.get_status_display().lower()}: only a draft or a "
            "returned decision can be changed."
        )
    if not permissions.can_edit_decision(user, decision):
        raise DecisionRefusedError("Only the drafting officer can change this decision.")
    return decision


def change_reason_required(decision: Decision) -> bool:
    """Whether an edit must say why: once the decision has been submitted (DESIGN.md section 5)."""
    return decision.submission_round > 0


@dataclass(frozen=True)
class Edit:
    """One edit of a locked decision: who makes it and the reason every row it writes records."""

    decision: Decision
    user: object
    reason: str = ""

    def stamp(self, instance, automatic: str):
        """Stamp `instance` with the person's reason, or `automatic` on a never-submitted draft."""
        return stamp(instance, user=self.user, reason=self.reason or automatic)


def start_edit(decision: Decision, user, reason: str = "") -> Edit:
    """Lock the decision for `user` to change, and check the reason the change needs now."""
    decision = lock_for_edit(decision, user)
    reason = (reason or "").strip()
    if not reason and change_reason_required(decision):
        raise DecisionRefusedError(
            f"Give a reason for this change: {decision.reference} has been submitted before, "
            "so every change to it records why."
        )
    if len(reason) > CHANGE_REASON_MAX:
        raise DecisionRefusedError(
            f"The reason for this change must be {CHANGE_REASON_MAX} characters or fewer."
        )
    return Edit(decision=decision, user=user, reason=reason)


def check_reason(reason: str, what: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise DecisionRefusedError(f"Give a reason for the {what}.")
    if len(reason) > REASON_MAX:
        raise DecisionRefusedError(f"The reason must be {REASON_MAX} characters or fewer.")
    return reason


def start_move(
    decision: Decision, move: Move, allowed: Callable[[Decision], bool], role_message: str
) -> Decision:
    """Lock the decision and check the table, then the role."""
    decision = _lock(decision)
    if not move_allowed(decision.status, move):
        raise DecisionRefusedError(wrong_state_message(decision, move))
    if not allowed(decision):
        raise DecisionRefusedError(role_message)
    return decision


def finish_move(decision: Decision, move: Move, *, user, reason: str, fields: list[str]) -> None:
    decision.status = MOVES[move].target
    stamp(decision, user=user, reason=f"{move.label}: {reason}"[:100] if reason else move.label)
    decision.save(update_fields=["status", "updated_at", *fields])
