"""Public views: the register, decision and programme pages, statements.

Anyone may use these. They show published decisions only and never read Part 2. They only read,
so no request transaction (ATOMIC_REQUESTS would add BEGIN and COMMIT to every page), and
anonymous visitors get them from the cache (decisions/views/cached_page.py).
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.core.paginator import InvalidPage, Paginator
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import dateformat, timezone
from django.utils.text import Truncator
from django.views.decorators.http import require_safe

from alpha_hub.access import public
from budget import charts
from decisions import search
from decisions.cache import version_cached
from decisions.models import Decision, DecisionSeries, Office
from decisions.selectors import programmes as programme_selectors
from decisions.selectors import public as selectors
from decisions.views.cached_page import public_page

REGISTER_PAGE_SIZE = 20
REGISTER_PARAMS = ("q", "year", "decision_by", "series", "kind", "page")
_SLUG_PLACEHOLDER = "slug-placeholder"


def page_of(request: HttpRequest, items, per_page: int, *, count: int | None = None):
    """The page of `items` that `?page=` asks for; a page that does not exist is a 404.

    `count`, when known already, spares the paginator its COUNT query.
    """
    paginator = Paginator(items, per_page, allow_empty_first_page=True)
    if count is not None:
        paginator.__dict__["count"] = count  # Paginator.count is a cached_property
    try:
        return paginator.page(search.clean_text(request.GET.get("page"), 12) or 1)
    except InvalidPage as missing:
        raise Http404("No such page") from missing


def detail_url_maker() -> Callable[[Decision], str]:
    """A function giving a decision's public address: one reverse() for a page of rows."""
    pattern = reverse("decisions:detail", kwargs={"slug": _SLUG_PLACEHOLDER})
    return lambda decision: pattern.replace(_SLUG_PLACEHOLDER, decision.slug)


def with_public_urls(decisions: Iterable[Decision]) -> list[Decision]:
    """`decisions`, each with `public_url` set (what get_absolute_url() would give)."""
    url_of = detail_url_maker()
    decisions = list(decisions)
    for decision in decisions:
        decision.public_url = url_of(decision)
    return decisions


@dataclass(frozen=True)
class RegisterRow:
    """One entry of the register as the page shows it."""

    url: str
    title: str
    reference: str
    signed_on: str  # ISO date, for <time datetime>
    signed_on_text: str  # 4 May 2021
    decision_by: str
    summary: str  # its first 35 words


def with_reference_data(decisions: Iterable[Decision], *, offices: bool = False) -> list:
    """`decisions` with their series (and offices) from the cache, not joined into each row."""
    decisions = list(decisions)
    series = selectors.series_by_id()
    office_of = selectors.offices_by_id() if offices else {}
    for decision in decisions:
        decision.series = selectors.one_of(series, DecisionSeries, decision.series_id)
        if offices:
            decision.office = selectors.one_of(office_of, Office, decision.office_id)
    return decisions


def register_rows(decisions: Iterable[Decision]) -> list[RegisterRow]:
    """The register's entries, formatted in Python: template filters cost 20 times as much."""
    url_of = detail_url_maker()
    rows = []
    for decision in with_reference_data(decisions):
        signed_on = timezone.localdate(decision.signed_at) if decision.signed_at else None
        rows.append(
            RegisterRow(
                url=url_of(decision),
                title=decision.title,
                reference=decision.reference,
                signed_on=signed_on.isoformat() if signed_on else "",
                signed_on_text=dateformat.format(signed_on, "j F Y") if signed_on else "",
                decision_by=decision.signed_by_name,
                summary=Truncator(decision.executive_summary).words(35, truncate="…"),
            )
        )
    return rows


def _register_page(request: HttpRequest, query: search.RegisterQuery):
    """The register's page for `query`, in one query.

    Unfiltered, the count is the register's size, which changes only on publication (cached);
    filtered, each row carries it.
    """
    if not query.is_filtered:
        count = version_cached("published-count", selectors.published_count)
        return page_of(request, selectors.decision_register(query), REGISTER_PAGE_SIZE, count=count)
    decisions = selectors.decision_register(query, counted=True)
    number = _page_number(request)
    start = (number - 1) * REGISTER_PAGE_SIZE
    rows = list(decisions[start : start + REGISTER_PAGE_SIZE])
    if not rows and number > 1:
        raise Http404("No such page")
    page = page_of(request, decisions, REGISTER_PAGE_SIZE, count=rows[0].total if rows else 0)
    page.object_list = rows
    return page


def _page_number(request: HttpRequest) -> int:
    try:
        number = int(search.clean_text(request.GET.get("page"), 12) or 1)
    except ValueError as wrong:
        raise Http404("No such page") from wrong
    if number < 1:
        raise Http404("No such page")
    return number


@public
@transaction.non_atomic_requests
@require_safe
@public_page(params=REGISTER_PARAMS)
def decision_list(request: HttpRequest) -> HttpResponse:
    """Published decisions, newest first, searched and filtered, 20 a page."""
    query = search.RegisterQuery.from_params(request.GET)
    page = _register_page(request, query)
    context = {
        "page": page,
        "decisions": register_rows(page.object_list),
        "query": query,
        "options": version_cached("register-filter-options", selectors.register_filter_options),
        "elided_pages": page.paginator.get_elided_page_range(page.number, on_each_side=2),
    }
    return render(request, "decisions/decision_list.html", context)


@public
@transaction.non_atomic_requests
@require_safe
@public_page()
def decision_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """One published decision as the public register shows it; anything else is a 404.

    References are written in capitals (PCD-867): any case reaches the one address, pcd-867.
    """
    if slug != slug.lower():
        return redirect("decisions:detail", slug=slug.lower(), permanent=True)
    decision = selectors.decision_get_published(slug=slug)
    context = {
        "decision": decision,
        "related": selectors.decision_related(decision),
        "agreements": selectors.decision_agreements(decision),
    }
    return render(request, "decisions/decision_detail.html", context)


@public
@transaction.non_atomic_requests
@require_safe
@public_page()
def programme_list(request: HttpRequest) -> HttpResponse:
    """Every programme with a published decision."""
    programmes = programme_selectors.programme_list_public()
    return render(request, "public/programme_list.html", {"programmes": programmes})


@public
@transaction.non_atomic_requests
@require_safe
@public_page()
def programme_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """A programme's published decisions as a timeline, with its money per financial year."""
    programme = selectors.programme_get_public(slug=slug)
    page = programme_selectors.programme_page(programme)
    with_public_urls(entry.decision for entry in page.timeline)
    context = {
        "programme": programme,
        "page": page,
        "chart": charts.programme_bars(page.money.years),
    }
    return render(request, "public/programme_detail.html", context)


@public
@transaction.non_atomic_requests
@require_safe
@public_page()
def accessibility_statement(request: HttpRequest) -> HttpResponse:
    """The accessibility statement the public sector bodies regulations require."""
    return render(request, "public/accessibility.html")
