"""Sign-in lockout: django-axes per username and address, and per username across addresses.

axes compares one count with one limit. `LockoutHandler` (AXES_HANDLER) keeps axes' count per
username and address against AXES_FAILURE_LIMIT, and adds a higher AXES_USERNAME_FAILURE_LIMIT
for one username from every address together, so guessing from many addresses locks the account
too. Both cool off after AXES_COOLOFF_TIME (docs/adr/0012).
"""

from __future__ import annotations

from datetime import datetime

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username, get_cool_off, get_failure_limit
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Max, QuerySet, Sum
from django.http import HttpRequest


def _recent_attempts(request: HttpRequest, credentials: dict | None) -> QuerySet[AccessAttempt]:
    """The failed attempts at this username, from any address, still inside the cool-off."""
    username = get_client_username(request, credentials)
    if not username:
        return AccessAttempt.objects.none()
    attempts = AccessAttempt.objects.filter(username=username)
    cool_off = get_cool_off(request)
    if cool_off is None:
        return attempts
    return attempts.filter(attempt_time__gte=request.axes_attempt_time - cool_off)


def username_failures(request: HttpRequest, credentials: dict | None) -> int:
    """Failed attempts at this username from every address, inside the cool-off."""
    total = _recent_attempts(request, credentials).aggregate(total=Sum("failures_since_start"))
    return total["total"] or 0


def username_locked(request: HttpRequest, credentials: dict | None) -> bool:
    """Whether the username as a whole has reached AXES_USERNAME_FAILURE_LIMIT."""
    return username_failures(request, credentials) >= settings.AXES_USERNAME_FAILURE_LIMIT


class LockoutHandler(AxesDatabaseHandler):
    """axes' database handler, with the per-username limit across addresses added."""

    def get_failures(self, request, credentials: dict | None = None) -> int:
        """Failures from this username and address; at least the limit once the username's are."""
        failures = super().get_failures(request, credentials)
        if username_locked(request, credentials):
            return max(failures, get_failure_limit(request, credentials))
        return failures


def lockout_ends_at(request: HttpRequest, credentials: dict | None) -> datetime | None:
    """When the latest failure that counts towards a lockout cools off (None: never, by itself).

    Call it once axes has looked at the request (it sets `request.axes_attempt_time`).
    """
    cool_off = get_cool_off(request)
    attempts = _recent_attempts(request, credentials)
    if not username_locked(request, credentials):
        attempts = attempts.filter(ip_address=request.axes_ip_address)
    latest = attempts.aggregate(latest=Max("attempt_time"))["latest"]
    if cool_off is None or latest is None:
        return None
    return latest + cool_off
