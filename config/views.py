"""Project-wide views: the home page and the health check."""

from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_safe

from alpha_hub.access import public
from config.health import health_response


@public
@require_safe
def home(request: HttpRequest) -> HttpResponse:
    """The register is the front page for the public."""
    return redirect("decisions:list")


@public
@require_safe
@transaction.non_atomic_requests
def healthz(request: HttpRequest) -> HttpResponse:
    """200 when the database (and Redis and S3 when configured) answer, else 503 naming them.

    config.health.HealthCheckMiddleware answers GET and HEAD before any other middleware, so
    this view sees only the methods it refuses; it must read neither the session nor
    request.user, which would need the database it is checking.
    """
    return health_response()
