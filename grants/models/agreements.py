"""Grant agreements, their funding profile per financial year and their match funding."""

import pgtrigger
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q

from alpha_hub.db import TimeStamped
from alpha_hub.fiscal_year import FIRST_YEAR, LAST_YEAR, FinancialYearField
from alpha_hub.history import AuditedHistory, no_truncate_trigger
from alpha_hub.money import MoneyField
from grants.models.organisations import Organisation, Programme
from grants.models.sql import (
    AGREEMENT_MOVES,
    CHECK_AGREEMENT,
    CHECK_MATCH_FUNDING,
    CHECK_PROFILE_ROW,
    PROFILE_FIXED_WHEN_APPROVED,
    deferred_check,
)

# What a signed decision approved (amount, parties, dates) stays as signed: later changes are
# variations. Decisions sit above grants, so their tables are named only in this SQL, which
# Postgres resolves when the trigger runs.
APPROVED_TERMS_FIXED = """
IF TG_OP = 'UPDATE' AND (NEW.amount_awarded, NEW.funder_id, NEW.recipient_id, NEW.starts_on,
    NEW.ends_on) IS NOT DISTINCT FROM (OLD.amount_awarded, OLD.funder_id, OLD.recipient_id,
    OLD.starts_on, OLD.ends_on) THEN
    RETURN NEW;
END IF;
SELECT s.code || ' ' || d.number INTO signed_reference
FROM decisions_approvedagreement a
JOIN decisions_decision d ON d.id = a.decision_id
JOIN decisions_decisionseries s ON s.id = d.series_id
WHERE a.agreement_id = OLD.id AND d.status IN ('signed', 'published')
ORDER BY d.signed_at, d.id
LIMIT 1;
IF NOT FOUND THEN
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    RETURN NEW;
END IF;
IF TG_OP = 'DELETE' THEN
    RAISE EXCEPTION 'grant agreement % was approved by signed decision %: it cannot be deleted',
        OLD.reference, signed_reference USING ERRCODE = 'integrity_constraint_violation';
END IF;
RAISE EXCEPTION 'grant agreement % was approved by signed decision %: its amount, funder, '
    'recipient and dates change only through a variation', OLD.reference, signed_reference
    USING ERRCODE = 'integrity_constraint_violation';
"""


class AgreementDirection(models.TextChoices):
    INCOMING = "incoming", "Incoming (we receive the grant)"
    OUTGOING = "outgoing", "Outgoing (we award the grant)"


class AgreementStatus(models.TextChoices):
    PROPOSED = "proposed", "Proposed"
    APPROVED = "approved", "Approved"
    ACTIVE = "active", "Active"
    CLOSED = "closed", "Closed"
    WITHDRAWN = "withdrawn", "Withdrawn"


class GrantAgreement(TimeStamped):
    """One agreement between a funder and a recipient, approved by a decision."""

    Direction = AgreementDirection

    Status = AgreementStatus

    reference = models.CharField(max_length=50, unique=True)
    title = models.CharField(max_length=200)
    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="agreements")
    funder = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="grants_made")
    recipient = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="grants_received"
    )
    fund_name = models.CharField("fund or scheme", max_length=200, blank=True)
    direction = models.CharField(max_length=10, choices=Direction.choices)
    amount_awarded = MoneyField(validators=[MinValueValidator(0)])
    starts_on = models.DateField()
    ends_on = models.DateField()
    legal_power = models.CharField(max_length=300, blank=True)
    conditions = models.TextField(blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PROPOSED)
    amount_spent = MoneyField(
        null=True, blank=True, help_text="Recorded when the agreement closes: the final spend."
    )
    underspend_returned = MoneyField(
        null=True, blank=True, help_text="Recorded when the agreement closes."
    )
    closed_on = models.DateField(null=True, blank=True)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        related_name="onward_grants",
        null=True,
        blank=True,
        help_text="The incoming agreement that funds this onward grant.",
    )

    history = AuditedHistory()

    class Meta:
        ordering = ["-starts_on", "reference"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount_awarded__gte=0),
                name="agreement_amount_not_negative",
                violation_error_message="The amount awarded cannot be negative.",
            ),
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")),
                name="agreement_dates_in_order",
                violation_error_message="The end date must be on or after the start date.",
            ),
            models.CheckConstraint(
                condition=Q(status__in=AgreementStatus.values),
                name="agreement_status_valid",
                violation_error_message="Choose a status from the list.",
            ),
            models.CheckConstraint(
                condition=Q(direction__in=AgreementDirection.values),
                name="agreement_direction_valid",
                violation_error_message="Choose whether the grant is incoming or outgoing.",
            ),
            models.CheckConstraint(
                condition=~Q(funder=F("recipient")),
                name="agreement_funder_is_not_recipient",
                violation_error_message="The funder and the recipient must be different.",
            ),
            models.CheckConstraint(
                condition=Q(parent__isnull=True) | ~Q(parent=F("id")),
                name="agreement_not_its_own_parent",
                violation_error_message="An agreement cannot fund itself.",
            ),
            models.CheckConstraint(
                condition=~Q(reference=""),
                name="agreement_reference_not_empty",
                violation_error_message="Enter a reference.",
            ),
            models.CheckConstraint(
                condition=Q(status=AgreementStatus.CLOSED)
                | Q(amount_spent__isnull=True, underspend_returned__isnull=True, closed_on=None),
                name="agreement_closing_figures_only_when_closed",
                violation_error_message="Only a closed agreement records its final spend.",
            ),
            models.CheckConstraint(
                condition=(Q(amount_spent__isnull=True) | Q(amount_spent__gte=0))
                & (Q(underspend_returned__isnull=True) | Q(underspend_returned__gte=0)),
                name="agreement_closing_figures_not_negative",
                violation_error_message="The amount spent and the underspend cannot be negative.",
            ),
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True) | Q(closed_on__gte=F("starts_on")),
                name="agreement_closed_after_start",
                violation_error_message="An agreement cannot close before it starts.",
            ),
        ]
        triggers = [
            pgtrigger.Trigger(
                name="terms_fixed_when_approved",
                when=pgtrigger.Before,
                operation=pgtrigger.Update | pgtrigger.Delete,
                declare=[("signed_reference", "TEXT")],
                func=APPROVED_TERMS_FIXED,
            ),
            pgtrigger.Trigger(
                name="status_moves_by_the_table",
                when=pgtrigger.Before,
                operation=pgtrigger.Update,
                condition=pgtrigger.Q(old__status__df=pgtrigger.F("new__status")),
                func=AGREEMENT_MOVES,
            ),
            deferred_check(
                "agreement_profile_and_onward",
                CHECK_AGREEMENT,
                pgtrigger.Insert | pgtrigger.Update,
            ),
            no_truncate_trigger(),
        ]

    def __str__(self) -> str:
        return f"{self.reference}: {self.title}"


class FundingProfileYear(TimeStamped):
    """An agreement's amount for one financial year; the years sum exactly to its amount."""

    agreement = models.ForeignKey(GrantAgreement, on_delete=models.CASCADE, related_name="profile")
    financial_year = FinancialYearField()
    amount = MoneyField(validators=[MinValueValidator(0)])

    history = AuditedHistory()

    class Meta:
        ordering = ["agreement", "financial_year"]
        verbose_name = "funding profile year"
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "financial_year"],
                name="profile_one_amount_per_agreement_and_year",
                violation_error_message="Give each financial year once.",
            ),
            models.CheckConstraint(
                condition=Q(amount__gte=0),
                name="profile_amount_not_negative",
                violation_error_message="A year's amount cannot be negative.",
            ),
            models.CheckConstraint(
                condition=Q(financial_year__gte=FIRST_YEAR, financial_year__lte=LAST_YEAR),
                name="profile_financial_year_in_range",
            ),
        ]
        triggers = [
            pgtrigger.Trigger(
                name="profile_fixed_when_approved",
                when=pgtrigger.Before,
                operation=pgtrigger.Insert | pgtrigger.Update | pgtrigger.Delete,
                func=PROFILE_FIXED_WHEN_APPROVED,
            ),
            deferred_check(
                "profile_sums_to_the_amount", CHECK_PROFILE_ROW, declare=[("agreement", "BIGINT")]
            ),
            no_truncate_trigger(),
        ]

    def __str__(self) -> str:
        return f"{self.agreement.reference} {self.financial_year}"


class MatchFunding(TimeStamped):
    """Money from another source that an agreement requires beside the grant itself."""

    agreement = models.ForeignKey(
        GrantAgreement, on_delete=models.PROTECT, related_name="match_funding"
    )
    source = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    amount = MoneyField()
    financial_year = FinancialYearField(null=True)
    description = models.CharField(max_length=300, blank=True)

    history = AuditedHistory()

    class Meta:
        verbose_name_plural = "match funding"
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gt=0),
                name="match_funding_amount_positive",
                violation_error_message="Match funding must be more than £0.00.",
            ),
            # Not null in the table, nullable in its history: rows from before years were asked.
            models.CheckConstraint(
                condition=Q(financial_year__isnull=False),
                name="match_funding_has_a_year",
                violation_error_message="Choose the financial year of the match funding.",
            ),
        ]
        triggers = [
            deferred_check(
                "match_funding_in_period_and_onward",
                CHECK_MATCH_FUNDING,
                declare=[("agreement", "BIGINT")],
            )
        ]

    def __str__(self) -> str:
        return f"{self.source} towards {self.agreement.reference}"
