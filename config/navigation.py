"""The staff header: each signed-in user sees the parts of the product their roles may use.

A context processor, so every page's header is drawn from one list. Each item asks the same
predicate its pages' views ask (alpha_hub.access.allow), so a link is shown exactly when it
leads somewhere; nothing is read for an anonymous visitor (public pages stay cacheable).
An item with work awaiting the user carries its count ("Decisions (3)", config.awaiting).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.http import HttpRequest
from django.urls import reverse

from alpha_hub.audit.permissions import can_read_audit_trail
from budget import permissions as budget_permissions
from claims import permissions as claim_permissions
from config.awaiting import awaiting_counts
from contracts import permissions as contract_permissions
from decisions import permissions as decision_permissions
from grants import permissions as grant_permissions


@dataclass(frozen=True)
class NavItem:
    label: str
    url: str
    current: bool
    awaiting: int = 0  # items awaiting the user there; shown when not 0


def _opens_the_admin(user) -> bool:
    """What django.contrib.admin itself asks (AdminSite.has_permission)."""
    return user.is_active and user.is_staff


# (label, URL name, who may use it), in the header's order.
ITEMS: list[tuple[str, str, Callable]] = [
    ("Your work", "staff_dashboard", decision_permissions.can_open_dashboard),
    ("Decisions", "staff_decisions:list", decision_permissions.can_use_staff_workspace),
    ("Agreements", "grants:list", grant_permissions.can_view_agreements),
    ("Contracts", "contracts:list", contract_permissions.can_view_contracts),
    ("Budgets", "budget:list", budget_permissions.may_list_budgets),
    ("Claims", "claims:list", claim_permissions.may_open_claims),
    ("Audit", "audit:log", can_read_audit_trail),
    ("Admin", "admin:index", _opens_the_admin),
]


def _current(path: str, urls: list[str]) -> str | None:
    """The item whose address is the longest start of `path` ("/staff/" only for itself)."""
    matches = [url for url in urls if path == url or (url != "/staff/" and path.startswith(url))]
    return max(matches, key=len, default=None)


def staff_navigation(request: HttpRequest) -> dict:
    """`staff_navigation`: the header items the signed-in user may use, the current one marked."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"staff_navigation": []}
    allowed = [(label, reverse(name)) for label, name, may in ITEMS if may(user)]
    current = _current(request.path, [url for _label, url in allowed])
    counts = awaiting_counts(user) if allowed else {}
    return {
        "staff_navigation": [
            NavItem(label, url, url == current, counts.get(label, 0)) for label, url in allowed
        ]
    }
