"""The forward plan: decisions expected, published before they are taken (issue 12, point 4)."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q

from alpha_hub.db import TimeStamped
from alpha_hub.history import AuditedHistory, no_truncate_trigger
from decisions.models.decision import Decision
from decisions.models.offices import Office
from grants.models import Programme


class ForwardPlanEntry(TimeStamped):
    """A decision an officer expects to be taken in a month: public until it is taken."""

    title = models.CharField(max_length=250)
    summary = models.TextField(help_text="What the decision will be about, for the public.")
    office = models.ForeignKey(Office, on_delete=models.PROTECT, related_name="forward_plan")
    expected_month = models.DateField(help_text="The first day of the month it is expected in.")
    has_part2 = models.BooleanField("will have a Part 2", default=False)
    programme = models.ForeignKey(
        Programme, on_delete=models.PROTECT, null=True, blank=True, related_name="forward_plan"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decision = models.OneToOneField(
        Decision, on_delete=models.PROTECT, null=True, blank=True, related_name="forward_plan",
        help_text="The decision drafted from this entry.",
    )  # fmt: skip

    history = AuditedHistory()

    class Meta:
        ordering = ["expected_month", "title"]
        verbose_name_plural = "forward plan entries"
        constraints = [
            models.CheckConstraint(condition=~Q(title=""), name="forward_plan_title_not_empty"),
            models.CheckConstraint(condition=~Q(summary=""), name="forward_plan_summary_not_empty"),
            models.CheckConstraint(
                condition=Q(expected_month__day=1), name="forward_plan_month_is_first_day"
            ),
        ]
        triggers = [no_truncate_trigger()]

    def __str__(self) -> str:
        return f"{self.title} ({self.expected_month:%B %Y})"

    def slipped_on(self, today: date) -> bool:
        """Not taken (signed) by the end of its expected month."""
        taken = self.decision is not None and self.decision.is_signed
        month_over = (today.year, today.month) > (
            self.expected_month.year,
            self.expected_month.month,
        )
        return month_over and not taken
