"""Public views: the decisions register, decision and programme pages, open data, statements.

Anyone may use these. They show published decisions only and never read Part 2.
"""

import csv

from django.core.paginator import InvalidPage, Paginator
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse, StreamingHttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_safe

from alpha_hub.access import public
from decisions import opendata, search, selectors

REGISTER_PAGE_SIZE = 20
DATASET_PAGE_SIZE = 100


def _page(request: HttpRequest, items, per_page: int):
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
    page = _page(request, selectors.decision_register(query), REGISTER_PAGE_SIZE)
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
def data_index(request: HttpRequest) -> HttpResponse:
    """What open data there is, its formats, licence and schema."""
    return render(request, "data/index.html", {"schema_url": opendata.DECISIONS_SCHEMA_PATH})


def _base_url(request: HttpRequest) -> str:
    return request.build_absolute_uri("/").rstrip("/")


@public
@require_safe
def grants_360_json(request: HttpRequest) -> JsonResponse:
    """Published outgoing grants as a 360Giving JSON package."""
    package = opendata.grants_360_package(selectors.grants_open_data(), base_url=_base_url(request))
    return JsonResponse(package, json_dumps_params={"ensure_ascii": False, "indent": 1})


class _Echo:
    def write(self, value: str) -> str:
        return value


@public
@require_safe
def grants_360_csv(request: HttpRequest) -> StreamingHttpResponse:
    """Published outgoing grants in 360Giving's flattened CSV layout."""
    package = opendata.grants_360_package(selectors.grants_open_data(), base_url=_base_url(request))
    writer = csv.writer(_Echo())
    rows = (writer.writerow(row) for row in opendata.grants_360_rows(package["grants"]))
    response = StreamingHttpResponse(rows, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="360giving-grants.csv"'
    return response


@public
@require_safe
def decisions_json(request: HttpRequest) -> JsonResponse:
    """Published decisions (Part 1 only), 100 a page, newest published first."""
    page = _page(request, selectors.decision_open_data(), DATASET_PAGE_SIZE)
    here = reverse("data:decisions")

    def absolute(path: str) -> str:
        return request.build_absolute_uri(path)

    def page_url(number: int) -> str:
        return absolute(f"{here}?page={number}")

    payload = {
        "schema": absolute(opendata.DECISIONS_SCHEMA_PATH),
        "count": page.paginator.count,
        "page": page.number,
        "pages": page.paginator.num_pages,
        "next": page_url(page.next_page_number()) if page.has_next() else None,
        "previous": page_url(page.previous_page_number()) if page.has_previous() else None,
        "results": [opendata.decision_record(item, absolute=absolute) for item in page],
    }
    return JsonResponse(
        payload, encoder=DjangoJSONEncoder, json_dumps_params={"ensure_ascii": False}
    )


@public
@require_safe
def accessibility_statement(request: HttpRequest) -> HttpResponse:
    """The accessibility statement the public sector bodies regulations require."""
    return render(request, "public/accessibility.html")
