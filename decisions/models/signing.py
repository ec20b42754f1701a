"""Clearance, signature and the issued documents."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from alpha_hub.db import TimeStamped
from alpha_hub.history import AuditedHistory
from decisions.frozen import record_only_trigger
from decisions.models.decision import Decision
from decisions.models.reference import ClearanceCapacity


class Clearance(TimeStamped):
    """A signatory's clearance of a submitted decision, in one capacity."""

    decision = models.ForeignKey(Decision, on_delete=models.PROTECT, related_name="clearances")
    capacity = models.CharField(max_length=15, choices=ClearanceCapacity.choices)
    cleared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="clearances"
    )
    cleared_at = models.DateTimeField()
    comment = models.TextField(blank=True)
    round = models.PositiveSmallIntegerField(
        default=1, help_text="The decision's submission round."
    )

    history = AuditedHistory()

    class Meta:
        triggers = [record_only_trigger()]
        ordering = ["decision", "cleared_at", "capacity"]
        constraints = [
            models.UniqueConstraint(
                fields=["decision", "round", "capacity"], name="clearance_once_per_round"
            ),
            models.CheckConstraint(
                condition=Q(capacity__in=ClearanceCapacity.values), name="clearance_capacity_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_capacity_display()} clearance of {self.decision.reference}"


class Signature(TimeStamped):
    """The act of signing: who, when, the declaration they confirmed, and from where."""

    decision = models.OneToOneField(Decision, on_delete=models.PROTECT, related_name="signature")
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="signatures"
    )
    signed_at = models.DateTimeField()
    printed_name = models.CharField(max_length=200)
    declaration = models.TextField()
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=500, blank=True)

    history = AuditedHistory()

    class Meta:
        triggers = [record_only_trigger()]

    def __str__(self) -> str:
        return f"Signature on {self.decision.reference}"


class DocumentVariant(models.TextChoices):
    PUBLIC = "public", "Public (Part 1)"
    FULL = "full", "Full (with Part 2)"


class DecisionDocument(TimeStamped):
    """An issued PDF: stored once with its hash, never re-rendered."""

    Variant = DocumentVariant

    decision = models.ForeignKey(Decision, on_delete=models.PROTECT, related_name="documents")
    variant = models.CharField(max_length=10, choices=Variant.choices)
    file = models.FileField(upload_to="decisions/%Y/")
    sha256 = models.CharField(max_length=64)
    certificate_fingerprint = models.CharField(max_length=64, blank=True)
    template_version = models.CharField(max_length=40)

    history = AuditedHistory()

    class Meta:
        triggers = [record_only_trigger()]
        constraints = [
            models.UniqueConstraint(
                fields=["decision", "variant"], name="document_one_per_variant"
            ),
            models.CheckConstraint(
                condition=Q(sha256__regex=r"^[0-9a-f]{64}$"), name="document_sha256_format"
            ),
            models.CheckConstraint(
                condition=Q(variant__in=DocumentVariant.values), name="document_variant_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.decision.reference} ({self.get_variant_display()})"
