"""Cost categories, budgets per grant agreement and financial year, and their lines."""

import pgtrigger
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Round

from alpha_hub.db import TimeStamped
from alpha_hub.fiscal_year import FIRST_YEAR, LAST_YEAR, FinancialYearField
from alpha_hub.history import AuditedHistory, no_truncate_trigger
from alpha_hub.money import MoneyField
from grants.models import GrantAgreement, GrantVariation

# Database guards that a check constraint cannot express because they read another row.
LOCKED_BUDGET_LINES = """
IF TG_OP IN ('UPDATE', 'DELETE') THEN
    IF EXISTS (SELECT 1 FROM budget_budget WHERE id = OLD.budget_id AND status = 'locked') THEN
        RAISE EXCEPTION 'budget_locked: a locked budget''s lines cannot change; record a variation'
            USING ERRCODE = 'check_violation';
    END IF;
END IF;
IF TG_OP IN ('INSERT', 'UPDATE') THEN
    IF EXISTS (SELECT 1 FROM budget_budget WHERE id = NEW.budget_id AND status = 'locked') THEN
        RAISE EXCEPTION 'budget_locked: a locked budget''s lines cannot change; record a variation'
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END IF;
RETURN OLD;
"""

LINE_VERSION_STEPS_BY_ONE = """
IF NEW.version <> OLD.version + 1 THEN
    RAISE EXCEPTION 'line_version: each change to a budget line adds one to its version'
        USING ERRCODE = 'check_violation';
END IF;
RETURN NEW;
"""

# The agreement's period, widened by any variation's new dates: finance prepares the budget of
# a year a variation adds before the varying decision is signed (signing checks it reconciles).
BUDGET_YEAR_IN_AGREEMENT_PERIOD = """
IF NOT EXISTS (
    SELECT 1 FROM grants_grantagreement a
    WHERE a.id = NEW.agreement_id
      AND make_date(NEW.financial_year, 4, 1) <= GREATEST(a.ends_on, (
          SELECT max(v.ends_on_after) FROM grants_grantvariation v WHERE v.agreement_id = a.id))
      AND make_date(NEW.financial_year + 1, 3, 31) >= LEAST(a.starts_on, (
          SELECT min(v.starts_on_after) FROM grants_grantvariation v WHERE v.agreement_id = a.id))
) THEN
    RAISE EXCEPTION 'budget_year: the financial year is outside the agreement''s period'
        USING ERRCODE = 'check_violation';
END IF;
IF TG_OP = 'UPDATE' AND OLD.status = 'locked' AND NEW.status <> 'locked' THEN
    RAISE EXCEPTION 'budget_locked: a locked budget stays locked' USING ERRCODE = 'check_violation';
END IF;
RETURN NEW;
"""

VARIATION_OF_THE_SAME_AGREEMENT = """
IF NOT EXISTS (
    SELECT 1 FROM budget_budget b JOIN grants_grantvariation v ON v.agreement_id = b.agreement_id
    WHERE b.id = NEW.budget_id AND v.id = NEW.grant_variation_id AND b.status = 'locked'
) THEN
    RAISE EXCEPTION 'budget_variation: a variation needs a locked budget and a grant variation of '
        'the same agreement' USING ERRCODE = 'check_violation';
END IF;
RETURN NEW;
"""


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
        triggers = [
            pgtrigger.Trigger(
                name="budget_year_in_agreement_period",
                when=pgtrigger.Before,
                operation=pgtrigger.Insert | pgtrigger.Update,
                func=BUDGET_YEAR_IN_AGREEMENT_PERIOD,
            ),
            no_truncate_trigger(),
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
        triggers = [
            pgtrigger.Trigger(
                name="line_budget_not_locked",
                when=pgtrigger.Before,
                operation=pgtrigger.Insert | pgtrigger.Update | pgtrigger.Delete,
                func=LOCKED_BUDGET_LINES,
            ),
            pgtrigger.Trigger(
                name="line_version_steps_by_one",
                when=pgtrigger.Before,
                operation=pgtrigger.Update,
                func=LINE_VERSION_STEPS_BY_ONE,
            ),
            no_truncate_trigger(),
        ]

    def __str__(self) -> str:
        return f"{self.description} ({self.budget})"


class BudgetVariation(TimeStamped):
    """A change to a locked budget, made under a grant variation, with a reason."""

    budget = models.ForeignKey(Budget, on_delete=models.PROTECT, related_name="variations")
    grant_variation = models.ForeignKey(
        GrantVariation, on_delete=models.PROTECT, related_name="budget_variations"
    )
    reason = models.TextField()

    history = AuditedHistory()

    class Meta:
        ordering = ["budget", "created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(reason=""), name="budget_variation_reason_not_empty"
            ),
        ]
        triggers = [
            pgtrigger.Trigger(
                name="variation_of_the_same_agreement",
                when=pgtrigger.Before,
                operation=pgtrigger.Insert | pgtrigger.Update,
                func=VARIATION_OF_THE_SAME_AGREEMENT,
            ),
        ]

    def __str__(self) -> str:
        return f"Variation of {self.budget}"


class BudgetVariationLine(TimeStamped):
    """One change a variation makes: an amount added to (or taken from) a category."""

    variation = models.ForeignKey(BudgetVariation, on_delete=models.PROTECT, related_name="lines")
    category = models.ForeignKey(CostCategory, on_delete=models.PROTECT, related_name="+")
    description = models.CharField(max_length=200)
    change = MoneyField(help_text="Positive adds to the budget, negative takes away.")

    history = AuditedHistory()

    class Meta:
        ordering = ["variation", "category__position", "id"]
        constraints = [
            models.CheckConstraint(condition=~Q(change=0), name="variation_line_change_not_zero"),
            models.CheckConstraint(
                condition=~Q(description=""), name="variation_line_description_not_empty"
            ),
        ]

    def __str__(self) -> str:
        return self.description
