"""`{% session_seconds %}`: how long a session lasts, for the timeout warning in base.html."""

from django import template
from django.conf import settings

register = template.Library()


@register.simple_tag
def session_seconds() -> int:
    """How long a session lasts without a request (SESSION_COOKIE_AGE, ADR 0067)."""
    return settings.SESSION_COOKIE_AGE
