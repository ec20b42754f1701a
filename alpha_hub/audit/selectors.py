"""Reads of the access log."""

from __future__ import annotations

from datetime import datetime

from django.db.models import Q

from alpha_hub.audit.models import AccessEvent
from alpha_hub.audit.trail import on_days_q, users_named


def access_events_page(
    *, filters: dict, after: tuple[datetime, int] | None, size: int = 50
) -> tuple[list[AccessEvent], tuple[datetime, int] | None]:
    """A page of the access log, newest first, keyset-paged on (at, id)."""
    events = AccessEvent.objects.select_related("user").order_by("-at", "-id")
    if text := (filters.get("username") or "").strip():
        events = events.filter(Q(username__icontains=text) | Q(user_id__in=users_named(text)))
    if filters.get("kind"):
        events = events.filter(kind=filters["kind"])
    events = events.filter(on_days_q("at", filters.get("date_from"), filters.get("date_to")))
    if after is not None:
        at, pk = after
        events = events.filter(Q(at__lt=at) | Q(at=at, id__lt=pk))
    page = list(events[: size + 1])
    more = len(page) > size
    page = page[:size]
    return page, ((page[-1].at, page[-1].pk) if more and page else None)
