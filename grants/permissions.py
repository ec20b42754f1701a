"""Who may do what with agreements and organisations (docs/permissions.md).

Views ask these; the services check what is valid now (grants.workflow). Officers and finance
enter and move agreements; finance alone closes one (it records the final spend); every working
role reads them.
"""

from __future__ import annotations

from alpha_hub.roles import Role, has_role

READERS = (
    Role.OFFICER, Role.CLEARANCE, Role.DECISION_MAKER, Role.FINANCE, Role.AUDITOR, Role.GOVERNANCE,
)  # fmt: skip


def _any(user, *roles: Role) -> bool:
    return any(has_role(user, role) for role in roles)


def can_view_agreements(user) -> bool:
    """Every working role reads agreements, organisations and their history."""
    return _any(user, *READERS)


def can_enter_agreement(user) -> bool:
    """Officers and finance enter proposed agreements."""
    return _any(user, Role.OFFICER, Role.FINANCE)


def can_add_organisation(user) -> bool:
    """Officers and finance add a funder, recipient or match funder that is not listed."""
    return _any(user, Role.OFFICER, Role.FINANCE)


def can_edit_agreement(user, agreement) -> bool:
    """Officers and finance change a proposed agreement (the service says whether it still is)."""
    return can_enter_agreement(user) and agreement.status == agreement.Status.PROPOSED


def can_activate_agreement(user, agreement) -> bool:
    """Officers and finance record that an approved agreement is in force."""
    return can_enter_agreement(user)


def can_withdraw_agreement(user, agreement) -> bool:
    """Officers and finance withdraw an agreement that will not go ahead."""
    return can_enter_agreement(user)


def can_close_agreement(user, agreement) -> bool:
    """Finance closes an agreement, recording the final spend and any underspend returned."""
    return has_role(user, Role.FINANCE)
