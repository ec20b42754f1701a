"""Organisations, programmes, grant agreements and their variations."""

import pgtrigger
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.db.models import F, Q

from alpha_hub.db import TimeStamped
from alpha_hub.history import AuditedHistory, no_truncate_trigger
from alpha_hub.money import MoneyField

# 360Giving org identifiers: a register's prefix, then the identifier (GB-GOVUK-..., GB-CHC-...).
ORG_IDENTIFIER_PATTERN = r"^[A-Z]{2}-[A-Z0-9]+-[A-Za-z0-9._-]+$"

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


class OrganisationKind(models.TextChoices):
    GOVERNMENT_DEPARTMENT = "government_department", "Government department"
    POLICE_FORCE = "police_force", "Police force"
    POLICING_BODY = "policing_body", "Policing body"
    LOCAL_AUTHORITY = "local_authority", "Local authority"
    CHARITY = "charity", "Charity"
    COMPANY = "company", "Company"
    OTHER = "other", "Other"


class Organisation(TimeStamped):
    """A funder, recipient, host or sponsor of grant-funded work."""

    Kind = OrganisationKind

    name = models.CharField(max_length=200, unique=True)
    short_name = models.CharField(max_length=40, blank=True)
    kind = models.CharField(max_length=30, choices=Kind.choices)
    org_identifier = models.CharField(
        "organisation identifier",
        max_length=100,
        unique=True,
        validators=[
            RegexValidator(ORG_IDENTIFIER_PATTERN, "Enter an identifier like GB-GOVUK-...")
        ],
        help_text="In the 360Giving org-id style, for example GB-GOVUK-HOME-OFFICE.",
    )

    history = AuditedHistory()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=OrganisationKind.values),
                name="organisation_kind_valid",
                violation_error_message="Choose a kind of organisation from the list.",
            ),
            models.CheckConstraint(
                condition=Q(org_identifier__regex=ORG_IDENTIFIER_PATTERN),
                name="organisation_identifier_format",
                violation_error_message="Enter an identifier like GB-GOVUK-home-office.",
            ),
            models.CheckConstraint(
                condition=~Q(name=""),
                name="organisation_name_not_empty",
                violation_error_message="Enter the organisation's name.",
            ),
        ]

    def __str__(self) -> str:
        return self.short_name or self.name


class ProgrammeStatus(models.TextChoices):
    ACTIVE = "active", "Active"
    CLOSED = "closed", "Closed"


class Programme(TimeStamped):
    """A funded line of work that spans years and decisions."""

    Status = ProgrammeStatus

    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    description = models.TextField(blank=True)
    host = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="hosted")
    sponsor = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="sponsored", null=True, blank=True
    )
    oversight_lead = models.CharField(max_length=200, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ACTIVE)

    history = AuditedHistory()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=ProgrammeStatus.values),
                name="programme_status_valid",
                violation_error_message="Choose a status from the list.",
            ),
            models.CheckConstraint(
                condition=~Q(name=""),
                name="programme_name_not_empty",
                violation_error_message="Enter the programme's name.",
            ),
        ]

    def __str__(self) -> str:
        return self.name


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
        ]
        triggers = [
            pgtrigger.Trigger(
                name="terms_fixed_when_approved",
                when=pgtrigger.Before,
                operation=pgtrigger.Update | pgtrigger.Delete,
                declare=[("signed_reference", "TEXT")],
                func=APPROVED_TERMS_FIXED,
            ),
            no_truncate_trigger(),
        ]

    def __str__(self) -> str:
        return f"{self.reference}: {self.title}"


class MatchFunding(TimeStamped):
    """Money from another source that an agreement requires beside the grant itself."""

    agreement = models.ForeignKey(
        GrantAgreement, on_delete=models.PROTECT, related_name="match_funding"
    )
    source = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    amount = MoneyField()
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
        ]

    def __str__(self) -> str:
        return f"{self.source} towards {self.agreement.reference}"


class GrantVariation(TimeStamped):
    """A change to an agreement's amount or dates; the decision that makes it links to it."""

    agreement = models.ForeignKey(
        GrantAgreement, on_delete=models.PROTECT, related_name="variations"
    )
    amount_before = MoneyField(validators=[MinValueValidator(0)])
    amount_after = MoneyField(validators=[MinValueValidator(0)])
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
