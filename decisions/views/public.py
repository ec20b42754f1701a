"""Public views: the register, decision and programme pages, statements.

Anyone may use these. They show published decisions only and never read Part 2.
"""

from django.core.paginator import InvalidPage, Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from alpha_hub.access import public
from decisions import search
from decisions.selectors import public as selectors

REGISTER_PAGE_SIZE = 20


def page_of(request: HttpRequest, items, per_page: int):
    """The page of `items` that `?page=` asks for; a page that does not exist is a 404."""
    paginator = Paginator(items, per_page, allow_empty_first_page=True)
    try:
        return paginator.page(search.clean_text(request.GET.get("page"), 12) or 1)
    except InvalidPage as missing:
        raise Http404("No such page") from missing


@public
@require_safe
def decision_list(request: HttpRequest) -> HttpResponse:
    """Published decisions, newest first, searched and filtered, 20 a page."""
    query = search.RegisterQuery.from_params(request.GET)
    page = page_of(request, selectors.decision_register(query), REGISTER_PAGE_SIZE)
    context = {
        "page": page,
        "decisions": page.object_list,
        "query": query,
        "options": selectors.register_filter_options(),
        "elided_pages": page.paginator.get_elided_page_range(page.number, on_each_side=2),
    }
    return render(request, "decisions/decision_list.html", context)


@public
@require_safe
def decision_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """One published decision as the public register shows it; anything else is a 404."""
    decision = selectors.decision_get_published(slug=slug)
    context = {
        "decision": decision,
        "related": selectors.decision_related(decision),
        "agreements": selectors.decision_agreements(decision),
    }
    return render(request, "decisions/decision_detail.html", context)


@public
@require_safe
def programme_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """A programme's published decisions over the years, with the amount each approved."""
    programme = selectors.programme_get_public(slug=slug)
    decisions = selectors.programme_decisions(programme)
    return render(
        request, "public/programme_detail.html", {"programme": programme, "decisions": decisions}
    )


@public
@require_safe
def accessibility_statement(request: HttpRequest) -> HttpResponse:
    """The accessibility statement the public sector bodies regulations require."""
    return render(request, "public/accessibility.html")
