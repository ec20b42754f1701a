"""Cost categories, budgets per grant agreement and financial year, and their lines."""

from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Round

from alpha_hub.db import TimeStamped
from alpha_hub.fiscal_year import FIRST_YEAR, LAST_YEAR, FinancialYearField
from alpha_hub.history import AuditedHistory
from alpha_hub.money import MoneyField
from grants.models import GrantAgreement


class CostCategory(TimeStamped):
    """Reference data: pay, overtime, training ... and whatever an administrator adds."""

    code = models.SlugField(max_length=50, unique=True)
    name = models.CharField(max_length=100, unique=True)
    is_staff_cost = models.BooleanField(default=False)
    position = models.PositiveSmallIntegerField(default=0)

    history = AuditedHistory()

    class Meta:
        ordering = ["position", "name"]
        verbose_name_plural = "cost categories"

    def __str__(self) -> str:
        return self.name


class BudgetStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted"
    LOCKED = "locked", "Locked"


class Budget(TimeStamped):
    """One grant agreement's budget for one financial year."""

    Status = BudgetStatus

    agreement = models.ForeignKey(GrantAgreement, on_delete=models.PROTECT, related_name="budgets")
    financial_year = FinancialYearField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)

    history = AuditedHistory()

    class Meta:
        ordering = ["agreement", "financial_year"]
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "financial_year"], name="budget_one_per_agreement_and_year"
            ),
            models.CheckConstraint(
                condition=Q(status__in=BudgetStatus.values), name="budget_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(financial_year__gte=FIRST_YEAR, financial_year__lte=LAST_YEAR),
                name="budget_financial_year_in_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.agreement.reference} {self.financial_year}"


class BudgetLine(TimeStamped):
    """One line of a budget, e.g. "Detective Constable x 6"; `version` guards lost updates."""

    budget = models.ForeignKey(Budget, on_delete=models.CASCADE, related_name="lines")
    category = models.ForeignKey(CostCategory, on_delete=models.PROTECT, related_name="lines")
    description = models.CharField(max_length=200)
    fte = models.DecimalField(
        "FTE", max_digits=7, decimal_places=2, null=True, blank=True,
        help_text="Full-time equivalent posts, if the line is for staff.",
    )  # fmt: skip
    unit_cost = MoneyField(null=True, blank=True, help_text="Cost of one full-time post.")
    amount = MoneyField()
    notes = models.TextField(blank=True)
    version = models.PositiveIntegerField(default=1)

    history = AuditedHistory()

    class Meta:
        ordering = ["budget", "category__position", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gte=0), name="line_amount_not_negative"),
            models.CheckConstraint(
                condition=Q(unit_cost__isnull=True) | Q(unit_cost__gte=0),
                name="line_unit_cost_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(fte__isnull=True) | Q(fte__gt=0), name="line_fte_positive"
            ),
            models.CheckConstraint(
                condition=Q(fte__isnull=True)
                | Q(unit_cost__isnull=True)
                | Q(amount=Round(F("fte") * F("unit_cost"), 2)),
                name="line_amount_matches_fte_times_unit_cost",
            ),
            models.CheckConstraint(condition=~Q(description=""), name="line_description_not_empty"),
            models.CheckConstraint(condition=Q(version__gte=1), name="line_version_positive"),
        ]

    def __str__(self) -> str:
        return self.description
