"""Public pages for anonymous visitors: rendered once per public version, revalidated with 304s.

A visitor with no session and no pending message sees what every such visitor sees, so their page
comes from Django's cache (decisions/cache.py says when it starts afresh) with `Cache-Control:
public`, an `ETag` (the content's hash) and `Last-Modified` (when the public version began), and
an `If-None-Match` or `If-Modified-Since` that still holds is answered 304. Nothing here reads the
session, so no cookie is set and no `Vary: Cookie` sent; and the page is stored as the view left
it, before the middleware adds per-response headers (the CSP has no nonce where no template asks).
Anyone else (signed in, or holding a message) gets the page rendered for them, never stored.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import wraps
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, QueryDict, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.utils.cache import get_conditional_response
from django.utils.http import http_date

from alpha_hub.cache_headers import NO_STORE
from decisions.cache import CACHE_ERRORS, ENTRY_SECONDS, PublicVersion, public_version, shielded

logger = logging.getLogger(__name__)

# How long a browser or proxy may use a page before asking again (with If-None-Match).
MAX_AGE = 300
KEPT_HEADERS = ("Content-Type", "Content-Disposition")


@dataclass(frozen=True)
class StoredPage:
    """A rendered public page as the cache keeps it."""

    content: bytes
    headers: tuple[tuple[str, str], ...]
    etag: str
    last_modified: float
    streamed: bool = False  # served as it was made: a download stays a streamed response

    def response(self) -> HttpResponse | StreamingHttpResponse:
        response = (
            StreamingHttpResponse([self.content]) if self.streamed else HttpResponse(self.content)
        )
        for name, value in self.headers:
            response[name] = value
        response["ETag"] = self.etag
        response["Last-Modified"] = http_date(self.last_modified)
        response["Cache-Control"] = f"public, max-age={MAX_AGE}"
        return response


def _enabled() -> bool:
    # PUBLIC_PAGE_CACHE=False (bench/register_settings.py) renders every page: the pages' own
    # cost, measured. The data they share (decisions/cache.py) stays cached either way.
    return getattr(settings, "PUBLIC_PAGE_CACHE", True)


def _personal(request: HttpRequest) -> bool:
    """Whether the page may differ for this visitor: a session (signed in?) or a message."""
    cookies = request.COOKIES
    return settings.SESSION_COOKIE_NAME in cookies or CookieStorage.cookie_name in cookies


def _only(params: QueryDict, names: Iterable[str]) -> QueryDict:
    return QueryDict(urlencode([(name, value) for name in names for value in params.getlist(name)]))


def _store(response: HttpResponse, version: PublicVersion) -> StoredPage:
    content = (
        b"".join(response.streaming_content) if response.streaming else bytes(response.content)
    )
    headers = tuple((name, response[name]) for name in KEPT_HEADERS if name in response)
    etag = '"' + hashlib.sha256(content).hexdigest()[:32] + '"'
    return StoredPage(content, headers, etag, version.changed_at, streamed=response.streaming)


def _as_anyone(request: HttpRequest) -> None:
    """Treat the request as the anonymous visitor it is, without reading the (empty) session.

    LoginRequiredMiddleware has looked at it already, to find no one signed in, and the session
    middleware would answer that look with Vary: Cookie. With no session cookie the page is the
    same whatever cookies come, and a signed-in visitor is never sent this one.
    """
    request.user = AnonymousUser()
    session = getattr(request, "session", None)
    if session is not None:
        session.accessed = False


def public_page(*, params: Iterable[str] = ()) -> Callable:
    """Serve the view's page from the cache to anonymous visitors; `params` are what it reads.

    Other query parameters are dropped before the view runs, so they neither make a new entry
    nor find their way into a stored page's links.
    """
    params = tuple(params)

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def cached_view(request: HttpRequest, *args, **kwargs) -> HttpResponseBase:
            if not _enabled():
                return view(request, *args, **kwargs)
            if request.method not in ("GET", "HEAD") or _personal(request):
                response = view(request, *args, **kwargs)
                response["Cache-Control"] = NO_STORE
                return response
            request.GET = _only(request.GET, params)
            _as_anyone(request)
            page = _cached(view, request, args, kwargs)
            if not isinstance(page, StoredPage):
                return page
            response = page.response()
            return get_conditional_response(
                request, etag=page.etag, last_modified=int(page.last_modified), response=response
            )

        return cached_view

    return decorator


def _cached(view, request: HttpRequest, args, kwargs) -> StoredPage | HttpResponseBase:
    """The stored page for this request, rendered and kept if need be; a non-200 as it is."""
    try:
        with shielded():
            version = public_version()
            # Open data and the feed hold absolute links: the scheme and host are in the page.
            origin = f"{request.scheme}://{request.get_host()}"
            key = version.key("page", origin, request.path, request.GET.urlencode())
            page = cache.get(key)
    except CACHE_ERRORS:
        logger.warning("Public cache unavailable: %s rendered afresh", request.path, exc_info=True)
        version, key, page = None, None, None
    if page is not None:
        return page
    response = view(request, *args, **kwargs)
    session = getattr(request, "session", None)
    if session is not None and session.modified:  # the view made it someone's page after all
        response["Cache-Control"] = NO_STORE
        return response
    if session is not None:
        session.accessed = False
    if response.status_code != 200 or version is None:
        return response
    page = _store(response, version)
    try:
        with shielded():
            cache.set(key, page, ENTRY_SECONDS)
    except CACHE_ERRORS:
        logger.warning("Public cache unavailable: %s not kept", request.path, exc_info=True)
    return page
