"""Drafting: create a decision, edit its details, parts, Part 2, grant agreements and links.

Every editing service takes a `reason`. A draft that was never submitted records automatic
reasons ("Recommendation 2 edited"); once submitted, the person must type why, and every history
row the edit writes records it (`start_edit` checks it, docs/adr/0014).
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from django.db import transaction
from django.db.models import Max

from decisions import permissions
from decisions.models import (
    ApprovedAgreement,
    Decision,
    DecisionLink,
    DecisionSeries,
    NumberReservation,
    Office,
    Recommendation,
    RestrictedPart,
    Section,
)
from decisions.services._base import (
    DecisionRefusedError,
    Edit,
    lock_for_edit,
    refuse_if,
    start_edit,
)
from grants.models import GrantAgreement

DRAFT_FIELDS = frozenset(
    {
        "title",
        "category",
        "executive_summary",
        "office",
        "financial_value",
        "kind",
        "value_publication",
        "dpia",
        "equality_assessment",
    }
)
LINKABLE_STATUSES = Decision.SIGNED_STATUSES


def series_next_number(series: DecisionSeries) -> int:
    """The highest number in use in `series`, by a decision or a reservation, plus one: a
    historic import or a reserved number is never given to a new draft (docs/import.md)."""
    decided = Decision.objects.filter(series=series).aggregate(n=Max("number"))["n"] or 0
    reserved = NumberReservation.objects.filter(series=series).aggregate(n=Max("number"))["n"]
    return max(decided, reserved or 0) + 1


@transaction.atomic
def decision_create(
    *,
    user,
    series: DecisionSeries,
    title: str,
    category,
    office: Office,
    financial_value: Decimal,
    executive_summary: str = "",
    agreements: Iterable[GrantAgreement] = (),
    links: Iterable[tuple[str, Decision]] = (),
    kind: str = "",
    value_publication: str = Decision.ValuePublication.EXACT,
) -> Decision:
    """A new draft with the next number in its series (the series row is locked to assign it):
    the highest in use plus one. Its kind, unless given, is a grant if it approves agreements."""
    if not permissions.can_create_decision(user):
        raise DecisionRefusedError("Only drafting officers can create decisions.")
    agreements = list(agreements)
    kind = kind or (Decision.Kind.GRANT if agreements else Decision.Kind.OTHER)
    refuse_if(value_problems(kind=kind, value=financial_value, publication=value_publication))
    series = DecisionSeries.objects.select_for_update().get(pk=series.pk)
    decision = Decision(
        series=series,
        number=series_next_number(series),
        title=title,
        category=category,
        office=office,
        financial_value=financial_value,
        kind=kind,
        value_publication=value_publication,
        executive_summary=executive_summary,
        drafted_by=user,
    )
    edit = Edit(decision=decision, user=user)
    edit.stamp(decision, "Drafted")
    decision.save()
    _agreements_add(edit, agreements=agreements)
    for kind, target in links:
        _link_add(edit, target=target, kind=kind)
    return decision


@transaction.atomic
def decision_update(*, decision: Decision, user, reason: str = "", **fields) -> Decision:
    """Change the drafting fields of a draft or returned decision."""
    unknown = set(fields) - DRAFT_FIELDS
    if unknown:
        raise DecisionRefusedError(
            "These fields cannot be changed here: " + ", ".join(sorted(unknown))
        )
    edit = start_edit(decision, user, reason)
    decision = edit.decision
    for name, value in fields.items():
        setattr(decision, name, value)
    refuse_if(
        value_problems(
            kind=decision.kind, value=decision.financial_value,
            publication=decision.value_publication, part2_covers=decision.part2_covers_value,
        )
    )  # fmt: skip
    edit.stamp(decision, "Edited")
    decision.save()
    return decision


@transaction.atomic
def decision_part2_set(
    *,
    decision: Decision,
    user,
    has_part2: bool,
    exemption_ground: str = "",
    body: str = "",
    covers_value: bool = False,
    reason: str = "",
) -> Decision:
    """Record whether there is a Part 2, its exemption ground and its confidential text, and
    whether it covers the financial value (which is then withheld: the only choice left)."""
    edit = start_edit(decision, user, reason)
    decision = edit.decision
    exemption_ground, body = exemption_ground.strip(), body.strip()
    if has_part2 and not (exemption_ground and body):
        raise DecisionRefusedError("A Part 2 needs its exemption ground and its text.")
    existing = RestrictedPart.objects.filter(decision=decision).first()
    if has_part2:
        part = existing or RestrictedPart(decision=decision)
        part.body = body
        edit.stamp(part, "Part 2 written")
        part.save()
    elif existing:
        edit.stamp(existing, "Part 2 removed")
        existing.delete()
    decision.has_part2 = has_part2
    decision.part2_exemption_ground = exemption_ground if has_part2 else ""
    decision.part2_covers_value = has_part2 and covers_value
    if decision.part2_covers_value:
        decision.value_publication = Decision.ValuePublication.WITHHELD
    edit.stamp(decision, "Part 2 recorded")
    decision.save(
        update_fields=[
            "has_part2", "part2_exemption_ground", "part2_covers_value", "value_publication",
            "updated_at",
        ]
    )  # fmt: skip
    return decision


def value_problems(
    *, kind: str, value: Decimal, publication: str, part2_covers: bool = False
) -> list[str]:
    """Why the kind or the way the value is published cannot be saved (the database agrees)."""
    problems = []
    if kind not in Decision.Kind.values:
        problems.append("Choose what kind of decision this is.")
    if publication not in Decision.ValuePublication.values:
        problems.append("Choose how the financial value is published.")
    elif part2_covers and publication != Decision.ValuePublication.WITHHELD:
        problems.append(
            "Part 2 covers the financial value, so it must be withheld: change Part 2 first to "
            "publish it."
        )
    elif publication == Decision.ValuePublication.UP_TO and not value:
        problems.append("A value published as “up to” must be more than £0.00.")
    return problems


def _agreements_add(edit: Edit, *, agreements: Iterable[GrantAgreement]) -> None:
    existing = set(edit.decision.approvals.values_list("agreement_id", flat=True))
    for agreement in agreements:
        if agreement.pk not in existing:
            approval = ApprovedAgreement(decision=edit.decision, agreement=agreement)
            edit.stamp(approval, "Grant agreement linked")
            approval.save()


@transaction.atomic
def decision_agreements_set(
    *, decision: Decision, user, agreements: Iterable[GrantAgreement], reason: str = ""
) -> None:
    """Make the decision approve exactly `agreements`."""
    edit = start_edit(decision, user, reason)
    agreements = list(agreements)
    keep = {agreement.pk for agreement in agreements}
    for approval in edit.decision.approvals.exclude(agreement_id__in=keep):
        edit.stamp(approval, "Grant agreement unlinked")
        approval.delete()
    _agreements_add(edit, agreements=agreements)


def _link_add(edit: Edit, *, target: Decision, kind: str) -> DecisionLink:
    decision = edit.decision
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
    edit.stamp(link, "Earlier decision linked")
    link.save()
    return link


@transaction.atomic
def decision_link_add(
    *, decision: Decision, user, target: Decision, kind: str, reason: str = ""
) -> DecisionLink:
    """Link the decision to an earlier, signed one (continues, varies, supersedes, refers to)."""
    return _link_add(start_edit(decision, user, reason), target=target, kind=kind)


@transaction.atomic
def decision_link_remove(*, link: DecisionLink, user, reason: str = "") -> None:
    """Remove a link from a draft or returned decision."""
    edit = start_edit(link.source, user, reason)
    link = DecisionLink.objects.select_for_update().filter(pk=link.pk).first()
    if link is None:
        raise DecisionRefusedError("That link has already been removed.")
    edit.stamp(link, "Link removed")
    link.delete()


# Numbered parts: recommendations and sections ----------------------------------------------


def _next_position(model, decision: Decision) -> int:
    highest = model.objects.filter(decision=decision).aggregate(n=Max("position"))["n"]
    return (highest or 0) + 1


def _label(part) -> str:
    return part._meta.verbose_name.capitalize()


def _locked_parts(part, decision: Decision) -> list:
    """The decision's parts of `part`'s kind, locked, in order; refused if `part` has gone.

    Someone may have removed it first (two tabs, or two people at once).
    """
    siblings = list(type(part).objects.select_for_update().filter(decision=decision))
    if not any(sibling.pk == part.pk for sibling in siblings):
        raise DecisionRefusedError(f"That {part._meta.verbose_name} has already been removed.")
    return siblings


def _part_add(model, *, decision: Decision, user, reason: str, **fields):
    edit = start_edit(decision, user, reason)
    part = model(decision=edit.decision, position=_next_position(model, edit.decision), **fields)
    edit.stamp(part, f"{_label(part)} added")
    part.save()
    return part


def _part_update(part, *, user, reason: str, **fields):
    edit = start_edit(part.decision, user, reason)
    part = next(p for p in _locked_parts(part, edit.decision) if p.pk == part.pk)
    for name, value in fields.items():
        setattr(part, name, value)
    edit.stamp(part, f"{_label(part)} {part.position} edited")
    part.save()
    return part


def _part_move(part, *, user, up: bool, reason: str) -> None:
    """Swap the part with its neighbour; the unique position is checked at commit."""
    edit = start_edit(part.decision, user, reason)
    siblings = _locked_parts(part, edit.decision)
    index = next(i for i, sibling in enumerate(siblings) if sibling.pk == part.pk)
    other = index - 1 if up else index + 1
    if not 0 <= other < len(siblings):
        return
    first, second = siblings[index], siblings[other]
    first.position, second.position = second.position, first.position
    for moved in (first, second):
        edit.stamp(moved, "Reordered")
        moved.save(update_fields=["position", "updated_at"])


def _part_remove(part, *, user, reason: str) -> None:
    edit = start_edit(part.decision, user, reason)
    siblings = _locked_parts(part, edit.decision)
    part = next(sibling for sibling in siblings if sibling.pk == part.pk)
    removed = part.position
    edit.stamp(part, f"{_label(part)} {removed} removed")
    part.delete()
    for later in (sibling for sibling in siblings if sibling.position > removed):
        later.position -= 1
        edit.stamp(later, "Renumbered")
        later.save(update_fields=["position", "updated_at"])


@transaction.atomic
def recommendation_add(*, decision: Decision, user, text: str, reason: str = "") -> Recommendation:
    """Add a recommendation at the end."""
    return _part_add(Recommendation, decision=decision, user=user, reason=reason, text=text)


@transaction.atomic
def recommendation_update(
    *, recommendation: Recommendation, user, text: str, reason: str = ""
) -> Recommendation:
    """Change a recommendation's text."""
    return _part_update(recommendation, user=user, reason=reason, text=text)


@transaction.atomic
def recommendation_move(
    *, recommendation: Recommendation, user, up: bool, reason: str = ""
) -> None:
    """Move a recommendation one place up or down."""
    _part_move(recommendation, user=user, up=up, reason=reason)


@transaction.atomic
def recommendation_remove(*, recommendation: Recommendation, user, reason: str = "") -> None:
    """Remove a recommendation and renumber the rest."""
    _part_remove(recommendation, user=user, reason=reason)


def _refuse_second_heading(decision: Decision, kind: str, *, but: Section | None = None) -> None:
    """A standard heading appears once in a decision; custom headings may repeat. Checked with
    the decision locked (start_edit), so two tabs cannot both add it."""
    if kind == Section.Kind.CUSTOM:
        return
    others = Section.objects.filter(decision=decision, kind=kind)
    if but is not None:
        others = others.exclude(pk=but.pk)
    if others.exists():
        raise DecisionRefusedError(
            f"{decision.reference} already has a section “{Section.Kind(kind).label}”: "
            "edit that one, or choose another heading."
        )


@transaction.atomic
def section_add(
    *, decision: Decision, user, kind: str, heading: str, body: str, reason: str = ""
) -> Section:
    """Add a section at the end; a standard heading only once."""
    lock_for_edit(decision, user)
    _refuse_second_heading(decision, kind)
    return _part_add(
        Section, decision=decision, user=user, reason=reason, kind=kind, heading=heading, body=body
    )


@transaction.atomic
def section_update(
    *, section: Section, user, kind: str, heading: str, body: str, reason: str = ""
) -> Section:
    """Change a section's heading and text; a standard heading only once."""
    lock_for_edit(section.decision, user)
    _refuse_second_heading(section.decision, kind, but=section)
    return _part_update(section, user=user, reason=reason, kind=kind, heading=heading, body=body)


@transaction.atomic
def section_move(*, section: Section, user, up: bool, reason: str = "") -> None:
    """Move a section one place up or down."""
    _part_move(section, user=user, up=up, reason=reason)


@transaction.atomic
def section_remove(*, section: Section, user, reason: str = "") -> None:
    """Remove a section and renumber the rest."""
    _part_remove(section, user=user, reason=reason)
