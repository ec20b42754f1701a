"""Formal decisions: their text, Part 2, clearances, signature, documents and delegation rules."""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.db import models
from django.db.models import F, Q
from django.db.models.constraints import Deferrable

from alpha_hub.db import TimeStamped
from alpha_hub.history import AuditedHistory
from alpha_hub.money import MoneyField
from decisions.frozen import decision_frozen_trigger, part_frozen_trigger, record_only_trigger
from grants.models import GrantAgreement, GrantVariation


class DecisionMakerRole(models.TextChoices):
    """Who a decision is addressed to; the recommendation and facts headings name them."""

    DMPC = "dmpc", "Deputy Mayor for Policing and Crime"
    CHIEF_EXECUTIVE = "chief_executive", "Chief Executive"
    CHIEF_FINANCE_OFFICER = "chief_finance_officer", "Chief Finance Officer"
    DIRECTOR = "director", "Director"


ADDRESSEE_ABBREVIATIONS = {
    DecisionMakerRole.DMPC: "DMPC",
    DecisionMakerRole.CHIEF_EXECUTIVE: "CEO",
    DecisionMakerRole.CHIEF_FINANCE_OFFICER: "CFO",
    DecisionMakerRole.DIRECTOR: "Director",
}

# The declaration a decision maker confirms when signing, as on the register's signed documents.
INTEREST_DECLARATION = (
    "I confirm I have considered whether or not I have any personal or prejudicial interest in "
    "this matter and take the proposed decision in compliance with the Code of Conduct. Any such "
    "interests are recorded below."
)


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


class Decision(TimeStamped):
    """A formal decision, shown as `PCD 867`."""

    Status = DecisionStatus

    Assessment = Assessment

    SIGNED_STATUSES = (Status.SIGNED, Status.PUBLISHED)

    series = models.ForeignKey(DecisionSeries, on_delete=models.PROTECT, related_name="decisions")
    number = models.PositiveIntegerField()
    title = models.CharField(max_length=250)
    category = models.ForeignKey(DecisionCategory, on_delete=models.PROTECT, related_name="+")
    executive_summary = models.TextField(blank=True)
    decision_maker_role = models.CharField(
        max_length=30, choices=DecisionMakerRole.choices, default=DecisionMakerRole.DMPC
    )
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="drafted_decisions"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    financial_value = MoneyField(default=0, help_text="Drives the delegation check.")
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="signed_decisions",
        null=True,
        blank=True,
    )
    signed_by_name = models.CharField(
        "decision by", max_length=200, blank=True,
        help_text='As printed, e.g. "Sophie Linden, Deputy Mayor, Policing and Crime".',
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
                condition=Q(decision_maker_role__in=DecisionMakerRole.values),
                name="decision_maker_role_valid",
            ),
            models.CheckConstraint(
                condition=Q(dpia__in=Assessment.values)
                & Q(equality_assessment__in=Assessment.values),
                name="decision_assessments_valid",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["signed", "published"])
                | (Q(signed_at__isnull=False, signed_by__isnull=False) & ~Q(signed_by_name="")),
                name="decision_signed_has_signer_and_date",
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
        triggers = [decision_frozen_trigger()]

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
        return DecisionMakerRole(self.decision_maker_role).label

    @property
    def addressee_abbreviation(self) -> str:
        return ADDRESSEE_ABBREVIATIONS[self.decision_maker_role]

    @property
    def is_signed(self) -> bool:
        return self.status in self.SIGNED_STATUSES

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("decisions:detail", kwargs={"slug": self.slug})


class OrderedPart(TimeStamped):
    """A numbered part of a decision; positions are unique, checked at commit to allow reorders."""

    position = models.PositiveSmallIntegerField()

    class Meta:
        abstract = True
        ordering = ["decision", "position"]


class Recommendation(OrderedPart):
    """One numbered recommendation ("Approve entering into a new grant agreement ...")."""

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="recommendations")
    text = models.TextField()

    history = AuditedHistory()

    class Meta(OrderedPart.Meta):
        constraints = [
            models.UniqueConstraint(
                fields=["decision", "position"],
                name="recommendation_unique_position",
                deferrable=Deferrable.DEFERRED,
            ),
            models.CheckConstraint(condition=~Q(text=""), name="recommendation_text_not_empty"),
        ]
        triggers = [part_frozen_trigger()]

    def __str__(self) -> str:
        return f"Recommendation {self.position}"


class SectionKind(models.TextChoices):
    INTRODUCTION = "introduction", "Introduction and background"
    ISSUES = "issues", "Issues for consideration"
    FINANCIAL = "financial", "Financial comments"
    LEGAL = "legal", "Legal comments"
    GDPR = "gdpr", "GDPR and data privacy"
    EQUALITY = "equality", "Equality comments"
    BACKGROUND = "background", "Background/supporting papers"
    CUSTOM = "custom", "Other (custom heading)"


class Section(OrderedPart):
    """A numbered section of the Part 1 facts and advice; its paragraphs are numbered on display."""

    Kind = SectionKind

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="sections")
    kind = models.CharField(max_length=15, choices=Kind.choices)
    heading = models.CharField(max_length=200)
    body = models.TextField(
        help_text="Plain text. Blank lines separate paragraphs; • starts a bullet."
    )

    history = AuditedHistory()

    class Meta(OrderedPart.Meta):
        constraints = [
            models.UniqueConstraint(
                fields=["decision", "position"],
                name="section_unique_position",
                deferrable=Deferrable.DEFERRED,
            ),
            models.CheckConstraint(
                condition=Q(kind__in=SectionKind.values), name="section_kind_valid"
            ),
            models.CheckConstraint(condition=~Q(heading=""), name="section_heading_not_empty"),
        ]
        triggers = [part_frozen_trigger()]

    def __str__(self) -> str:
        return f"{self.position}. {self.heading}"


class RestrictedPart(TimeStamped):
    """Part 2: the confidential facts and advice; never on a public page or public PDF."""

    decision = models.OneToOneField(Decision, on_delete=models.CASCADE, related_name="part2")
    body = models.TextField()

    history = AuditedHistory()

    class Meta:
        verbose_name = "Part 2 (restricted)"
        verbose_name_plural = "Part 2s (restricted)"
        triggers = [part_frozen_trigger()]

    def __str__(self) -> str:
        return f"Part 2 of {self.decision.reference}"


class LinkKind(models.TextChoices):
    CONTINUES = "continues", "Continues"
    VARIES = "varies", "Varies"
    SUPERSEDES = "supersedes", "Supersedes"
    REFERS_TO = "refers_to", "Refers to"


class DecisionLink(TimeStamped):
    """`source` continues, varies, supersedes or refers to the earlier decision `target`."""

    Kind = LinkKind

    source = models.ForeignKey(Decision, on_delete=models.PROTECT, related_name="links_out")
    target = models.ForeignKey(Decision, on_delete=models.PROTECT, related_name="links_in")
    kind = models.CharField(max_length=12, choices=Kind.choices)

    history = AuditedHistory()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["source", "target", "kind"], name="link_unique"),
            models.CheckConstraint(condition=~Q(source=F("target")), name="link_not_to_itself"),
            models.CheckConstraint(condition=Q(kind__in=LinkKind.values), name="link_kind_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.source.reference} {self.get_kind_display().lower()} {self.target.reference}"


class ApprovedAgreement(TimeStamped):
    """A grant agreement that a decision approves."""

    decision = models.ForeignKey(Decision, on_delete=models.PROTECT, related_name="approvals")
    agreement = models.ForeignKey(
        GrantAgreement, on_delete=models.PROTECT, related_name="approvals"
    )

    history = AuditedHistory()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["decision", "agreement"], name="approval_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.decision.reference} approves {self.agreement.reference}"


class ApprovedVariation(TimeStamped):
    """The decision that makes a grant variation: exactly one per variation."""

    decision = models.ForeignKey(
        Decision, on_delete=models.PROTECT, related_name="variation_approvals"
    )
    variation = models.OneToOneField(
        GrantVariation, on_delete=models.PROTECT, related_name="approval"
    )

    history = AuditedHistory()

    def __str__(self) -> str:
        return f"{self.decision.reference} makes {self.variation}"


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


class DelegationRule(TimeStamped):
    """Who may decide what: data in the admin, not constants in code."""

    role = models.CharField(max_length=30, choices=DecisionMakerRole.choices)
    holder = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="delegations",
        help_text="A named officer with delegated authority; empty means anyone in the role.",
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
        ordering = ["series", "role"]
        constraints = [
            models.CheckConstraint(
                condition=Q(upper_value__isnull=True) | Q(upper_value__gte=0),
                name="delegation_upper_value_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(role__in=DecisionMakerRole.values), name="delegation_role_valid"
            ),
            models.CheckConstraint(
                condition=~Q(scheme_paragraph=""), name="delegation_paragraph_not_empty"
            ),
        ]

    def __str__(self) -> str:
        limit = "any value" if self.upper_value is None else f"up to {self.upper_value}"
        return f"{self.get_role_display()}: {self.series} {limit} ({self.scheme_paragraph})"
