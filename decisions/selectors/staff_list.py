"""The staff list of every decision, with its filters and order, and the staff search across
decisions, grant agreements and organisations (issue 13: find your work)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q, QuerySet

from decisions import search
from decisions.models import ApprovedAgreement, Decision
from grants.models import GrantAgreement, Organisation

# ?sort= value: (label, ORM order). The default first.
SORTS = {
    "updated": ("Most recently changed", ("-updated_at", "-pk")),
    "reference": ("Reference", ("series__code", "-number")),
    "title": ("Title", ("title", "pk")),
    "signed": ("Date signed", ("-signed_at", "-pk")),
}
TEXT_MAX = 200


@dataclass(frozen=True)
class StaffQuery:
    """What the staff list is asked for; every value already cleaned (forms.StaffDecisionFilter)."""

    text: str = ""
    status: str = ""
    series: int | None = None
    programme: int | None = None
    officer: int | None = None
    office: int | None = None
    sort: str = "updated"


def decision_list_for_staff(query: StaffQuery) -> QuerySet[Decision]:
    """Every decision that matches `query`, in its order, with what each row shows joined in."""
    decisions = Decision.objects.select_related("series", "office", "drafted_by").defer(
        "search_vector", "executive_summary"
    )
    if query.status:
        decisions = decisions.filter(status=query.status)
    for field in ("series", "office"):
        if getattr(query, field):
            decisions = decisions.filter(**{f"{field}_id": getattr(query, field)})
    if query.officer:
        decisions = decisions.filter(drafted_by_id=query.officer)
    if query.programme:
        approves = ApprovedAgreement.objects.filter(
            decision=OuterRef("pk"), agreement__programme_id=query.programme
        )
        decisions = decisions.filter(Exists(approves))
    if query.text:
        decisions = decisions.filter(_text_match(query.text))
    return decisions.order_by(*SORTS.get(query.sort, SORTS["updated"])[1])


def _text_match(text: str) -> Q:
    """A reference ("PCD 867", "pcd-867", "867") or words of the title."""
    by_title = Q(title__icontains=text)
    reference = search.reference_match(text)
    return by_title | reference if reference is not None else by_title


@dataclass(frozen=True)
class SearchResults:
    decisions: list
    agreements: list
    organisations: list


SEARCH_LIMIT = 20  # of each kind; the lists' own filters go further


def staff_search(text: str) -> SearchResults:
    """Decisions, grant agreements and organisations whose reference, title or name has `text`."""
    if not text:
        return SearchResults([], [], [])
    decisions = decision_list_for_staff(StaffQuery(text=text))
    agreements = GrantAgreement.objects.filter(
        Q(reference__icontains=text) | Q(title__icontains=text)
    ).select_related("funder", "recipient", "programme")
    organisations = Organisation.objects.filter(
        Q(name__icontains=text) | Q(short_name__icontains=text) | Q(org_identifier__iexact=text)
    )
    return SearchResults(
        list(decisions[:SEARCH_LIMIT]),
        list(agreements.order_by("reference")[:SEARCH_LIMIT]),
        list(organisations.order_by("name")[:SEARCH_LIMIT]),
    )
