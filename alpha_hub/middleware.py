"""Public-side protections: a Permissions-Policy header, and rate limits on expensive pages.

See docs/adr/0041-public-security-headers-and-rate-limits.md.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from contextlib import nullcontext
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.base import BaseCache
from django.core.cache.backends.db import DatabaseCache
from django.core.cache.backends.redis import RedisCache
from django.db import DatabaseError, transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from redis.exceptions import RedisError

from alpha_hub.client_ip import client_ip

logger = logging.getLogger(__name__)

# Powerful browser features the site never uses, switched off for it and anything it embeds.
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer", "autoplay", "camera", "display-capture", "geolocation", "gyroscope",
        "magnetometer", "microphone", "midi", "payment", "publickey-credentials-get", "usb",
    )
)  # fmt: skip


class PermissionsPolicyMiddleware:
    """Adds Permissions-Policy to every response."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response


@dataclass(frozen=True)
class Limit:
    """At most `requests` per `seconds` from one client address to matching requests."""

    name: str
    path_prefix: str
    requests: int
    seconds: int = 60
    methods: tuple[str, ...] = ("GET", "HEAD", "POST")
    only_with_param: str = ""  # e.g. "q": a register page is cheap, a search is not

    def matches(self, request: HttpRequest) -> bool:
        if not request.path.startswith(self.path_prefix) or request.method not in self.methods:
            return False
        return not self.only_with_param or bool(request.GET.get(self.only_with_param))


def configured_limits() -> list[Limit]:
    """Search and document verification, at the rates the environment sets."""
    return [
        Limit("search", "/decisions/", settings.RATELIMIT_SEARCH_PER_MINUTE, only_with_param="q"),
        Limit("verify", "/verify/", settings.RATELIMIT_VERIFY_PER_MINUTE),
    ]


def over_limit(limit: Limit, address: str) -> int:
    """Count this request; the seconds to wait if it is over `limit`, else 0."""
    cache = caches[settings.RATELIMIT_CACHE]
    now = int(time.time())
    window = now // limit.seconds
    key = f"ratelimit:{limit.name}:{address}:{window}"
    count = _count(cache, key, timeout=limit.seconds + 1)
    if count <= limit.requests:
        return 0
    return (window + 1) * limit.seconds - now or 1


def _count(cache: BaseCache, key: str, *, timeout: int) -> int:
    """Add one to the counter `key` (made to live `timeout` seconds); its new value."""
    if isinstance(cache, RedisCache):
        # One transaction: create the key with its expiry if it is new, then INCR. Atomic on the
        # server, so hosts counting at once lose no request (docs/adr/0055).
        redis_key = cache.make_and_validate_key(key)
        pipeline = cache._cache.get_client(redis_key, write=True).pipeline(transaction=True)
        _created, count = pipeline.set(redis_key, 0, ex=timeout, nx=True).incr(redis_key).execute()
        return count
    # add() is atomic in every backend: the first request in a window creates the counter. The
    # database cache's incr() reads then writes, so concurrent requests may be undercounted.
    if cache.add(key, 1, timeout=timeout):
        return 1
    try:
        return cache.incr(key)
    except ValueError:  # expired between add() and incr()
        cache.add(key, 1, timeout=timeout)
        return 1


class RateLimitMiddleware:
    """Answers 429 Too Many Requests once a client exceeds a limit, before any view runs."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if settings.RATELIMIT_ENABLED:
            for limit in configured_limits():
                if limit.matches(request):
                    retry_after = _counted(limit, client_ip(request))
                    if retry_after:
                        return _too_many_requests(request, retry_after)
        return self.get_response(request)


def _counted(limit: Limit, address: str) -> int:
    """over_limit(), failing open: a broken cache (say, no cache table yet) must not break pages."""
    in_database = isinstance(caches[settings.RATELIMIT_CACHE], DatabaseCache)
    try:
        # A failed cache query must not spoil an enclosing transaction.
        with transaction.atomic() if in_database else nullcontext():
            return over_limit(limit, address)
    except (DatabaseError, RedisError):
        logger.warning(
            "Rate limit %s not applied: the cache is unavailable", limit.name, exc_info=True
        )
        return 0


def _too_many_requests(request: HttpRequest, retry_after: int) -> HttpResponse:
    context = {"retry_after": retry_after}
    response = render(request, "public/too_many_requests.html", context, status=429)
    response["Retry-After"] = str(retry_after)
    return response
