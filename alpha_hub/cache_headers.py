"""Cache-Control: pages behind sign-in, and every response to a signed-in user, are never stored.

Staff pages can show Part 2; a browser's disk cache or a proxy keeping them would hand restricted
text to the next person at the machine or behind the proxy. Public pages (views marked `@public`)
seen by anonymous visitors are left as they are: what they may cache is theirs to say.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from alpha_hub.access import ACCESS_ATTRIBUTE

NO_STORE = "no-store, private"


class CacheControlMiddleware:
    """Sends `Cache-Control: no-store, private` on staff pages and to signed-in users."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if _behind_sign_in(request) or _signed_in(request):
            # Replaced, not merged: a view's own max-age or public must not survive beside it.
            response["Cache-Control"] = NO_STORE
        return response


def _behind_sign_in(request: HttpRequest) -> bool:
    # Set once the URL resolves: any view not declared @public (the admin's included).
    match = getattr(request, "resolver_match", None)
    return match is not None and getattr(match.func, ACCESS_ATTRIBUTE, None) != "public"


def _signed_in(request: HttpRequest) -> bool:
    # No user when a middleware answered before AuthenticationMiddleware (static files).
    user = getattr(request, "user", None)
    return user is not None and user.is_authenticated
