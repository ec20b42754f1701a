"""Who may use the auditor's workspace."""

from alpha_hub.roles import Role, has_role


def can_read_audit_trail(user) -> bool:
    """Auditors read every change and the access log."""
    return has_role(user, Role.AUDITOR)
