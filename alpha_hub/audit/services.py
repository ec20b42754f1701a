"""Writes of the audit package: access events."""

from __future__ import annotations

from django.http import HttpRequest

from alpha_hub.audit.models import AccessEvent
from alpha_hub.client_ip import client_ip


def access_event_record(
    *, kind: str, request: HttpRequest | None, user=None, username: str = "", subject: str = ""
) -> AccessEvent:
    """Append one line to the access log, with where the request came from."""
    meta = request.META if request is not None else {}
    if user is not None and not user.is_authenticated:
        user = None
    return AccessEvent.objects.create(
        kind=kind,
        user=user,
        username=(username or (user.get_username() if user else ""))[:150],
        subject=subject[:200],
        path=(request.path if request is not None else "")[:500],
        ip_address=(client_ip(request) if request is not None else None) or None,
        user_agent=meta.get("HTTP_USER_AGENT", "")[:500],
    )
