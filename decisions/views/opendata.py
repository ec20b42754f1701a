"""Open data under /data/: 360Giving grants and the decisions dataset (Part 1 only)."""

import csv

from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest, HttpResponse, JsonResponse, StreamingHttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_safe

from alpha_hub.access import public
from decisions import opendata
from decisions.selectors import public as selectors
from decisions.views.public import page_of

DATASET_PAGE_SIZE = 100


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
    page = page_of(request, selectors.decision_open_data(), DATASET_PAGE_SIZE)
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
