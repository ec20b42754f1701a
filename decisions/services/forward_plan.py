"""The forward plan: officers record decisions they expect to take; a decision is drafted from
an entry, which then links to it (issue 12, point 4)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils.timezone import localdate

from alpha_hub.history import stamp
from decisions import permissions
from decisions.models import Decision, DecisionCategory, DecisionSeries, ForwardPlanEntry, Office
from decisions.services._base import DecisionRefusedError
from decisions.services.drafting import decision_create
from grants.models import Programme

TITLE_MAX, SUMMARY_MAX = 250, 10_000


def _month(day: date) -> date:
    return day.replace(day=1)


@transaction.atomic
def forward_plan_entry_add(
    *,
    user,
    title: str,
    summary: str,
    office: Office,
    expected_month: date,
    has_part2: bool = False,
    programme: Programme | None = None,
) -> ForwardPlanEntry:
    """A decision expected in `expected_month` (this month or later), on the public plan."""
    if not permissions.can_plan_decision(user):
        raise DecisionRefusedError("Only drafting officers can add to the forward plan.")
    title, summary = (title or "").strip(), (summary or "").strip()
    if not title or len(title) > TITLE_MAX:
        raise DecisionRefusedError(f"Enter a title of {TITLE_MAX} characters or fewer.")
    if not summary or len(summary) > SUMMARY_MAX:
        raise DecisionRefusedError(f"Enter a summary of {SUMMARY_MAX:,} characters or fewer.")
    if _month(expected_month) < _month(localdate()):
        raise DecisionRefusedError("The expected month must be this month or later.")
    entry = ForwardPlanEntry(
        title=title, summary=summary, office=office, expected_month=_month(expected_month),
        has_part2=has_part2, programme=programme, created_by=user,
    )  # fmt: skip
    stamp(entry, user=user, reason="Added to the forward plan")
    entry.save()
    return entry


@transaction.atomic
def forward_plan_entry_draft(
    *,
    user,
    entry: ForwardPlanEntry,
    series: DecisionSeries,
    category: DecisionCategory,
    financial_value: Decimal,
) -> Decision:
    """Draft the decision an entry expects: its title, summary and office; the entry links to it."""
    entry = ForwardPlanEntry.objects.select_for_update().get(pk=entry.pk)
    if entry.decision_id is not None:
        raise DecisionRefusedError("A decision has already been drafted from this entry.")
    decision = decision_create(
        user=user, series=series, title=entry.title, category=category, office=entry.office,
        financial_value=financial_value, executive_summary=entry.summary,
    )  # fmt: skip
    entry.decision = decision
    stamp(entry, user=user, reason=f"{decision.reference} drafted from it")
    entry.save(update_fields=["decision", "updated_at"])
    return decision
