"""Drafting: create a decision, edit its details, parts, Part 2, grant agreements and links."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from django.db import transaction
from django.db.models import Max

from alpha_hub.history import stamp
from decisions import permissions
from decisions.models import (
    ApprovedAgreement,
    Decision,
    DecisionLink,
    DecisionSeries,
    Recommendation,
    RestrictedPart,
    Section,
)
from decisions.services._base import DecisionRefusedError, lock_for_edit
from grants.models import GrantAgreement

DRAFT_FIELDS = frozenset(
    {
        "title",
        "category",
        "executive_summary",
        "decision_maker_role",
        "financial_value",
        "dpia",
        "equality_assessment",
    }
)
LINKABLE_STATUSES = Decision.SIGNED_STATUSES


@transaction.atomic
def decision_create(
    *,
    user,
    series: DecisionSeries,
    title: str,
    category,
    decision_maker_role: str,
    financial_value: Decimal,
    executive_summary: str = "",
    agreements: Iterable[GrantAgreement] = (),
    links: Iterable[tuple[str, Decision]] = (),
) -> Decision:
    """A new draft with the next number in its series (the series row is locked to assign it)."""
    if not permissions.can_create_decision(user):
        raise DecisionRefusedError("Only drafting officers can create decisions.")
    series = DecisionSeries.objects.select_for_update().get(pk=series.pk)
    highest = Decision.objects.filter(series=series).aggregate(n=Max("number"))["n"] or 0
    decision = Decision(
        series=series,
        number=highest + 1,
        title=title,
        category=category,
        decision_maker_role=decision_maker_role,
        financial_value=financial_value,
        executive_summary=executive_summary,
        drafted_by=user,
    )
    stamp(decision, user=user, reason="Drafted")
    decision.save()
    _agreements_add(decision, user=user, agreements=agreements)
    for kind, target in links:
        _link_add(decision, user=user, target=target, kind=kind)
    return decision


@transaction.atomic
def decision_update(*, decision: Decision, user, reason: str = "Edited", **fields) -> Decision:
    """Change the drafting fields of a draft or returned decision."""
    unknown = set(fields) - DRAFT_FIELDS
    if unknown:
        raise DecisionRefusedError(
            "These fields cannot be changed here: " + ", ".join(sorted(unknown))
        )
    decision = lock_for_edit(decision, user)
    for name, value in fields.items():
        setattr(decision, name, value)
    stamp(decision, user=user, reason=reason)
    decision.save()
    return decision


@transaction.atomic
def decision_part2_set(
    *, decision: Decision, user, has_part2: bool, exemption_ground: str = "", body: str = ""
) -> Decision:
    """Record whether there is a Part 2, its exemption ground and its confidential text."""
    decision = lock_for_edit(decision, user)
    exemption_ground, body = exemption_ground.strip(), body.strip()
    if has_part2 and not (exemption_ground and body):
        raise DecisionRefusedError("A Part 2 needs its exemption ground and its text.")
    existing = RestrictedPart.objects.filter(decision=decision).first()
    if has_part2:
        part = existing or RestrictedPart(decision=decision)
        part.body = body
        stamp(part, user=user, reason="Part 2 written")
        part.save()
    elif existing:
        stamp(existing, user=user, reason="Part 2 removed")
        existing.delete()
    decision.has_part2 = has_part2
    decision.part2_exemption_ground = exemption_ground if has_part2 else ""
    stamp(decision, user=user, reason="Part 2 recorded")
    decision.save(update_fields=["has_part2", "part2_exemption_ground", "updated_at"])
    return decision


def _agreements_add(decision: Decision, *, user, agreements: Iterable[GrantAgreement]) -> None:
    existing = set(decision.approvals.values_list("agreement_id", flat=True))
    for agreement in agreements:
        if agreement.pk not in existing:
            approval = ApprovedAgreement(decision=decision, agreement=agreement)
            stamp(approval, user=user, reason="Grant agreement linked")
            approval.save()


@transaction.atomic
def decision_agreements_set(
    *, decision: Decision, user, agreements: Iterable[GrantAgreement]
) -> None:
    """Make the decision approve exactly `agreements`."""
    decision = lock_for_edit(decision, user)
    agreements = list(agreements)
    keep = {agreement.pk for agreement in agreements}
    for approval in decision.approvals.exclude(agreement_id__in=keep):
        stamp(approval, user=user, reason="Grant agreement unlinked")
        approval.delete()
    _agreements_add(decision, user=user, agreements=agreements)


def _link_add(decision: Decision, *, user, target: Decision, kind: str) -> DecisionLink:
    if target.pk == decision.pk:
        raise DecisionRefusedError("A decision cannot be linked to itself.")
    if target.status not in LINKABLE_STATUSES:
        raise DecisionRefusedError(
            f"{target.reference} is not signed: link only to earlier decisions."
        )
    if DecisionLink.objects.filter(source=decision, target=target, kind=kind).exists():
        raise DecisionRefusedError(
            f"This decision is already linked to {target.reference} that way."
        )
    link = DecisionLink(source=decision, target=target, kind=kind)
    stamp(link, user=user, reason="Earlier decision linked")
    link.save()
    return link


@transaction.atomic
def decision_link_add(*, decision: Decision, user, target: Decision, kind: str) -> DecisionLink:
    """Link the decision to an earlier, signed one (continues, varies, supersedes, refers to)."""
    decision = lock_for_edit(decision, user)
    return _link_add(decision, user=user, target=target, kind=kind)


@transaction.atomic
def decision_link_remove(*, link: DecisionLink, user) -> None:
    """Remove a link from a draft or returned decision."""
    lock_for_edit(link.source, user)
    stamp(link, user=user, reason="Link removed")
    link.delete()


# Numbered parts: recommendations and sections ----------------------------------------------


def _next_position(model, decision: Decision) -> int:
    highest = model.objects.filter(decision=decision).aggregate(n=Max("position"))["n"]
    return (highest or 0) + 1


def _part_add(model, *, decision: Decision, user, **fields):
    decision = lock_for_edit(decision, user)
    part = model(decision=decision, position=_next_position(model, decision), **fields)
    stamp(part, user=user, reason=f"{model._meta.verbose_name.capitalize()} added")
    part.save()
    return part


def _part_update(part, *, user, **fields):
    lock_for_edit(part.decision, user)
    part = type(part).objects.select_for_update().get(pk=part.pk)
    for name, value in fields.items():
        setattr(part, name, value)
    stamp(part, user=user, reason=f"{part._meta.verbose_name.capitalize()} {part.position} edited")
    part.save()
    return part


def _part_move(part, *, user, up: bool) -> None:
    """Swap the part with its neighbour; the unique position is checked at commit."""
    decision = lock_for_edit(part.decision, user)
    siblings = list(type(part).objects.select_for_update().filter(decision=decision))
    index = next(i for i, sibling in enumerate(siblings) if sibling.pk == part.pk)
    other = index - 1 if up else index + 1
    if not 0 <= other < len(siblings):
        return
    first, second = siblings[index], siblings[other]
    first.position, second.position = second.position, first.position
    for moved in (first, second):
        stamp(moved, user=user, reason="Reordered")
        moved.save(update_fields=["position", "updated_at"])


def _part_remove(part, *, user) -> None:
    decision = lock_for_edit(part.decision, user)
    siblings = type(part).objects.select_for_update().filter(decision=decision)
    part = siblings.get(pk=part.pk)
    removed = part.position
    stamp(part, user=user, reason=f"{part._meta.verbose_name.capitalize()} {removed} removed")
    part.delete()
    for later in siblings.filter(position__gt=removed).order_by("position"):
        later.position -= 1
        stamp(later, user=user, reason="Renumbered")
        later.save(update_fields=["position", "updated_at"])


@transaction.atomic
def recommendation_add(*, decision: Decision, user, text: str) -> Recommendation:
    """Add a recommendation at the end."""
    return _part_add(Recommendation, decision=decision, user=user, text=text)


@transaction.atomic
def recommendation_update(*, recommendation: Recommendation, user, text: str) -> Recommendation:
    """Change a recommendation's text."""
    return _part_update(recommendation, user=user, text=text)


@transaction.atomic
def recommendation_move(*, recommendation: Recommendation, user, up: bool) -> None:
    """Move a recommendation one place up or down."""
    _part_move(recommendation, user=user, up=up)


@transaction.atomic
def recommendation_remove(*, recommendation: Recommendation, user) -> None:
    """Remove a recommendation and renumber the rest."""
    _part_remove(recommendation, user=user)


@transaction.atomic
def section_add(*, decision: Decision, user, kind: str, heading: str, body: str) -> Section:
    """Add a section at the end."""
    return _part_add(Section, decision=decision, user=user, kind=kind, heading=heading, body=body)


@transaction.atomic
def section_update(*, section: Section, user, kind: str, heading: str, body: str) -> Section:
    """Change a section's heading and text."""
    return _part_update(section, user=user, kind=kind, heading=heading, body=body)


@transaction.atomic
def section_move(*, section: Section, user, up: bool) -> None:
    """Move a section one place up or down."""
    _part_move(section, user=user, up=up)


@transaction.atomic
def section_remove(*, section: Section, user) -> None:
    """Remove a section and renumber the rest."""
    _part_remove(section, user=user)
