"""Who may use the auditor's workspace."""

from alpha_hub.roles import Role, has_role


def can_read_audit_trail(user) -> bool:
    """Auditors read every change and the access log."""
    return has_role(user, Role.AUDITOR)


def can_export_documents(user) -> bool:
    """Auditors export signed decision documents in bulk."""
    return has_role(user, Role.AUDITOR)


def can_download_export(user, export) -> bool:
    """An export is for the auditor who asked for it."""
    return can_export_documents(user) and export.requested_by_id == user.pk
