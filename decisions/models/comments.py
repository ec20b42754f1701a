"""Clearers' comments on a submitted decision's sections and recommendations (issue 13, point 3).

A clearer comments on one part; the drafter answers it or resolves it. Comments are working
papers: staff only, never on the public page nor in either PDF (docs/adr/0063).
"""

from __future__ import annotations

import pgtrigger
from django.conf import settings
from django.db import models
from django.db.models import Q

from alpha_hub.db import TimeStamped
from alpha_hub.history import AuditedHistory, no_truncate_trigger
from decisions.frozen import owned_by_signed_trigger
from decisions.models.decision import Decision
from decisions.models.parts import Recommendation, Section

COMMENT_MAX = 2000


class CommentState(models.TextChoices):
    OPEN = "open", "Open"
    ANSWERED = "answered", "Answered"
    RESOLVED = "resolved", "Resolved"


# The part a comment is about belongs to the same decision.
_SAME_DECISION_FUNC = """
IF NEW.section_id IS NOT NULL AND NOT EXISTS (
    SELECT 1 FROM decisions_section WHERE id = NEW.section_id AND decision_id = NEW.decision_id
) OR NEW.recommendation_id IS NOT NULL AND NOT EXISTS (
    SELECT 1 FROM decisions_recommendation
    WHERE id = NEW.recommendation_id AND decision_id = NEW.decision_id
) THEN
    RAISE EXCEPTION 'comment % is about a part of another decision than %', NEW.id,
        NEW.decision_id USING ERRCODE = 'integrity_constraint_violation';
END IF;
RETURN NEW;
"""


class ClearanceComment(TimeStamped):
    """A clearer's comment on one section or recommendation, with the drafter's answer."""

    State = CommentState

    decision = models.ForeignKey(
        Decision, on_delete=models.PROTECT, related_name="clearance_comments"
    )
    # The part may be removed after a return: the comment stays, naming it by `about`.
    section = models.ForeignKey(
        Section, on_delete=models.SET_NULL, null=True, blank=True, related_name="comments"
    )
    recommendation = models.ForeignKey(
        Recommendation, on_delete=models.SET_NULL, null=True, blank=True, related_name="comments"
    )
    about = models.CharField(max_length=300, help_text="The part as it was named when commented.")
    round = models.PositiveSmallIntegerField(help_text="The decision's submission round.")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="clearance_comments"
    )
    body = models.TextField(max_length=COMMENT_MAX)
    state = models.CharField(max_length=10, choices=State.choices, default=State.OPEN)
    answer = models.TextField(max_length=COMMENT_MAX, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="+",
    )  # fmt: skip
    answered_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="+",
    )  # fmt: skip
    resolved_at = models.DateTimeField(null=True, blank=True)

    history = AuditedHistory()

    class Meta:
        ordering = ["decision", "created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(state__in=CommentState.values), name="comment_state_valid"
            ),
            models.CheckConstraint(condition=~Q(body=""), name="comment_body_not_empty"),
            models.CheckConstraint(
                condition=~(Q(section__isnull=False) & Q(recommendation__isnull=False)),
                name="comment_about_one_part",
            ),
            # An answer has its author and time; a resolution has its own.
            models.CheckConstraint(
                condition=(Q(answer="") & Q(answered_by__isnull=True) & Q(answered_at__isnull=True))
                | (~Q(answer="") & Q(answered_by__isnull=False) & Q(answered_at__isnull=False)),
                name="comment_answer_complete",
            ),
            models.CheckConstraint(
                condition=Q(state=CommentState.RESOLVED)
                & Q(resolved_by__isnull=False)
                & Q(resolved_at__isnull=False)
                | ~Q(state=CommentState.RESOLVED)
                & Q(resolved_by__isnull=True)
                & Q(resolved_at__isnull=True),
                name="comment_resolution_complete",
            ),
            models.CheckConstraint(
                condition=~Q(state=CommentState.ANSWERED) | ~Q(answer=""),
                name="comment_answered_has_answer",
            ),
            models.CheckConstraint(
                condition=~Q(state=CommentState.OPEN) | Q(answer=""),
                name="comment_open_has_no_answer",
            ),
        ]
        triggers = [
            pgtrigger.Trigger(
                name="about_its_decision",
                when=pgtrigger.Before,
                operation=pgtrigger.Insert | pgtrigger.Update,
                func=_SAME_DECISION_FUNC,
            ),
            owned_by_signed_trigger(
                column="decision_id",
                message="the comments on signed decision % cannot be added, changed or removed",
            ),
            no_truncate_trigger(),
        ]

    def __str__(self) -> str:
        return f"Comment on {self.decision.reference}: {self.about}"
