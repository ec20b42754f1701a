"""The decision itself, shown as `PCD 867`."""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.db import models
from django.db.models import F, Q
from django.urls import reverse

from alpha_hub.db import TimeStamped
from alpha_hub.history import AuditedHistory, no_truncate_trigger
from alpha_hub.money import MoneyField, format_money
from decisions.frozen import decision_frozen_trigger
from decisions.models.offices import Office
from decisions.models.reference import DecisionCategory, DecisionSeries

# The declaration a decision maker confirms when signing, as on the register's signed documents.
INTEREST_DECLARATION = (
    "I confirm I have considered whether or not I have any personal or prejudicial interest in "
    "this matter and take the proposed decision in compliance with the Code of Conduct. Any such "
    "interests are recorded below."
)


class DecisionQuerySet(models.QuerySet):
    def published(self) -> DecisionQuerySet:
        return self.filter(status=Decision.Status.PUBLISHED)

    def newest_first(self) -> DecisionQuerySet:
        return self.order_by(F("signed_at").desc(nulls_last=True), "-number")


class DecisionStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted for clearance"
    RETURNED = "returned", "Returned to drafter"
    CLEARED = "cleared", "Cleared, awaiting signature"
    SIGNED = "signed", "Signed"
    PUBLISHED = "published", "Published"
    REJECTED = "rejected", "Rejected"
    WITHDRAWN = "withdrawn", "Withdrawn"


class Assessment(models.TextChoices):
    NOT_RECORDED = "not_recorded", "Not recorded"
    COMPLETED = "completed", "Completed"
    NOT_REQUIRED = "not_required", "Not required"


class DecisionKind(models.TextChoices):
    """What a decision does, as the register lets a reader filter it (docs/adr/0058)."""

    GRANT = "grant", "Grant"
    CONTRACT = "contract", "Contract"
    SETTLEMENT = "settlement", "Settlement"
    GOVERNANCE = "governance", "Governance"
    OTHER = "other", "Other"


class ValuePublication(models.TextChoices):
    """How the public sees the financial value; the value itself is always recorded."""

    EXACT = "exact", "Published as the exact value"
    UP_TO = "up_to", "Published as a maximum (“up to”)"
    WITHHELD = "withheld", "Withheld from publication"


class Decision(TimeStamped):
    """A formal decision, shown as `PCD 867`."""

    Status = DecisionStatus

    Assessment = Assessment

    Kind = DecisionKind

    ValuePublication = ValuePublication

    SIGNED_STATUSES = (Status.SIGNED, Status.PUBLISHED)

    series = models.ForeignKey(DecisionSeries, on_delete=models.PROTECT, related_name="decisions")
    number = models.PositiveIntegerField()
    title = models.CharField(max_length=250)
    category = models.ForeignKey(DecisionCategory, on_delete=models.PROTECT, related_name="+")
    executive_summary = models.TextField(blank=True)
    office = models.ForeignKey(
        Office, on_delete=models.PROTECT, related_name="decisions", verbose_name="addressed to",
        help_text="The office the recommendations are put to; only its holder signs.",
    )  # fmt: skip
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="drafted_decisions",
        null=True, blank=True, help_text="Not recorded for an imported decision.",
    )  # fmt: skip
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.OTHER)
    financial_value = MoneyField(
        default=0, help_text="Drives the delegation check; recorded even when it is withheld."
    )
    value_publication = models.CharField(
        "how the value is published", max_length=10, choices=ValuePublication.choices,
        default=ValuePublication.EXACT,
        help_text="An imported decision whose register withholds its value records £0.00, "
        "withheld.",
    )  # fmt: skip
    part2_covers_value = models.BooleanField(
        "Part 2 covers the value", default=False,
        help_text="The value is confidential, in Part 2: it is withheld, with no other choice.",
    )  # fmt: skip
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="signed_decisions",
        null=True,
        blank=True,
    )
    signed_by_name = models.CharField(
        "decision by", max_length=200, blank=True,
        help_text='As printed: the holder and the office on the day, e.g. "Sophie Linden, '
        'Deputy Mayor for Policing and Crime".',
    )  # fmt: skip
    signed_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    has_part2 = models.BooleanField("has a Part 2", default=False)
    part2_exemption_ground = models.CharField(max_length=500, blank=True)
    dpia = models.CharField(
        "data protection impact assessment", max_length=15,
        choices=Assessment.choices, default=Assessment.NOT_RECORDED,
    )  # fmt: skip
    equality_assessment = models.CharField(
        "equality impact assessment", max_length=15,
        choices=Assessment.choices, default=Assessment.NOT_RECORDED,
    )  # fmt: skip
    # Each submission starts a new round of clearances; a return makes earlier ones stale.
    submission_round = models.PositiveSmallIntegerField(default=0, editable=False)
    status_reason = models.CharField(
        max_length=2000, blank=True, editable=False,
        help_text="Why it was last returned, rejected or withdrawn.",
    )  # fmt: skip
    # A decision brought in from the register's past (docs/import.md): frozen like a signed one,
    # and signed by someone who may never have had an account here.
    imported_in = models.ForeignKey(
        "decisions.DecisionImport", on_delete=models.PROTECT, null=True, blank=True,
        related_name="decisions", editable=False,
    )  # fmt: skip
    import_fingerprint = models.CharField(
        max_length=64, blank=True, editable=False,
        help_text="SHA-256 of the imported row: importing the same row again changes nothing.",
    )  # fmt: skip
    # The public register's full-text search (issue 6, docs/adr/0040): computed by Postgres from
    # the title (weight A, so title matches rank first) and the summary; never written by Django.
    search_vector = models.GeneratedField(
        expression=SearchVector("title", config="english", weight="A")
        + SearchVector("executive_summary", config="english", weight="B"),
        output_field=SearchVectorField(),
        db_persist=True,
    )

    objects = DecisionQuerySet.as_manager()
    history = AuditedHistory(excluded_fields=["search_vector"])

    class Meta:
        ordering = ["series", "-number"]
        indexes = [GinIndex(fields=["search_vector"], name="decision_search_vector")]
        constraints = [
            models.UniqueConstraint(fields=["series", "number"], name="decision_unique_reference"),
            models.CheckConstraint(condition=Q(number__gt=0), name="decision_number_positive"),
            models.CheckConstraint(condition=~Q(title=""), name="decision_title_not_empty"),
            models.CheckConstraint(
                condition=Q(status__in=DecisionStatus.values), name="decision_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(financial_value__gte=0), name="decision_value_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(dpia__in=Assessment.values)
                & Q(equality_assessment__in=Assessment.values),
                name="decision_assessments_valid",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["signed", "published"])
                | (
                    Q(signed_at__isnull=False)
                    & (Q(signed_by__isnull=False) | Q(imported_in__isnull=False))
                    & ~Q(signed_by_name="")
                ),
                name="decision_signed_has_signer_and_date",
            ),
            models.CheckConstraint(
                condition=Q(drafted_by__isnull=False) | Q(imported_in__isnull=False),
                name="decision_has_drafter_unless_imported",
            ),
            models.CheckConstraint(
                condition=Q(imported_in__isnull=True) | Q(status="published"),
                name="decision_imported_is_published",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=DecisionKind.values), name="decision_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(value_publication__in=ValuePublication.values),
                name="decision_value_publication_valid",
            ),
            models.CheckConstraint(
                condition=Q(part2_covers_value=False)
                | (Q(has_part2=True) & Q(value_publication=ValuePublication.WITHHELD)),
                name="decision_part2_covered_value_is_withheld",
            ),
            models.CheckConstraint(
                condition=~Q(value_publication=ValuePublication.UP_TO) | Q(financial_value__gt=0),
                name="decision_up_to_value_positive",
            ),
            models.CheckConstraint(
                condition=~Q(status="published") | Q(published_at__isnull=False),
                name="decision_published_has_date",
            ),
            models.CheckConstraint(
                condition=Q(published_at__isnull=True) | Q(published_at__gte=F("signed_at")),
                name="decision_published_after_signed",
            ),
            models.CheckConstraint(
                condition=Q(has_part2=False) | ~Q(part2_exemption_ground=""),
                name="decision_part2_has_exemption_ground",
            ),
        ]
        triggers = [decision_frozen_trigger(), no_truncate_trigger()]

    def __str__(self) -> str:
        return f"{self.reference}: {self.title}"

    @property
    def reference(self) -> str:
        return f"{self.series.code} {self.number}"

    @property
    def slug(self) -> str:
        return f"{self.series.code.lower()}-{self.number}"

    @property
    def addressee(self) -> str:
        """Who the recommendations are put to, e.g. "Deputy Mayor for Policing and Crime"."""
        return self.office.title

    @property
    def addressee_abbreviation(self) -> str:
        return self.office.abbreviation

    @property
    def is_imported(self) -> bool:
        return self.imported_in_id is not None

    @property
    def value_withheld(self) -> bool:
        """Whether the public never sees the financial value (open data included)."""
        return self.value_publication == ValuePublication.WITHHELD

    @property
    def published_value(self) -> str:
        """The value as the public sees it: "£1,479,306.16", "up to £50,000.00" or "Withheld"."""
        if self.value_withheld:
            return "Withheld"
        amount = format_money(self.financial_value)
        return f"up to {amount}" if self.value_publication == ValuePublication.UP_TO else amount

    @property
    def is_signed(self) -> bool:
        return self.status in self.SIGNED_STATUSES

    def get_absolute_url(self) -> str:
        return reverse("decisions:detail", kwargs={"slug": self.slug})
