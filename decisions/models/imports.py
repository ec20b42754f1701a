"""Historic imports of the register's past, and decision numbers held back (docs/import.md)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from alpha_hub.db import TimeStamped
from alpha_hub.history import AuditedHistory, no_truncate_trigger
from decisions.models.reference import DecisionSeries


class ImportStatus(models.TextChoices):
    PREVIEWED = "previewed", "Checked, not applied"
    APPLIED = "applied", "Applied"


class DecisionImport(TimeStamped):
    """One file of historic decisions: who brought it in, when, and what the check found."""

    Status = ImportStatus

    file_name = models.CharField(max_length=255)
    sha256 = models.CharField(max_length=64)
    # Kept between the preview and the apply of an upload; the command reads its file in place.
    file = models.FileField(upload_to="imports/%Y/", blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PREVIEWED)
    report = models.JSONField(default=dict, blank=True, help_text="Counts and refusals.")
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="+",
    )  # fmt: skip
    applied_at = models.DateTimeField(null=True, blank=True)

    history = AuditedHistory()

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=ImportStatus.values), name="import_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(sha256__regex=r"^[0-9a-f]{64}$"), name="import_sha256_format"
            ),
            models.CheckConstraint(
                condition=~Q(status="applied")
                | Q(applied_by__isnull=False, applied_at__isnull=False),
                name="import_applied_has_who_and_when",
            ),
        ]
        triggers = [no_truncate_trigger()]

    def __str__(self) -> str:
        return f"Import of {self.file_name} ({self.get_status_display().lower()})"


class NumberReservation(TimeStamped):
    """A number of a series held back, by a governance officer, for a decision that will have it
    (one in a historic import, say): new drafts number past it."""

    series = models.ForeignKey(DecisionSeries, on_delete=models.PROTECT, related_name="+")
    number = models.PositiveIntegerField()
    reason = models.CharField(max_length=500)
    reserved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    used_by = models.OneToOneField(
        "decisions.Decision", on_delete=models.PROTECT, null=True, blank=True,
        related_name="reservation",
    )  # fmt: skip

    history = AuditedHistory()

    class Meta:
        ordering = ["series", "number"]
        constraints = [
            models.UniqueConstraint(fields=["series", "number"], name="reservation_unique"),
            models.CheckConstraint(condition=Q(number__gt=0), name="reservation_number_positive"),
            models.CheckConstraint(condition=~Q(reason=""), name="reservation_has_reason"),
        ]
        triggers = [no_truncate_trigger()]

    def __str__(self) -> str:
        return f"{self.series.code} {self.number} (reserved)"
