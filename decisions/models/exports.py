"""An auditor's bulk export of signed decision documents."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from decisions.models.reference import DecisionSeries


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
        DecisionSeries, on_delete=models.PROTECT, null=True, blank=True,
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
        # The table keeps the name it had when the foundation held it (decisions 0008).
        db_table = "alpha_hub_bulkexport"
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
