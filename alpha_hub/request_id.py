"""A request id for every request: the proxy's X-Request-ID when it is trusted, else a new one.

The id goes on the response (X-Request-ID) and on every log record written while the request is
handled (alpha_hub/logging.py), so a user's report, the proxy's log and ours meet on one value.
Anyone can send the header: it is taken only from TRUSTED_PROXIES (alpha_hub/client_ip.py), and
only when it looks like an id, so a client can neither forge another request's id nor write
arbitrary text into the logs.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable

from django.core.signals import request_finished
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse

from alpha_hub.client_ip import _address, is_trusted_proxy
from alpha_hub.logging import request_id

HEADER = "X-Request-ID"
# Proxies send UUIDs or hex strings (nginx's $request_id is 32 hex digits).
ACCEPTED = re.compile(r"[A-Za-z0-9._:-]{1,128}")


def request_id_for(request: HttpRequest) -> str:
    """The trusted proxy's X-Request-ID for this request, or a new random one."""
    offered = request.META.get("HTTP_X_REQUEST_ID", "")
    trusted = is_trusted_proxy(_address(request.META.get("REMOTE_ADDR", "")))
    if trusted and ACCEPTED.fullmatch(offered):
        return offered
    return uuid.uuid4().hex


class RequestIdMiddleware:
    """Sets the request id for the request's log records and sends it back in X-Request-ID."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.request_id = request_id_for(request)
        # Kept past the middleware: Django logs a 4xx or 5xx ("Not Found: /x") after every
        # middleware has returned. The response's close, once it is sent, clears it.
        request_id.set(request.request_id)
        response = self.get_response(request)
        response[HEADER] = request.request_id
        return response


@receiver(request_finished, dispatch_uid="alpha_hub.request_id.forget")
def _forget(**kwargs) -> None:
    # The worker thread's next request sets its own; what it logs in between has no request.
    request_id.set("-")
