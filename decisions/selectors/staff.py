"""Reads for the staff workspace: a decision with its parts, the dashboard queues, the history."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Prefetch, QuerySet
from django.http import Http404

from alpha_hub.roles import Role, has_role
from decisions.models import (
    ApprovedAgreement,
    Clearance,
    ClearanceComment,
    Decision,
    DecisionLink,
    DecisionStatus,
    LinkKind,
)
from decisions.offices import offices_signed_for
from decisions.selectors.readiness import covered_for

S = DecisionStatus
QUEUE_LENGTH = 20
PASSIVE = {
    LinkKind.CONTINUES: "Continued by",
    LinkKind.VARIES: "Varied by",
    LinkKind.SUPERSEDES: "Superseded by",
    LinkKind.REFERS_TO: "Referred to by",
}


def _comments():
    return ClearanceComment.objects.select_related("author", "answered_by", "resolved_by")


def decision_for_staff(*, pk: int) -> Decision:
    """One decision with everything the staff page shows; 404 when there is none."""
    queryset = Decision.objects.select_related(
        "series",
        "category",
        "office",
        "drafted_by",
        "signed_by",
        "part2",
        "signature",
        "imported_in__applied_by",
    ).prefetch_related(
        "recommendations",
        "sections",
        Prefetch("recommendations__comments", queryset=_comments()),
        Prefetch("sections__comments", queryset=_comments()),
        "approvals__agreement",
        Prefetch("clearances", queryset=Clearance.objects.select_related("cleared_by")),
    )
    try:
        return queryset.get(pk=pk)
    except Decision.DoesNotExist as missing:
        raise Http404("No such decision") from missing


@dataclass(frozen=True)
class Queue:
    key: str
    title: str
    count: int
    decisions: list[Decision]


def _queue(key: str, title: str, queryset: QuerySet[Decision]) -> Queue:
    queryset = queryset.select_related("series", "drafted_by")
    return Queue(key, title, queryset.count(), list(queryset[:QUEUE_LENGTH]))


def dashboard_for(user) -> list[Queue]:
    """The queues `user`'s roles give them, each with its count (two queries a queue)."""
    return [_queue(key, title, queryset) for key, title, queryset in queue_querysets(user)]


def queue_querysets(user) -> list[tuple[str, str, QuerySet[Decision]]]:
    """(key, title, decisions) of each queue `user`'s roles give them: the dashboard lists them,
    the header counts those awaiting the user (config.awaiting)."""
    mine = Decision.objects.filter(drafted_by=user)
    others = Decision.objects.exclude(drafted_by=user)
    queues = []
    if has_role(user, Role.OFFICER):
        queues += [
            ("drafts", "My drafts", mine.filter(status=S.DRAFT).order_by("-updated_at")),
            ("returned", "Returned to me", mine.filter(status=S.RETURNED).order_by("-updated_at")),
            (
                "in_progress",
                "My decisions in clearance or awaiting signature",
                mine.filter(status__in=[S.SUBMITTED, S.CLEARED]).order_by("-updated_at"),
            ),
        ]
    if has_role(user, Role.CLEARANCE):
        queues.append(
            (
                "to_clear",
                "Awaiting my clearance",
                others.filter(status=S.SUBMITTED).order_by("updated_at"),
            )
        )
    if has_role(user, Role.DECISION_MAKER):
        queues.append(
            (
                "to_sign",
                "Awaiting my signature",
                # Addressed to an office the user holds or acts for today (docs/adr/0054).
                # Only those a delegation rule lets them sign: never a Sign button that must fail.
                others.filter(status=S.CLEARED, office__in=offices_signed_for(user))
                .filter(covered_for(user))
                .exclude(clearances__cleared_by=user)
                .order_by("updated_at"),
            )
        )
    if has_role(user, Role.OFFICER) or has_role(user, Role.DECISION_MAKER):
        queues.append(
            (
                "to_publish",
                "Signed, awaiting publication",
                Decision.objects.filter(status=S.SIGNED).order_by("signed_at"),
            )
        )
    if has_role(user, Role.FINANCE):
        # Told early: the decision cannot be signed until each agreement's budget reconciles.
        no_budget = ApprovedAgreement.objects.filter(
            decision=OuterRef("pk"), agreement__budgets__isnull=True
        )
        queues.append(
            (
                "needs_budget",
                "In clearance, with a grant agreement that has no budget",
                Decision.objects.filter(status__in=[S.SUBMITTED, S.CLEARED])
                .filter(Exists(no_budget))
                .order_by("updated_at"),
            )
        )
    queues.append(
        (
            "recent",
            "Recently signed",
            Decision.objects.filter(status__in=Decision.SIGNED_STATUSES).order_by("-signed_at"),
        )
    )
    return queues


def decision_related_all(decision: Decision) -> list[tuple[str, Decision]]:
    """Every decision linked to `decision`, both ways and in any state, with the link."""
    outgoing = DecisionLink.objects.filter(source=decision).select_related("target__series")
    incoming = DecisionLink.objects.filter(target=decision).select_related("source__series")
    related = [(link.get_kind_display(), link.target, link) for link in outgoing]
    related += [(PASSIVE[link.kind], link.source, None) for link in incoming]
    return related


@dataclass(frozen=True)
class Event:
    when: object
    who: str
    what: str
    reason: str


def decision_moves_history(decision: Decision) -> list[Event]:
    """Each change of status, from the decision's audit history, oldest first."""
    events, previous = [], None
    records = decision.history.select_related("history_user").order_by("history_date", "pk")
    for record in records.only(
        "status", "status_reason", "history_date", "history_user", "history_change_reason"
    ):
        if record.status != previous:
            who = record.history_user.display_name if record.history_user else "System"
            reason = (
                record.status_reason
                if record.status in (S.RETURNED, S.REJECTED, S.WITHDRAWN)
                else ""
            )
            events.append(Event(record.history_date, who, S(record.status).label, reason))
            previous = record.status
    return events
