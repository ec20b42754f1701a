"""The access log. Imported by alpha_hub.models so its migrations land in alpha_hub."""

from __future__ import annotations

import pgtrigger
from django.conf import settings
from django.db import models
from django.db.models import F, Q

from alpha_hub.history import no_truncate_trigger


class AccessKind(models.TextChoices):
    LOGIN = "login", "Signed in"
    LOGIN_FAILED = "login_failed", "Failed sign-in"
    LOGOUT = "logout", "Signed out"
    PART2_VIEW = "part2_view", "Viewed Part 2"
    FULL_PDF_DOWNLOAD = "full_pdf", "Downloaded full PDF"


class AccessEvent(models.Model):
    """Who got in (or tried to) and who read restricted material. Append-only."""

    Kind = AccessKind

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    kind = models.CharField(max_length=15, choices=Kind.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="access_events",
    )  # fmt: skip
    # As typed, for failed sign-ins that name nobody (or somebody else).
    username = models.CharField(max_length=150, blank=True)
    subject = models.CharField(max_length=200, blank=True, help_text='e.g. "PCD 867"')
    path = models.CharField(max_length=500, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(F("at").desc(), F("id").desc(), name="access_event_keyset")]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=AccessKind.values), name="access_event_kind_valid"
            ),
        ]
        triggers = [
            pgtrigger.Protect(name="append_only", operation=pgtrigger.Update | pgtrigger.Delete),
            no_truncate_trigger(),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.username} {self.subject}".strip()
