"""The project's URLs plus /bench/bare/: the baseline the register's pages are compared with."""

from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.urls import include, path

from alpha_hub.access import public


@public
def bare(request: HttpRequest) -> HttpResponse:
    """The cheapest Django response: the same middleware, no template, no query.

    Like any view it runs in the request's transaction (ATOMIC_REQUESTS), which on a reused
    connection costs the health check's SELECT 1: the baseline of issue 15's figures.
    """
    return HttpResponse("ok", content_type="text/plain")


@public
@transaction.non_atomic_requests
def bare_outside_transaction(request: HttpRequest) -> HttpResponse:
    """The same, outside the request transaction: no database at all, as the public pages."""
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [
    path("bench/bare/", bare),
    path("bench/bare-outside-transaction/", bare_outside_transaction),
    path("", include("config.urls")),
]
