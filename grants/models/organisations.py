"""Organisations and programmes: reference data that agreements point at."""

import pgtrigger
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q

from alpha_hub.db import TimeStamped
from alpha_hub.history import AuditedHistory
from grants.models import sql

# 360Giving org identifiers: a register's prefix, then the identifier (GB-GOVUK-..., GB-CHC-...).
ORG_IDENTIFIER_PATTERN = r"^[A-Z]{2}-[A-Z0-9]+-[A-Za-z0-9._-]+$"


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
        triggers = [
            pgtrigger.Trigger(
                name="programme_address_fixed_once_published",
                when=pgtrigger.Before,
                operation=pgtrigger.Update,
                condition=pgtrigger.Q(old__slug__df=pgtrigger.F("new__slug")),
                func=sql.PROGRAMME_ADDRESS_FIXED,
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_published(self) -> bool:
        """Whether a published decision approves one of its agreements (its page is public)."""
        return self.agreements.filter(approvals__decision__status="published").exists()
