"""People. Users are deactivated when they leave, never deleted: history points at them."""

import pgtrigger
from django.contrib.auth.models import AbstractUser
from django.db import models

from alpha_hub.history import AuditedHistory


class User(AbstractUser):
    """A member of staff; `full_name` is how documents and history show them."""

    full_name = models.CharField(max_length=150, blank=True)
    job_title = models.CharField(max_length=150, blank=True)

    history = AuditedHistory(excluded_fields=["last_login", "password"])

    class Meta:
        triggers = [pgtrigger.Protect(name="never_deleted", operation=pgtrigger.Delete)]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return self.full_name or self.get_full_name() or self.username


# The access log lives in alpha_hub/audit/; its migrations land in alpha_hub.
from alpha_hub.audit.models import AccessEvent  # noqa: E402

__all__ = ["AccessEvent", "User"]
