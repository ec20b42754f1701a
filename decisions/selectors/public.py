"""Reads of decisions that span relations: the public register, programmes and open data.

Everything here is for the public: only published decisions, and never Part 2.
"""

import re
from datetime import datetime

from django.db import connection
from django.db.models import Exists, Min, OuterRef, Prefetch, Q, QuerySet, Sum
from django.http import Http404

from decisions import search
from decisions.models import ApprovedAgreement, Decision, DecisionLink, DecisionSeries
from grants.models import GrantAgreement, Programme

_SLUG = re.compile(r"^(?P<series>[a-z]{2,10})-(?P<number>[1-9]\d{0,8})$")
# Agreements the public may read about: approved by a published decision and not withdrawn.
_PUBLIC_AGREEMENT_STATUSES = (
    GrantAgreement.Status.APPROVED,
    GrantAgreement.Status.ACTIVE,
    GrantAgreement.Status.CLOSED,
)


def decision_list_published() -> QuerySet[Decision]:
    """Published decisions, newest signed first, with what the list shows."""
    return (
        Decision.objects.published().select_related("series").defer("search_vector").newest_first()
    )


def decision_register(query: search.RegisterQuery) -> QuerySet[Decision]:
    """The register's results for `query`: filtered, searched and ranked, newest first."""
    decisions = search.apply_filters(decision_list_published(), query)
    return search.apply_search(decisions, query.text)


def register_filter_options() -> dict[str, list]:
    """The years, decision makers and series a reader can filter the register by."""
    published = Decision.objects.published()
    makers = (
        published.exclude(signed_by_name="")
        .order_by("signed_by_name")
        .values_list("signed_by_name", flat=True)
        .distinct()
    )
    series = DecisionSeries.objects.filter(
        Exists(Decision.objects.published().filter(series=OuterRef("pk")))
    )
    return {"years": _years_signed(), "makers": list(makers), "series": list(series)}


# The years with a published decision, newest first, in London time. A year-by-year probe of the
# register's order index (migration 0004) rather than a DISTINCT over every decision's date.
_YEARS_SIGNED = """
WITH bounds AS (
    SELECT EXTRACT(YEAR FROM MIN(signed_at) AT TIME ZONE %(zone)s)::int AS first,
           EXTRACT(YEAR FROM MAX(signed_at) AT TIME ZONE %(zone)s)::int AS last
    FROM decisions_decision WHERE status = %(published)s
)
SELECT year FROM bounds, generate_series(bounds.first, bounds.last) AS year
WHERE EXISTS (
    SELECT 1 FROM decisions_decision
    WHERE status = %(published)s
      AND signed_at >= make_timestamptz(year, 1, 1, 0, 0, 0, %(zone)s)
      AND signed_at < make_timestamptz(year + 1, 1, 1, 0, 0, 0, %(zone)s)
)
ORDER BY year DESC
"""


def _years_signed() -> list[int]:
    params = {"zone": search.LONDON.key, "published": Decision.Status.PUBLISHED.value}
    with connection.cursor() as cursor:
        cursor.execute(_YEARS_SIGNED, params)
        return [year for (year,) in cursor.fetchall()]


def decision_get_published(*, slug: str) -> Decision:
    """The published decision whose slug is `slug` (e.g. `pcd-867`), with its parts; else 404."""
    match = _SLUG.match(slug)
    if not match:
        raise Http404("No such decision")
    queryset = (
        Decision.objects.published()
        .select_related("series")
        .defer("search_vector")
        .prefetch_related("recommendations", "sections")
    )
    try:
        return queryset.get(series__code=match["series"].upper(), number=int(match["number"]))
    except Decision.DoesNotExist as missing:
        raise Http404("No such decision") from missing


def decision_related(decision: Decision) -> list[tuple[str, Decision]]:
    """Published decisions linked to `decision`, both ways, as (how they relate, decision)."""
    published = Decision.Status.PUBLISHED
    outgoing = DecisionLink.objects.filter(source=decision, target__status=published)
    incoming = DecisionLink.objects.filter(target=decision, source__status=published)
    related = [
        (link.get_kind_display(), link.target)
        for link in outgoing.select_related("target__series").order_by("target__signed_at")
    ]
    related += [
        (f"{link.get_kind_display()} by", link.source)
        for link in incoming.select_related("source__series").order_by("source__signed_at")
    ]
    return related


def decision_agreements(decision: Decision) -> list[GrantAgreement]:
    """The grant agreements `decision` approves, with funder, recipient and programme."""
    return list(
        GrantAgreement.objects.filter(approvals__decision=decision)
        .select_related("funder", "recipient", "programme")
        .order_by("programme__name", "direction", "reference")
    )


def programme_get_public(*, slug: str) -> Programme:
    """A programme with at least one published decision; else 404 (drafts reveal nothing)."""
    programme = (
        Programme.objects.select_related("host", "sponsor")
        .filter(slug=slug[:100], agreements__approvals__decision__status=Decision.Status.PUBLISHED)
        .distinct()
        .first()
    )
    if programme is None:
        raise Http404("No such programme")
    return programme


def programme_decisions(programme: Programme) -> QuerySet[Decision]:
    """The published decisions approving `programme`'s agreements, oldest first, with amounts."""
    in_programme = Q(approvals__agreement__programme=programme)
    return (
        Decision.objects.published()
        .filter(in_programme)
        .select_related("series")
        .defer("search_vector")
        .annotate(amount_approved=Sum("approvals__agreement__amount_awarded", filter=in_programme))
        .order_by("signed_at", "number")
    )


def decision_open_data() -> QuerySet[Decision]:
    """Published decisions with everything the decisions dataset shows (Part 1 only)."""
    published = Decision.Status.PUBLISHED
    return (
        Decision.objects.published()
        .select_related("series")
        .defer("search_vector")
        .prefetch_related(
            "recommendations",
            "sections",
            Prefetch(
                "links_out",
                queryset=DecisionLink.objects.filter(target__status=published).select_related(
                    "target__series"
                ),
            ),
            Prefetch(
                "approvals",
                queryset=ApprovedAgreement.objects.select_related(
                    "agreement__funder", "agreement__recipient"
                ),
            ),
        )
        .order_by("-published_at", "-number")
    )


def decision_feed(*, limit: int = 50) -> QuerySet[Decision]:
    """The most recently published decisions, for the Atom feed."""
    return (
        Decision.objects.published()
        .select_related("series")
        .defer("search_vector")
        .order_by("-published_at", "-number")[:limit]
    )


def grants_open_data() -> QuerySet[GrantAgreement]:
    """Outgoing grants approved by a published decision: the 360Giving export's rows.

    Each row carries `awarded_at`, when the earliest published decision approving it was signed.
    """
    published = Q(approvals__decision__status=Decision.Status.PUBLISHED)
    return (
        GrantAgreement.objects.filter(
            published,
            direction=GrantAgreement.Direction.OUTGOING,
            status__in=_PUBLIC_AGREEMENT_STATUSES,
        )
        .select_related("funder", "recipient", "programme")
        .annotate(awarded_at=Min("approvals__decision__signed_at", filter=published))
        .order_by("starts_on", "reference")
    )


def last_published_at() -> datetime | None:
    """When a decision was last published: the feed's and datasets' modification time."""
    latest = Decision.objects.published().order_by("-published_at")
    return latest.values_list("published_at", flat=True).first()
