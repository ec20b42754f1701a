"""The public register's search and filters: Postgres full-text search, reference look-up.

Reading the query string never fails: text is cleaned and cut to a sane length, unknown filter
values simply match nothing, and the only way to a 404 is a page number that is not a page.
See docs/adr/0040-register-search.md.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db.models import BooleanField, Case, F, Q, QuerySet, Value, When
from django.db.models.expressions import RawSQL
from django.http import QueryDict

from decisions.models import Decision, DecisionKind, Section

MAX_SEARCH_LENGTH = 200
MAX_FILTER_LENGTH = 200
FIRST_YEAR, LAST_YEAR = 1990, 2100
LONDON = ZoneInfo("Europe/London")
CONFIG = "english"

# `PCD 867`, `pcd867`, `PCD-867` or just `867`.
_REFERENCE = re.compile(r"^(?:(?P<series>[A-Za-z]{2,10})\s*-?\s*)?(?P<number>[1-9]\d{0,8})$")
# Postgres refuses NUL in text; other control characters carry no meaning in a search.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

# A section matching the search: `register_search` is a generated column that migration 0006
# adds to the sections table (it is not a field of the Section model).
_SECTION_MATCHES = "register_search @@ websearch_to_tsquery(%s::regconfig, %s)"
# The same, for one candidate decision at a time. OFFSET 0 keeps it a per-row probe of the
# decision's few sections: without it Postgres may first collect every matching section of the
# register (tens of thousands for a common word) to hash them.
_HAS_SECTION_MATCHING = (
    "EXISTS (SELECT 1 FROM decisions_section s WHERE s.decision_id = decisions_decision.id "
    "AND s.register_search @@ websearch_to_tsquery(%s::regconfig, %s) OFFSET 0)"
)

# Decisions by the signer: the printed "Decision by" is the holder's name and the office's title on
# the day ("Sophie Linden, Deputy Mayor for Policing and Crime"), so a search for either finds
# them. Migration 0013's expression index over published decisions serves it (issue 12).
_BY_SIGNER = (
    "SELECT id FROM decisions_decision WHERE status = 'published' "
    "AND to_tsvector(%s::regconfig, signed_by_name) @@ websearch_to_tsquery(%s::regconfig, %s)"
)

# ts_rank weights in Postgres order [D, C, B, A]: only the title (weight A) counts here.
_TITLE_ONLY = [0.0, 0.0, 0.0, 1.0]


def clean_text(value: str | None, limit: int) -> str:
    """`value` without control characters, collapsed whitespace, at most `limit` characters."""
    return " ".join(_CONTROL.sub(" ", value or "").split())[:limit].strip()


@dataclass(frozen=True)
class RegisterQuery:
    """What a reader asked the register for, read safely from the query string."""

    text: str = ""
    year: int | None = None
    decision_by: str = ""
    series: str = ""
    kind: str = ""

    @classmethod
    def from_params(cls, params: QueryDict) -> RegisterQuery:
        """Parse `?q=&year=&decision_by=&series=&kind=`; values that cannot be meant are dropped."""
        year_text = clean_text(params.get("year"), 4)
        year = int(year_text) if year_text.isdecimal() else None  # isdigit() passes "²"
        return cls(
            text=clean_text(params.get("q"), MAX_SEARCH_LENGTH),
            year=year if year and FIRST_YEAR <= year <= LAST_YEAR else None,
            decision_by=clean_text(params.get("decision_by"), MAX_FILTER_LENGTH),
            series=clean_text(params.get("series"), 10).upper(),
            kind=_kind(params.get("kind")),
        )

    @property
    def is_filtered(self) -> bool:
        return bool(self.text or self.year or self.decision_by or self.series or self.kind)


def apply_filters(queryset: QuerySet[Decision], query: RegisterQuery) -> QuerySet[Decision]:
    """Narrow `queryset` by year signed (London time), decision maker, series and kind."""
    if query.year:
        queryset = queryset.filter(
            signed_at__gte=datetime(query.year, 1, 1, tzinfo=LONDON),
            signed_at__lt=datetime(query.year + 1, 1, 1, tzinfo=LONDON),
        )
    if query.decision_by:
        queryset = queryset.filter(signed_by_name=query.decision_by)
    if query.series:
        queryset = queryset.filter(series__code=query.series)
    if query.kind:
        queryset = queryset.filter(kind=query.kind)
    return queryset


def _kind(value: str | None) -> str:
    """A kind of decision (`contract`), or "" for anything else: an unknown kind filters nothing."""
    value = clean_text(value, 20).lower()
    return value if value in DecisionKind.values else ""


def reference_match(text: str) -> Q | None:
    """A filter for the decision `text` names by reference, or None if it names none."""
    match = _REFERENCE.match(text.replace("\u00a0", " ").strip())
    if not match:
        return None
    found = Q(number=int(match["number"]))
    if match["series"]:
        found &= Q(series__code=match["series"].upper())
    return found


def _in_sections(candidates: QuerySet[Decision], text: str) -> QuerySet[Section]:
    """The ids of `candidates` with a section matching `text`.

    Joined to the candidates, not every matching section's id first: with a year filter Postgres
    reads that year's sections only, so a common word costs what the year holds, not what the
    whole register does (docs/performance.md).
    """
    matches = RawSQL(_SECTION_MATCHES, (CONFIG, text), output_field=BooleanField())  # noqa: S611
    sections = Section.objects.filter(matches, decision__in=candidates.values("pk"))
    return sections.order_by().values("decision_id")


def _matches_anywhere(queryset, terms: SearchQuery, text: str, reference: Q | None) -> Q:
    """Unfiltered: one branch per way to match, each through its own index, their ids united.

    An OR of them would read every published decision to test each, growing with the register.
    """
    by_signer = RawSQL(_BY_SIGNER, (CONFIG, CONFIG, text))  # noqa: S611 (fixed SQL, bound params)
    candidates = queryset.order_by()
    branches = [
        candidates.filter(search_vector=terms).values("pk"),
        _in_sections(candidates, text),
        candidates.filter(pk__in=by_signer).values("pk"),
    ]
    if reference is not None:
        branches.append(candidates.filter(reference).values("pk"))
    return Q(pk__in=branches[0].union(*branches[1:], all=True))


def _matches_among(terms: SearchQuery, text: str, reference: Q | None) -> Q:
    """Filtered (a year's decisions or so): each candidate tested, cheaper than collecting every
    match in the register (a common word is in most), its sections read only if its title and
    summary do not match."""
    by_signer = RawSQL(_BY_SIGNER, (CONFIG, CONFIG, text))  # noqa: S611 (fixed SQL, bound params)
    in_sections = RawSQL(_HAS_SECTION_MATCHING, (CONFIG, text), output_field=BooleanField())  # noqa: S611
    matches = Q(search_vector=terms) | Q(in_sections) | Q(pk__in=by_signer)
    return matches | reference if reference is not None else matches


def apply_search(
    queryset: QuerySet[Decision], text: str, *, narrowed: bool = False
) -> QuerySet[Decision]:
    """Decisions matching `text` by reference, title, summary, section text or signer, best first.

    A reference match comes first, then title matches, then the rest by relevance, then newest.
    `narrowed`: `queryset` is filtered (by year, decision maker or series) already.
    """
    if not text:
        return queryset
    terms = SearchQuery(text, config=CONFIG, search_type="websearch")
    reference = reference_match(text)
    matches = (_matches_among(terms, text, reference) if narrowed
               else _matches_anywhere(queryset, terms, text, reference))  # fmt: skip
    by_reference = (
        Case(When(reference, then=Value(True)), default=Value(False), output_field=BooleanField())
        if reference is not None
        else Value(False, output_field=BooleanField())
    )
    return (
        queryset.filter(matches)
        .annotate(
            reference_hit=by_reference,
            title_rank=SearchRank(F("search_vector"), terms, weights=_TITLE_ONLY),
            rank=SearchRank(F("search_vector"), terms),
        )
        .order_by(
            F("reference_hit").desc(),
            F("title_rank").desc(),
            F("rank").desc(),
            F("signed_at").desc(nulls_last=True),
            "-number",
        )
    )
