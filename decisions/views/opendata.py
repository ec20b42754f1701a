"""Open data under /data/: 360Giving grants and the decisions dataset (Part 1 only).

Read-only, so no request transaction; anonymous readers get them from the cache
(decisions/views/cached_page.py), which keeps each scheme and host's absolute links apart.
"""

from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.http import HttpRequest, HttpResponse, JsonResponse, StreamingHttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_safe

from alpha_hub.access import public
from alpha_hub.spreadsheets import CSV_TYPE, csv_lines
from decisions import opendata, threesixty
from decisions.cache import version_cached
from decisions.selectors import public as selectors
from decisions.views.cached_page import public_page
from decisions.views.public import detail_url_maker, page_of, with_reference_data

DATASET_PAGE_SIZE = 100


@public
@transaction.non_atomic_requests
@require_safe
@public_page()
def data_index(request: HttpRequest) -> HttpResponse:
    """What open data there is, its formats, licence and schema."""
    return render(request, "data/index.html", {"schema_url": opendata.DECISIONS_SCHEMA_PATH})


def _base_url(request: HttpRequest) -> str:
    return request.build_absolute_uri("/").rstrip("/")


@public
@transaction.non_atomic_requests
@require_safe
@public_page()
def grants_360_json(request: HttpRequest) -> StreamingHttpResponse:
    """Published outgoing grants as a 360Giving JSON package, streamed."""
    grants = threesixty.grants_360(base_url=_base_url(request), url_of=detail_url_maker())
    return StreamingHttpResponse(threesixty.json_chunks(grants), content_type="application/json")


@public
@transaction.non_atomic_requests
@require_safe
@public_page()
def grants_360_csv(request: HttpRequest) -> StreamingHttpResponse:
    """Published outgoing grants as flatten-tool lays out 360Giving's main sheet, streamed."""
    grants = threesixty.grants_360(base_url=_base_url(request), url_of=detail_url_maker())
    # Open data is plain UTF-8, as it has always been published: no byte-order mark.
    lines = csv_lines(threesixty.CSV_HEADINGS, threesixty.csv_rows(grants), bom=False)
    response = StreamingHttpResponse(lines, content_type=CSV_TYPE)
    response["Content-Disposition"] = 'attachment; filename="360giving-grants.csv"'
    return response


@public
@transaction.non_atomic_requests
@require_safe
@public_page(params=("page",))
def decisions_json(request: HttpRequest) -> JsonResponse:
    """Published decisions (Part 1 only), 100 a page, newest published first."""
    count = version_cached("published-count", selectors.published_count)
    page = page_of(request, selectors.decision_open_data(), DATASET_PAGE_SIZE, count=count)
    decisions = with_reference_data(page, offices=True)
    parts = selectors.decision_open_data_parts(decisions)
    url_of = detail_url_maker()
    here = reverse("data:decisions")
    base = _base_url(request)

    def absolute(path: str) -> str:
        # One build_absolute_uri() for the page: each call checks the host against ALLOWED_HOSTS.
        return base + path

    def page_url(number: int) -> str:
        return absolute(f"{here}?page={number}")

    payload = {
        "schema": absolute(opendata.DECISIONS_SCHEMA_PATH),
        "count": page.paginator.count,
        "page": page.number,
        "pages": page.paginator.num_pages,
        "next": page_url(page.next_page_number()) if page.has_next() else None,
        "previous": page_url(page.previous_page_number()) if page.has_previous() else None,
        "results": [
            opendata.decision_record(item, parts[item.pk], absolute=absolute, url_of=url_of)
            for item in decisions
        ],
    }
    return JsonResponse(
        payload, encoder=DjangoJSONEncoder, json_dumps_params={"ensure_ascii": False}
    )
