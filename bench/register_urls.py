"""The project's URLs plus /bench/bare/: the baseline the register's pages are compared with."""

from django.http import HttpRequest, HttpResponse
from django.urls import include, path

from alpha_hub.access import public


@public
def bare(request: HttpRequest) -> HttpResponse:
    """The cheapest Django response: the same middleware, no template, no query."""
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("bench/bare/", bare), path("", include("config.urls"))]
