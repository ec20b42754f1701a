"""Reference data: series, categories and what each office may decide (delegation rules)."""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q

from alpha_hub.db import TimeStamped
from alpha_hub.history import AuditedHistory, no_truncate_trigger
from alpha_hub.money import MoneyField
from decisions.frozen import series_code_fixed_trigger
from decisions.models.offices import Office


class ClearanceCapacity(models.TextChoices):
    HEAD_OF_UNIT = "head_of_unit", "Head of unit"
    FINANCE = "finance", "Finance"
    LEGAL = "legal", "Legal"


def all_clearance_capacities() -> list[str]:
    """By default a series needs every clearance: head of unit, finance and legal."""
    return list(ClearanceCapacity.values)


class DecisionSeries(TimeStamped):
    """PCD, DMPCD, CEOD ...: reference data, each with its own numbering."""

    code = models.CharField(max_length=10, unique=True)
    name = models.CharField(max_length=200)
    required_clearances = ArrayField(
        models.CharField(max_length=15, choices=ClearanceCapacity.choices),
        default=all_clearance_capacities, blank=True,
        help_text="The capacities in which a decision in this series must be cleared.",
    )  # fmt: skip
    clearers_must_differ = models.BooleanField(
        default=True,
        help_text="Each capacity is cleared by a different person: nobody clears a decision in "
        "two capacities in the same round.",
    )

    history = AuditedHistory()

    class Meta:
        ordering = ["code"]
        verbose_name_plural = "decision series"
        constraints = [
            models.CheckConstraint(
                condition=Q(code__regex=r"^[A-Z]{2,10}$"), name="series_code_format"
            ),
            models.CheckConstraint(
                condition=Q(required_clearances__contained_by=ClearanceCapacity.values),
                name="series_required_clearances_valid",
            ),
        ]
        triggers = [series_code_fixed_trigger(), no_truncate_trigger()]

    def __str__(self) -> str:
        return self.code


class DecisionCategory(TimeStamped):
    """What a decision is about (grant funding, procurement ...); delegation rules use it."""

    code = models.SlugField(max_length=50, unique=True)
    name = models.CharField(max_length=100, unique=True)

    history = AuditedHistory()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "decision categories"

    def __str__(self) -> str:
        return self.name


class DelegationRule(TimeStamped):
    """What an office may decide: data in the admin, not constants in code."""

    office = models.ForeignKey(Office, on_delete=models.PROTECT, related_name="delegations")
    holder = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="delegations",
        help_text="Only this person, while they hold or act for the office; empty means whoever "
        "does on the day.",
    )  # fmt: skip
    series = models.ForeignKey(DecisionSeries, on_delete=models.PROTECT, related_name="+")
    category = models.ForeignKey(
        DecisionCategory, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        help_text="Empty means any category.",
    )  # fmt: skip
    upper_value = MoneyField(null=True, blank=True, help_text="Empty means no upper limit.")
    scheme_paragraph = models.CharField(
        max_length=200, help_text="e.g. paragraph 4.8 of the Scheme of Consent and Delegation"
    )
    is_active = models.BooleanField(default=True)

    history = AuditedHistory()

    class Meta:
        ordering = ["series", "office"]
        constraints = [
            models.CheckConstraint(
                condition=Q(upper_value__isnull=True) | Q(upper_value__gte=0),
                name="delegation_upper_value_not_negative",
            ),
            models.CheckConstraint(
                condition=~Q(scheme_paragraph=""), name="delegation_paragraph_not_empty"
            ),
        ]

    def __str__(self) -> str:
        limit = "any value" if self.upper_value is None else f"up to {self.upper_value}"
        return f"{self.office}: {self.series} {limit} ({self.scheme_paragraph})"
