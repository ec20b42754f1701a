"""Every view declares who may use it. Deny by default.

`LoginRequiredMiddleware` sends anonymous users to the login page for any view not marked
`@public`; `@allow(predicate)` then decides for signed-in users (403 when it says no). A test walks
every URL and fails on a view that declares neither (tests/alpha_hub/test_access.py).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied

from alpha_hub.roles import Role, has_role

ACCESS_ATTRIBUTE = "access_rule"


def public(view: Callable) -> Callable:
    """Anyone, signed in or not, may use `view`."""
    view = login_not_required(view)
    setattr(view, ACCESS_ATTRIBUTE, "public")
    return view


def allow(predicate: Callable, description: str | None = None) -> Callable:
    """Signed-in users for whom `predicate(user)` is true may use the view; others get 403."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def guarded(request, *args, **kwargs):
            if not predicate(request.user):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        setattr(guarded, ACCESS_ATTRIBUTE, description or predicate.__name__)
        return guarded

    return decorator


def any_role(*roles: Role) -> Callable:
    """A predicate: the user holds at least one of `roles`."""

    def holds_any_role(user) -> bool:
        return any(has_role(user, role) for role in roles)

    holds_any_role.__name__ = "holds one of: " + ", ".join(roles)
    return holds_any_role


def signed_in(user) -> bool:
    """Any active, signed-in user."""
    return user.is_authenticated and user.is_active
