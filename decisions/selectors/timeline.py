"""A decision's timeline: every change to it and to what belongs to it, from the audit trail.

What belongs to a decision: every audited model with a foreign key to it (recommendations,
sections, Part 2, clearances, the signature, documents, links, approvals, and whatever is added
later), the records that hang off those (the interests declared with the signature), and the
grant agreements it approves with their funding profiles, budgets and budget lines. Each is a
condition on a history table, so deleted parts stay in the timeline.

The same scopes answer the audit log's "Record reference" filter (registered in
decisions.apps): "PCD 867" names a decision and its parts, "HO-SVSF-ALPHA-2020" an agreement
with its profile and budgets.
"""

from __future__ import annotations

import re

from django.db.models import Q

from alpha_hub.audit import scopes
from alpha_hub.audit.scopes import Scope
from alpha_hub.audit.trail import (
    Cursor,
    Entry,
    TrailFilter,
    audited_models,
    describe_entries,
    trail_page,
)
from budget.models import Budget, BudgetLine, BudgetVariation
from contracts.models import Contract
from decisions.models import ApprovedAgreement, ApprovedContract, ApprovedVariation, Decision
from grants.models import FundingProfileYear, GrantAgreement, GrantVariation

PAGE_SIZE = 200
REFERENCE = re.compile(r"^([A-Za-z]{2,10})\s*-?\s*(\d{1,9})$")


def _history(model):
    return model.history.model.objects


def _owned_by(parent, parent_q: Q) -> Scope:
    """Every audited model with a foreign key to `parent`, limited to the parents in
    `parent_q` (a condition on the parent's history table)."""
    scope: Scope = {}
    parent_ids = None
    for label, model in audited_models().items():
        conditions = Q()
        for field in model._meta.concrete_fields:
            if (field.many_to_one or field.one_to_one) and field.related_model is parent:
                if parent_ids is None:
                    parent_ids = _history(parent).filter(parent_q).values("id")
                conditions |= Q(**{f"{field.attname}__in": parent_ids})
        if conditions:
            scope[label] = conditions
    return scope


def decision_scope(decision_id: int) -> Scope:
    """The history rows of the decision, its parts, and the agreements and budgets it approves."""
    scope: Scope = {Decision._meta.label_lower: Q(id=decision_id)}
    models = audited_models()
    for label, condition in _owned_by(Decision, Q(id=decision_id)).items():
        if label == Decision._meta.label_lower:
            continue  # another decision linked by a field of its own is not a part of this one
        scope[label] = condition
        part = models[label]
        for inner, inner_condition in _owned_by(part, condition).items():
            scope.setdefault(inner, Q())
            scope[inner] = scope[inner] | inner_condition if scope[inner] else inner_condition
    approved = _history(ApprovedAgreement).filter(decision_id=decision_id).values("agreement_id")
    varied = _history(ApprovedVariation).filter(decision_id=decision_id).values("variation_id")
    contracts = _history(ApprovedContract).filter(decision_id=decision_id).values("contract_id")
    scope[GrantVariation._meta.label_lower] = Q(id__in=varied)
    scope[Contract._meta.label_lower] = Q(id__in=contracts)
    return {**scope, **agreement_scope(Q(id__in=approved))}


def agreement_scope(agreement_q: Q) -> Scope:
    """The agreements in `agreement_q` (on their history table), their profiles and budgets."""
    agreements = _history(GrantAgreement).filter(agreement_q).values("id")
    budgets = _history(Budget).filter(agreement_id__in=agreements).values("id")
    return {
        GrantAgreement._meta.label_lower: Q(id__in=agreements),
        FundingProfileYear._meta.label_lower: Q(agreement_id__in=agreements),
        Budget._meta.label_lower: Q(id__in=budgets),
        BudgetLine._meta.label_lower: Q(budget_id__in=budgets),
        BudgetVariation._meta.label_lower: Q(budget_id__in=budgets),
    }


def scope_for_reference(text: str) -> Scope | None:
    """The scope a reference names: a decision ("PCD 867", "pcd867") or an agreement."""
    if match := REFERENCE.match(text.strip()):
        found = Decision.objects.filter(
            series__code__iexact=match[1], number=int(match[2])
        ).values_list("pk", flat=True)
        if found:
            return decision_scope(found[0])
    agreement = GrantAgreement.objects.filter(reference__iexact=text.strip()).first()
    if agreement is not None:
        return agreement_scope(Q(id=agreement.pk))
    return None


def decision_timeline_page(
    decision: Decision, *, after: Cursor | None = None, size: int = PAGE_SIZE
) -> tuple[list[Entry], Cursor | None]:
    """A page of the decision's timeline, newest first, named and described (Part 2 withheld)."""
    entries, next_cursor = trail_page(
        TrailFilter(scope=decision_scope(decision.pk)), after=after, size=size
    )
    describe_entries(entries, withhold=True)
    _drop_the_link_to(decision, entries)
    return entries, next_cursor


def _drop_the_link_to(decision: Decision, entries: list[Entry]) -> None:
    """A part created for this decision says so in every entry ("Decision: PCD 867: ..."):
    on this decision's own timeline that goes without saying."""
    name = str(decision)
    for entry in entries:
        links = {
            field.name
            for field in entry.model._meta.concrete_fields
            if field.is_relation and field.related_model is Decision
        }
        entry.changes = [
            change
            for change in entry.changes
            if not (change.field in links and change.before is None and change.after == name)
        ]


def register_reference_finder() -> None:
    """Let the audit log's "Record reference" filter read decision and agreement references."""
    scopes.register_reference_finder(scope_for_reference)
