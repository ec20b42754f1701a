"""Clearers' comments on a submitted decision, and the drafter's answers (docs/adr/0063).

A clearer comments on one section or recommendation while the decision is submitted; the drafter
answers or resolves it while it is still live (submitted, returned or cleared). Each write locks
the decision, so a comment never lands on a decision being signed.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from alpha_hub.history import stamp
from decisions import permissions
from decisions.models import (
    COMMENT_MAX,
    ClearanceComment,
    CommentState,
    Decision,
    DecisionStatus,
    Recommendation,
    Section,
)
from decisions.services._base import DecisionRefusedError, _lock

S = DecisionStatus
# While the drafter may still act on what the clearers said.
ANSWERABLE = frozenset({S.SUBMITTED, S.RETURNED, S.CLEARED})
PART_KINDS = ("sections", "recommendations")


def _text(value: str, what: str) -> str:
    value = (value or "").strip()
    if not value:
        raise DecisionRefusedError(f"Enter your {what}.")
    if len(value) > COMMENT_MAX:
        raise DecisionRefusedError(f"Your {what} must be {COMMENT_MAX} characters or fewer.")
    return value


def _part(decision: Decision, part_kind: str, part_pk: int) -> Section | Recommendation:
    model = {"sections": Section, "recommendations": Recommendation}.get(part_kind)
    part = model and model.objects.filter(decision=decision, pk=part_pk).first()
    if part is None:
        raise DecisionRefusedError(f"That part is not in {decision.reference}.")
    return part


def part_name(part: Section | Recommendation) -> str:
    """How a comment names its part: "Section 3: Financial comments", "Recommendation 1"."""
    if isinstance(part, Section):
        return f"Section {part.position}: {part.heading}"
    return f"Recommendation {part.position}"


@transaction.atomic
def comment_add(
    *, decision: Decision, user, part_kind: str, part_pk: int, body: str
) -> ClearanceComment:
    """A clearer's comment on one part of a submitted decision."""
    decision = _lock(decision)
    if not permissions.can_comment_on_decision(user, decision):
        raise DecisionRefusedError("Only a clearance signatory who did not draft it can comment.")
    if decision.status != S.SUBMITTED:
        raise DecisionRefusedError(
            f"{decision.reference} is {decision.get_status_display().lower()}: clearers comment "
            "on a decision while it is submitted for clearance."
        )
    part = _part(decision, part_kind, part_pk)
    comment = ClearanceComment(
        decision=decision,
        section=part if isinstance(part, Section) else None,
        recommendation=part if isinstance(part, Recommendation) else None,
        about=part_name(part),
        round=decision.submission_round,
        author=user,
        body=_text(body, "comment"),
    )
    stamp(comment, user=user, reason="Comment made")
    comment.save()
    return comment


def _lock_comment(comment: ClearanceComment, user) -> ClearanceComment:
    decision = _lock(comment.decision)
    comment = ClearanceComment.objects.select_for_update().get(pk=comment.pk)
    if not permissions.can_answer_comments(user, decision):
        raise DecisionRefusedError("Only the drafting officer can answer or resolve comments.")
    if decision.status not in ANSWERABLE:
        raise DecisionRefusedError(
            f"{decision.reference} is {decision.get_status_display().lower()}: its comments "
            "can no longer be answered or resolved."
        )
    if comment.state == CommentState.RESOLVED:
        raise DecisionRefusedError("That comment has already been resolved.")
    comment.decision = decision
    return comment


@transaction.atomic
def comment_answer(*, comment: ClearanceComment, user, answer: str) -> ClearanceComment:
    """The drafter's answer to an open comment (an answer given stands; it may then be resolved)."""
    comment = _lock_comment(comment, user)
    if comment.state != CommentState.OPEN:
        raise DecisionRefusedError("That comment has already been answered: resolve it instead.")
    comment.answer = _text(answer, "answer")
    comment.answered_by, comment.answered_at = user, timezone.now()
    comment.state = CommentState.ANSWERED
    stamp(comment, user=user, reason="Comment answered")
    comment.save()
    return comment


@transaction.atomic
def comment_resolve(*, comment: ClearanceComment, user) -> ClearanceComment:
    """The drafter marks a comment as dealt with."""
    comment = _lock_comment(comment, user)
    comment.state = CommentState.RESOLVED
    comment.resolved_by, comment.resolved_at = user, timezone.now()
    stamp(comment, user=user, reason="Comment resolved")
    comment.save()
    return comment
