"""Who may read contracts. Writing one changes its decision: decisions.permissions says who."""

from __future__ import annotations

from alpha_hub.roles import Role, has_role

READERS = (
    Role.OFFICER, Role.CLEARANCE, Role.DECISION_MAKER, Role.FINANCE, Role.AUDITOR, Role.GOVERNANCE,
)  # fmt: skip


def can_view_contracts(user) -> bool:
    """Staff with a working role read every contract, as they read every decision."""
    return any(has_role(user, role) for role in READERS)
