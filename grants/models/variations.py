"""Variations of agreements: made by decisions, counted once the decision is signed."""

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q

from alpha_hub.db import TimeStamped
from alpha_hub.fiscal_year import FIRST_YEAR, LAST_YEAR, FinancialYearField
from alpha_hub.history import AuditedHistory, no_truncate_trigger
from alpha_hub.money import MoneyField
from grants.models.agreements import GrantAgreement
from grants.models.sql import CHECK_VARIATION_PROFILE_ROW, deferred_check


class GrantVariation(TimeStamped):
    """A change to an agreement's amount or dates; the decision that makes it links to it."""

    agreement = models.ForeignKey(
        GrantAgreement, on_delete=models.PROTECT, related_name="variations"
    )
    amount_before = MoneyField(validators=[MinValueValidator(0)])
    amount_after = MoneyField(validators=[MinValueValidator(0)])
    starts_on_before = models.DateField(null=True, blank=True)
    ends_on_before = models.DateField(null=True, blank=True)
    starts_on_after = models.DateField(null=True, blank=True)
    ends_on_after = models.DateField(null=True, blank=True)
    reason = models.TextField()

    history = AuditedHistory()

    class Meta:
        ordering = ["agreement", "created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount_before__gte=0) & Q(amount_after__gte=0),
                name="variation_amounts_not_negative",
                violation_error_message="Amounts cannot be negative.",
            ),
            models.CheckConstraint(
                condition=Q(starts_on_after__isnull=True)
                | Q(ends_on_after__isnull=True)
                | Q(ends_on_after__gte=F("starts_on_after")),
                name="variation_dates_in_order",
                violation_error_message="The new end date must be on or after the new start date.",
            ),
            models.CheckConstraint(
                condition=~Q(reason=""),
                name="variation_reason_not_empty",
                violation_error_message="Give the reason for the variation.",
            ),
        ]

    def __str__(self) -> str:
        return f"Variation of {self.agreement.reference}"

    @property
    def change(self):
        return self.amount_after - self.amount_before


class VariationProfileYear(TimeStamped):
    """One financial year of a variation: the agreement's amount for it before and after."""

    variation = models.ForeignKey(GrantVariation, on_delete=models.CASCADE, related_name="profile")
    financial_year = FinancialYearField()
    amount_before = MoneyField(validators=[MinValueValidator(0)])
    amount_after = MoneyField(validators=[MinValueValidator(0)])

    history = AuditedHistory()

    class Meta:
        ordering = ["variation", "financial_year"]
        constraints = [
            models.UniqueConstraint(
                fields=["variation", "financial_year"],
                name="variation_profile_one_row_per_year",
                violation_error_message="Give each financial year once.",
            ),
            models.CheckConstraint(
                condition=Q(amount_before__gte=0) & Q(amount_after__gte=0),
                name="variation_profile_not_negative",
                violation_error_message="A year's amount cannot be negative.",
            ),
            models.CheckConstraint(
                condition=Q(financial_year__gte=FIRST_YEAR, financial_year__lte=LAST_YEAR),
                name="variation_profile_year_in_range",
            ),
        ]
        triggers = [
            deferred_check("variation_profile_sums", CHECK_VARIATION_PROFILE_ROW),
            no_truncate_trigger(),
        ]

    def __str__(self) -> str:
        return f"{self.variation} {self.financial_year}"

    @property
    def change(self):
        return self.amount_after - self.amount_before
