"""Reads of the forward plan: what the public sees, and the staff list."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import QuerySet
from django.utils.timezone import localdate

from decisions.models import Decision, ForwardPlanEntry

# How long a taken decision stays on the public plan after its expected month, in months.
SHOWN_AFTER = 12


class PlanStatus:
    EXPECTED = "Expected"
    IN_PREPARATION = "In preparation"
    SLIPPED = "Slipped"
    TAKEN = "Taken"


@dataclass(frozen=True)
class PlanItem:
    entry: ForwardPlanEntry
    status: str
    decision: Decision | None  # the published decision it links to, if any


def _months_before(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 - months
    return date(index // 12, index % 12 + 1, 1)


def plan_status(entry: ForwardPlanEntry, today: date) -> str:
    """Expected, in preparation (drafted), slipped (not taken by its month's end), or taken."""
    decision = entry.decision
    if decision is not None and decision.is_signed:
        return PlanStatus.TAKEN
    if entry.slipped_on(today):
        return PlanStatus.SLIPPED
    return PlanStatus.IN_PREPARATION if decision is not None else PlanStatus.EXPECTED


def _entries() -> QuerySet[ForwardPlanEntry]:
    return ForwardPlanEntry.objects.select_related(
        "office", "programme", "decision__series"
    ).order_by("expected_month", "title", "pk")


def forward_plan_public(today: date | None = None) -> list[PlanItem]:
    """The public forward plan: every entry from a year back on, with its status; a taken
    decision links to its page once published. Nothing of a draft but that it exists."""
    today = today or localdate()
    entries = _entries().filter(expected_month__gte=_months_before(today, SHOWN_AFTER))
    items = []
    for entry in entries:
        published = entry.decision if _is_published(entry.decision) else None
        items.append(PlanItem(entry, plan_status(entry, today), published))
    return items


def _is_published(decision: Decision | None) -> bool:
    return decision is not None and decision.status == Decision.Status.PUBLISHED


def forward_plan_for_staff() -> list[PlanItem]:
    """Every entry, with its status and the decision drafted from it (in any state)."""
    today = localdate()
    return [PlanItem(entry, plan_status(entry, today), entry.decision) for entry in _entries()]
