"""What still stands between a decision and its signature, said once for everyone who acts on
it (issue 13, point 2): the drafter before submitting, clearers and the signer on its page.

Each check is the one its move makes (decisions.workflow, budget.selectors, decisions.offices):
this module only gathers them, so the page never promises what the move would refuse.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Q

from budget.selectors import agreement_reconciliation_problems
from decisions.models import (
    ClearanceCapacity,
    CommentState,
    Decision,
    DelegationRule,
    OfficeHolder,
)
from decisions.offices import signing_day
from decisions.workflow import completeness_problems, decision_value, outstanding_clearances


@dataclass(frozen=True)
class Readiness:
    """The decision's outstanding steps, by who must act; `ready` when none is left."""

    drafting: list[str] = field(default_factory=list)  # the drafter: its text and assessments
    budgets: list[str] = field(default_factory=list)  # finance: budgets that do not reconcile
    clearances: list[str] = field(default_factory=list)  # capacities still to clear
    signer: list[str] = field(default_factory=list)  # nobody today may sign it
    # Clearers' comments the drafter has not resolved: shown, but they do not block signing (a
    # clearer who is not satisfied does not clear, or returns it; docs/adr/0063).
    comments: list[str] = field(default_factory=list)

    @property
    def ready(self) -> bool:
        return not (self.drafting or self.budgets or self.clearances or self.signer)


def decision_readiness(decision: Decision) -> Readiness:
    """What stands between `decision` and its signature, today."""
    if decision.is_signed:
        return Readiness()
    budgets = []
    for approval in decision.approvals.select_related("agreement"):
        budgets += [
            f"{approval.agreement.reference}: {problem}"
            for problem in agreement_reconciliation_problems(approval.agreement)
        ]
    clearances = outstanding_clearances(decision) if decision.status == "submitted" else []
    return Readiness(
        drafting=completeness_problems(decision),
        budgets=budgets,
        clearances=_clearance_steps(decision, clearances),
        signer=[] if _someone_may_sign(decision) else [_nobody_may_sign(decision)],
        comments=_open_comments(decision),
    )


def _clearance_steps(decision: Decision, outstanding: list[str]) -> list[str]:
    """ "Finance clearance", and who may still give it when each capacity needs its own clearer."""
    if not outstanding:
        return []
    steps = [f"{ClearanceCapacity(capacity).label} clearance" for capacity in outstanding]
    if decision.series.clearers_must_differ:
        given = (
            decision.clearances.filter(round=decision.submission_round)
            .select_related("cleared_by")
            .order_by("cleared_at")
        )
        names = [str(clearance.cleared_by) for clearance in given]
        if names:
            steps = [f"{step}, by a clearer other than {_and(names)}" for step in steps]
    return steps


def _and(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _open_comments(decision: Decision) -> list[str]:
    """Each comment not yet resolved: "Open comment on Section 3: Financial comments (Tom ...)"."""
    comments = (
        decision.clearance_comments.exclude(state=CommentState.RESOLVED)
        .select_related("author")
        .order_by("created_at", "id")
    )
    return [
        f"{comment.get_state_display()} comment on {comment.about}, by {comment.author}"
        for comment in comments
    ]


def _rules_covering(*, holder, category, value, office, series) -> Exists:
    """Whether an active delegation rule covers a decision of `office`, `series`, `category` and
    `value` for `holder` (values or OuterRefs): decisions.workflow.covering_rules, in SQL."""
    return Exists(
        DelegationRule.objects.filter(
            Q(holder__isnull=True) | Q(holder_id=holder),
            Q(category__isnull=True) | Q(category_id=category),
            Q(upper_value__isnull=True) | Q(upper_value__gte=value),
            is_active=True,
            office_id=office,
            series_id=series,
        )
    )


def covered_for(user) -> Exists:
    """Whether a delegation rule lets `user` sign the decision of the outer query (a queue)."""
    return _rules_covering(
        holder=user.pk, category=OuterRef("category_id"), value=OuterRef("financial_value"),
        office=OuterRef("office_id"), series=OuterRef("series_id"),
    )  # fmt: skip


def _someone_may_sign(decision: Decision) -> bool:
    """Whether anyone holding or acting for the office today, other than the drafter and the
    clearers, is covered by a delegation rule for this decision."""
    others = (
        OfficeHolder.objects.signing()
        .on(signing_day())
        .filter(office_id=decision.office_id, user__is_active=True)
        .exclude(user_id=decision.drafted_by_id)
        .exclude(user__clearances__decision=decision)
    )
    covered = _rules_covering(
        holder=OuterRef("user_id"), category=decision.category_id, value=decision.financial_value,
        office=decision.office_id, series=decision.series_id,
    )  # fmt: skip
    return others.filter(covered).exists()


def _nobody_may_sign(decision: Decision) -> str:
    return (
        f"Nobody can sign it: no one holding the office of {decision.office.title} today is "
        f"covered by a delegation rule for a {decision.series.code} "
        f"{decision.category.name.lower()} decision of {decision_value(decision)}. Ask an "
        "administrator to check the delegation rules and the office's holders."
    )
