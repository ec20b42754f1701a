"""/healthz: whether this web host can serve, answered before the rest of the middleware.

A load balancer takes a host out of rotation on a 503. The host needs its database, and, when
they are configured, the Redis that holds the shared cache (rate limits, public pages) and the
remote file storage (S3): each is tried cheaply, and the body names the ones that failed.

The middleware answers first so that nothing touches the session: with a session cookie, the
session middleware (SESSION_SAVE_EVERY_REQUEST), the sign-in check, axes and the rate limiter
would all read the session, and so the database. When the database was down, a load balancer's
probe carrying a cookie got a 500 instead of the 503 it expects.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable

from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache
from django.core.files.storage import FileSystemStorage, InMemoryStorage, default_storage
from django.db import connection
from django.http import HttpRequest, HttpResponse

HEALTHZ_PATH = "/healthz"
logger = logging.getLogger(__name__)


def _database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")


def _redis() -> None:
    cache = caches["default"]
    if not isinstance(cache, RedisCache):
        return  # the database cache or memory: nothing shared to check beyond the database
    # A key of this probe's own: hosts probed at once must not read each other's value.
    key, value = f"healthz:{uuid.uuid4().hex}", "ok"
    cache.set(key, value, timeout=10)
    if cache.get(key) != value:
        raise RuntimeError("the value written was not read back")


def _storage() -> None:
    if isinstance(default_storage, FileSystemStorage | InMemoryStorage):
        return  # local disk: nothing that can be unreachable on its own
    bucket = getattr(default_storage, "bucket_name", None)
    if bucket:
        # S3 answers a HEAD for an object in a missing bucket with the same 404 as for a missing
        # object, so exists() would find a deleted bucket healthy: ask about the bucket itself.
        default_storage.connection.meta.client.head_bucket(Bucket=bucket)
    else:
        default_storage.exists("healthz")


CHECKS: dict[str, Callable[[], None]] = {
    "database": _database,
    "redis": _redis,
    "storage": _storage,
}


def failed_dependencies() -> list[str]:
    """The names of the dependencies this host cannot reach (empty when all answer)."""
    failed = []
    for name, check in CHECKS.items():
        try:
            check()
        except Exception as error:
            # Any failure means the host cannot serve. The detail is for the operator's log,
            # not for the public body of /healthz; one line, as a probe comes every few seconds.
            logger.warning(
                "Health check: %s unavailable: %s: %s", name, type(error).__name__, error
            )
            failed.append(name)
    return failed


def health_response() -> HttpResponse:
    """200 "ok", or 503 with one "<dependency> unavailable" line per failed dependency."""
    failed = failed_dependencies()
    if failed:
        body = "".join(f"{name} unavailable\n" for name in failed)
        return HttpResponse(body, status=503, content_type="text/plain")
    return HttpResponse("ok\n", content_type="text/plain")


class HealthCheckMiddleware:
    """Answers GET and HEAD /healthz itself; passes every other request on.

    Other methods go on to config.views.healthz, which refuses them with a 405.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path_info == HEALTHZ_PATH and request.method in {"GET", "HEAD"}:
            return health_response()
        return self.get_response(request)
