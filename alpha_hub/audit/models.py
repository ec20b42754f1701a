"""The access log and bulk exports. Imported by alpha_hub.models so migrations land in alpha_hub."""

from __future__ import annotations

import pgtrigger
from django.conf import settings
from django.db import models
from django.db.models import F, Q


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
            pgtrigger.Protect(name="append_only", operation=pgtrigger.Update | pgtrigger.Delete)
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.username} {self.subject}".strip()


class ExportStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    RUNNING = "running", "Running"
    DONE = "done", "Ready to download"
    FAILED = "failed", "Failed"


class BulkExport(models.Model):
    """An auditor's ZIP of signed PDFs and a manifest, built by a background task."""

    Status = ExportStatus

    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="bulk_exports"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    series = models.ForeignKey(
        "decisions.DecisionSeries", on_delete=models.PROTECT, null=True, blank=True,
        related_name="+",
    )  # fmt: skip
    signed_from = models.DateField(null=True, blank=True)
    signed_to = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    file = models.FileField(upload_to="exports/%Y/", blank=True)
    error = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=ExportStatus.values), name="bulk_export_status_valid"
            ),
            models.CheckConstraint(condition=Q(done__lte=F("total")), name="bulk_export_progress"),
            models.CheckConstraint(
                condition=Q(signed_from__isnull=True)
                | Q(signed_to__isnull=True)
                | Q(signed_from__lte=F("signed_to")),
                name="bulk_export_date_range",
            ),
            models.CheckConstraint(
                condition=~Q(status="done") | ~Q(file=""), name="bulk_export_done_has_file"
            ),
        ]

    def __str__(self) -> str:
        return f"Export {self.pk} ({self.get_status_display()})"

    @property
    def percent(self) -> int:
        return 100 if not self.total else round(100 * self.done / self.total)
