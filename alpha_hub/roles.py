"""The roles people hold: Django groups with fixed codes, created by a migration."""

from django.db import models


class Role(models.TextChoices):
    OFFICER = "officer", "Drafting officer"
    CLEARANCE = "clearance", "Clearance signatory"
    DECISION_MAKER = "decision_maker", "Decision maker"
    FINANCE = "finance", "Finance"
    AUDITOR = "auditor", "Auditor"
    ADMINISTRATOR = "administrator", "Administrator"
    # Keeps the register: imports historic decisions, reserves numbers (issue 12).
    GOVERNANCE = "governance", "Governance officer"


def has_role(user, role: Role) -> bool:
    """Whether `user` is active and in the group for `role`."""
    if not user.is_authenticated or not user.is_active:
        return False
    return role in user_roles(user)


def user_roles(user) -> frozenset[str]:
    """The role codes `user` holds, read once per request and kept on the user object."""
    if not hasattr(user, "_role_codes"):
        user._role_codes = frozenset(user.groups.values_list("name", flat=True))
    return user._role_codes


def role_group(role: Role):
    """The group for `role`. A migration creates them all; this recreates one that went missing
    (a test database flushed between transactional tests loses the migration's rows)."""
    from django.contrib.auth.models import Group

    return Group.objects.get_or_create(name=role)[0]
