"""Project-wide views: the home page and the health check."""

from django.db import DatabaseError, connection, transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_safe

from alpha_hub.access import public


@public
@require_safe
def home(request: HttpRequest) -> HttpResponse:
    """The register is the front page for the public."""
    return redirect("decisions:list")


@public
@require_safe
@transaction.non_atomic_requests
def healthz(request: HttpRequest) -> HttpResponse:
    """200 when the database answers, 503 when it does not (for load balancers)."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return HttpResponse("database unavailable\n", status=503, content_type="text/plain")
    return HttpResponse("ok\n", content_type="text/plain")
