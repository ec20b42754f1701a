"""The decision workflow as data: the allowed moves, and pure guard functions.

`MOVES` is the single source of truth: the services check it, the staff pages offer only what it
allows, and a test compares it with the state diagram in docs/workflows.md.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db import models

from alpha_hub.money import format_money
from decisions.models import (
    ClearanceCapacity,
    Decision,
    DecisionStatus,
    DelegationRule,
    SectionKind,
)
from decisions.offices import office_problem
from decisions.sections import standard_sections

S = DecisionStatus


class Move(models.TextChoices):
    SUBMIT = "submit", "Submit for clearance"
    CLEAR = "clear", "Clear"
    RETURN = "return", "Return to drafter"
    REJECT = "reject", "Reject"
    WITHDRAW = "withdraw", "Withdraw"
    SIGN = "sign", "Sign"
    PUBLISH = "publish", "Publish"


@dataclass(frozen=True)
class Transition:
    sources: frozenset[str]
    target: str


MOVES: dict[Move, Transition] = {
    Move.SUBMIT: Transition(frozenset({S.DRAFT, S.RETURNED}), S.SUBMITTED),
    # Each clearance is recorded; the decision moves on when the last required one is given.
    Move.CLEAR: Transition(frozenset({S.SUBMITTED}), S.CLEARED),
    Move.RETURN: Transition(frozenset({S.SUBMITTED, S.CLEARED}), S.RETURNED),
    Move.REJECT: Transition(frozenset({S.CLEARED}), S.REJECTED),
    Move.WITHDRAW: Transition(
        frozenset({S.DRAFT, S.RETURNED, S.SUBMITTED, S.CLEARED}), S.WITHDRAWN
    ),
    Move.SIGN: Transition(frozenset({S.CLEARED}), S.SIGNED),
    Move.PUBLISH: Transition(frozenset({S.SIGNED}), S.PUBLISHED),
}

# The drafter may change the text only while it is theirs.
EDITABLE_STATUSES = frozenset({S.DRAFT, S.RETURNED})

STANDARD_SECTIONS = tuple(kind for kind in SectionKind if kind != SectionKind.CUSTOM)


def move_allowed(status: str, move: Move) -> bool:
    """Whether the table allows `move` from `status`."""
    return status in MOVES[move].sources


def wrong_state_message(decision: Decision, move: Move) -> str:
    return (
        f"{decision.reference} is {decision.get_status_display().lower()}: "
        f"it cannot be moved to “{move.label.lower()}” now."
    )


def completeness_problems(decision: Decision) -> list[str]:
    """What a decision still lacks before it can be submitted or signed."""
    problems = []
    if not decision.executive_summary.strip():
        problems.append("Add an executive summary.")
    if not decision.recommendations.exists():
        problems.append("Add at least one recommendation.")
    present = set(decision.sections.values_list("kind", flat=True))
    missing = [kind.label for kind in standard_sections(decision.series) if kind not in present]
    if missing:
        problems.append("Add the standard sections: " + "; ".join(missing) + ".")
    if decision.dpia == Decision.Assessment.NOT_RECORDED:
        problems.append("Record the data protection impact assessment (DPIA).")
    if decision.equality_assessment == Decision.Assessment.NOT_RECORDED:
        problems.append("Record the equality impact assessment.")
    if decision.has_part2 and not hasattr(decision, "part2"):
        problems.append("Write the Part 2, or say the decision has none.")
    if decision.kind == Decision.Kind.CONTRACT and not decision.contract_approvals.exists():
        problems.append("Add the contract this decision approves, or change its kind.")
    return problems


def outstanding_clearances(decision: Decision) -> list[str]:
    """The capacities still to clear the decision in its current submission round."""
    given = set(
        decision.clearances.filter(round=decision.submission_round).values_list(
            "capacity", flat=True
        )
    )
    return [c for c in decision.series.required_clearances if c not in given]


def clearable_by(decision: Decision, user) -> list[str]:
    """The outstanding capacities `user` may still clear in the current round: all of them, or,
    when the series needs a different person for each capacity (docs/adr/0063), none once they
    have cleared in one."""
    outstanding = outstanding_clearances(decision)
    if decision.series.clearers_must_differ and _cleared_this_round(decision, user):
        return []
    return outstanding


def _cleared_this_round(decision: Decision, user) -> str | None:
    """The capacity `user` cleared `decision` in this round, if any."""
    return (
        decision.clearances.filter(round=decision.submission_round, cleared_by_id=user.pk)
        .values_list("capacity", flat=True)
        .first()
    )


def clearance_refusal(decision: Decision, user, capacities: list[str]) -> str:
    """Why `user` may not clear `decision` in `capacities` now; empty when they may."""
    if not capacities:
        return "Choose the capacity in which you clear this decision."
    if set(capacities) - set(outstanding_clearances(decision)):
        return "That clearance has already been given or is not required."
    if not decision.series.clearers_must_differ:
        return ""
    series = decision.series.code
    if len(capacities) > 1:
        return (
            f"Clear in one capacity only: a {series} decision is cleared by a different person "
            "in each capacity."
        )
    if given := _cleared_this_round(decision, user):
        return (
            f"You have already cleared {decision.reference} as "
            f"{ClearanceCapacity(given).label.lower()}: a {series} decision is cleared by a "
            "different person in each capacity."
        )
    return ""


def covering_rules(decision: Decision, user) -> list[DelegationRule]:
    """Active delegation rules of the decision's office under which `user` may sign it
    (docs/adr/0013, docs/adr/0054)."""
    rules = DelegationRule.objects.filter(
        is_active=True, office_id=decision.office_id, series=decision.series
    ).select_related("holder")
    return [rule for rule in rules if _rule_covers(rule, decision, user)]


def _rule_covers(rule: DelegationRule, decision: Decision, user) -> bool:
    if rule.holder_id is not None and rule.holder_id != user.pk:
        return False
    if rule.category_id is not None and rule.category_id != decision.category_id:
        return False
    return rule.upper_value is None or Decimal(decision.financial_value) <= rule.upper_value


def separation_problems(decision: Decision, user) -> list[str]:
    """The drafter and the clearers of a decision may not sign it."""
    if decision.drafted_by_id == user.pk:
        return ["You drafted this decision, so you cannot sign it."]
    if decision.clearances.filter(cleared_by=user).exists():
        return ["You cleared this decision, so you cannot sign it."]
    return []


def office_problems(decision: Decision, user, day: date | None = None) -> list[str]:
    """Why `user` may not sign as the office the decision is addressed to on `day` (today)."""
    problem = office_problem(user, decision.office, day)
    return [problem] if problem else []


def delegation_problems(decision: Decision, user) -> list[str]:
    """Why no delegation rule lets `user` sign `decision`; empty when one does."""
    if covering_rules(decision, user):
        return []
    return [
        f"No delegation rule lets you sign a {decision.series.code} "
        f"{decision.category.name.lower()} decision of {decision_value(decision)} "
        f"as {decision.addressee}."
    ]


def decision_value(decision: Decision) -> str:
    return format_money(decision.financial_value)
