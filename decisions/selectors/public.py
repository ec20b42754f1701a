"""Reads of decisions that span relations: the public register, programmes and open data.

Everything here is for the public: only published decisions, and never Part 2.
"""

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import (
    BooleanField,
    Count,
    Exists,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Window,
)
from django.db.models.expressions import RawSQL
from django.http import Http404

from decisions import search
from decisions.cache import version_cached
from decisions.models import (
    ApprovedAgreement,
    ApprovedContract,
    ApprovedVariation,
    Decision,
    DecisionKind,
    DecisionLink,
    DecisionSeries,
    Office,
    Recommendation,
    Section,
)
from grants.models import GrantAgreement, GrantVariation, MatchFunding, Programme

_SLUG = re.compile(r"^(?P<series>[a-z]{2,10})-(?P<number>[1-9]\d{0,8})$")


def decision_list_published() -> QuerySet[Decision]:
    """Published decisions, newest signed first, with the columns the list shows.

    Not their series: a search ranks every match before it keeps 20, and a join (and the
    unused columns) carried through that costs more than the ranking; see series_by_id().
    """
    return (
        Decision.objects.published()
        .only("series", "number", "title", "executive_summary", "signed_at", "signed_by_name")
        .newest_first()
    )


def series_by_id() -> dict[int, DecisionSeries]:
    """Every decision series, by id (a handful), kept under the public version."""
    return version_cached("series-by-id", DecisionSeries.objects.in_bulk)


def offices_by_id() -> dict[int, Office]:
    """Every office, by id (a handful), kept under the public version."""
    return version_cached("offices-by-id", Office.objects.in_bulk)


def one_of(rows: dict, model, pk: int):
    """`rows[pk]` from a kept map, or read afresh if it is not there (made since, elsewhere)."""
    row = rows.get(pk)
    return row if row is not None else model.objects.get(pk=pk)


def decision_register(query: search.RegisterQuery, *, counted: bool = False) -> QuerySet[Decision]:
    """The register's results for `query`: filtered, searched and ranked, newest first.

    `counted`: each row carries `total`, how many match in all (a window count), so a page and
    its count take one query, not two.
    """
    decisions = search.apply_filters(decision_list_published(), query)
    narrowed = bool(query.year or query.decision_by or query.series or query.kind)
    decisions = search.apply_search(decisions, query.text, narrowed=narrowed)
    return decisions.annotate(total=Window(Count("*"))) if counted else decisions


def published_count() -> int:
    """How many decisions the register holds."""
    return Decision.objects.published().count()


def _in_order(lookup: str, model) -> Prefetch:
    # By position alone: the models' default order goes through the decision and its series,
    # two joins per prefetch for nothing (the rows are grouped by decision in Python anyway).
    return Prefetch(lookup, queryset=model.objects.order_by("position"))


def register_filter_options() -> dict[str, list]:
    """The years, decision makers, series and kinds a reader can filter the register by."""
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
    return {
        "years": _years_signed(), "makers": list(makers), "series": list(series),
        "kinds": DecisionKind.choices,
    }  # fmt: skip


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


def _contracts() -> Prefetch:
    """A decision's contracts with their suppliers, soonest start first (one query)."""
    approvals = ApprovedContract.objects.select_related("contract__supplier")
    return Prefetch(
        "contract_approvals", queryset=approvals.order_by("contract__starts_on", "contract_id")
    )


def decision_get_published(*, slug: str) -> Decision:
    """The published decision whose slug is `slug` (e.g. `pcd-867`), with its parts; else 404.

    Its series and office come from series_by_id() and offices_by_id(), not joined.
    """
    match = _SLUG.match(slug)
    if not match:
        raise Http404("No such decision")
    code = match["series"].upper()
    series = next((each for each in series_by_id().values() if each.code == code), None)
    series = series or DecisionSeries.objects.filter(code=code).first()  # made since, elsewhere
    queryset = (
        Decision.objects.published()
        .defer("search_vector")
        .prefetch_related(
            _in_order("recommendations", Recommendation),
            _in_order("sections", Section),
            _contracts(),
        )
    )
    try:
        decision = queryset.get(series=series, number=int(match["number"]))
    except Decision.DoesNotExist as missing:
        raise Http404("No such decision") from missing
    decision.series = series
    decision.office = one_of(offices_by_id(), Office, decision.office_id)
    return decision


def decision_related(decision: Decision) -> list[tuple[str, Decision]]:
    """Published decisions linked to `decision`, both ways, as (how they relate, decision).

    Its own links first, then those from later decisions ("... by"), each oldest signed first.
    """
    published = Decision.Status.PUBLISHED
    links = DecisionLink.objects.filter(
        Q(source=decision, target__status=published) | Q(target=decision, source__status=published)
    ).select_related("source", "target")
    series = series_by_id()
    outgoing, incoming = [], []
    for link in links:
        for end in (link.source, link.target):
            end.series = one_of(series, DecisionSeries, end.series_id)
        if link.source_id == decision.pk:
            outgoing.append((link.target.signed_at, link.pk, link.get_kind_display(), link.target))
        else:
            incoming.append(
                (link.source.signed_at, link.pk, f"{link.get_kind_display()} by", link.source)
            )
    return [(how, other) for _signed, _pk, how, other in sorted(outgoing) + sorted(incoming)]


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


def decision_open_data() -> QuerySet[Decision]:
    """Published decisions with the fields the decisions dataset shows, newest published first.

    Their parts come from decision_open_data_parts(), for a page at a time; their series and
    office are not joined (series_by_id(), offices_by_id(): a handful, shared by every row).
    """
    return (
        Decision.objects.published()
        .only(
            "series", "office", "number", "title", "executive_summary", "signed_by_name",
            "signed_at", "published_at", "financial_value", "has_part2", "kind",
            "value_publication",
        )
        .order_by("-published_at", "-number")
    )  # fmt: skip


@dataclass
class DecisionParts:
    """What the decisions dataset shows of one decision beyond its own fields (Part 1 only)."""

    recommendations: list[str] = field(default_factory=list)
    sections: list[tuple[str, str]] = field(default_factory=list)  # (heading, body), in order
    links: list[DecisionLink] = field(default_factory=list)  # to published decisions
    approvals: list[ApprovedAgreement] = field(default_factory=list)
    contracts: list = field(default_factory=list)  # contracts.models.Contract, soonest first
    variations: list[GrantVariation] = field(default_factory=list)  # made by it (issue 10)
    match_funding: dict[int, list[MatchFunding]] = field(default_factory=dict)  # by agreement


def _any_of(model, field: str, ids: list[int]) -> RawSQL:
    """`model.field = ANY(ids)`, one array parameter.

    Django's IN list prepares each of a hundred values, for each query; and Postgres estimates
    `IN (SELECT unnest(...))` badly enough to scan a whole table rather than use the index.
    """
    column = model._meta.get_field(field).column
    sql = f'"{model._meta.db_table}"."{column}" = ANY(%s)'  # names from the model, not input
    return RawSQL(sql, (ids,), output_field=BooleanField())  # noqa: S611


def decision_open_data_parts(decisions: Iterable[Decision]) -> dict[int, DecisionParts]:
    """The parts of `decisions`, by decision id, in five queries whatever their number.

    Plain rows for the recommendations and sections (hundreds a page, text only): model
    instances and prefetch_related's managers cost ten times the queries themselves.
    """
    parts = {decision.pk: DecisionParts() for decision in decisions}
    ids = list(parts)
    recommendations = Recommendation.objects.filter(_any_of(Recommendation, "decision", ids))
    for decision_id, text in recommendations.order_by("position").values_list(
        "decision_id", "text"
    ):
        parts[decision_id].recommendations.append(text)
    sections = Section.objects.filter(_any_of(Section, "decision", ids)).order_by("position")
    for decision_id, heading, body in sections.values_list("decision_id", "heading", "body"):
        parts[decision_id].sections.append((heading, body))
    links = DecisionLink.objects.filter(
        _any_of(DecisionLink, "source", ids), target__status=Decision.Status.PUBLISHED
    ).select_related("target__series")
    for link in links.order_by("pk"):
        parts[link.source_id].links.append(link)
    approvals = ApprovedAgreement.objects.filter(
        _any_of(ApprovedAgreement, "decision", ids)
    ).select_related("agreement__funder", "agreement__recipient", "agreement__parent")
    for approval in approvals.order_by("pk"):
        parts[approval.decision_id].approvals.append(approval)
    contracts = ApprovedContract.objects.filter(_any_of(ApprovedContract, "decision", ids))
    for approval in contracts.select_related("contract__supplier").order_by(
        "contract__starts_on", "contract_id"
    ):
        parts[approval.decision_id].contracts.append(approval.contract)
    _add_variations_and_match_funding(parts, ids)
    return parts


def _add_variations_and_match_funding(parts: dict[int, DecisionParts], ids: list[int]) -> None:
    """The variations the decisions make and their agreements' match funding: two queries."""
    made = ApprovedVariation.objects.filter(_any_of(ApprovedVariation, "decision", ids))
    for approval in made.select_related("variation__agreement").order_by("pk"):
        parts[approval.decision_id].variations.append(approval.variation)
    owners = defaultdict(list)  # agreement id -> the decisions whose approvals list it
    for decision_id, each in parts.items():
        for approval in each.approvals:
            owners[approval.agreement_id].append(decision_id)
    lines = MatchFunding.objects.filter(_any_of(MatchFunding, "agreement", list(owners)))
    for line in lines.select_related("source").order_by("financial_year", "pk"):
        for decision_id in owners[line.agreement_id]:
            parts[decision_id].match_funding.setdefault(line.agreement_id, []).append(line)


def decision_feed(*, limit: int = 50) -> QuerySet[Decision]:
    """The most recently published decisions, for the Atom feed."""
    return (
        Decision.objects.published()
        .select_related("series")
        .defer("search_vector")
        .order_by("-published_at", "-number")[:limit]
    )
