"""Clearance, signature and the issued documents."""

from __future__ import annotations

import pgtrigger
from django.conf import settings
from django.db import models
from django.db.models import Q

from alpha_hub.db import TimeStamped
from alpha_hub.history import AuditedHistory, no_truncate_trigger
from decisions.frozen import record_only_trigger
from decisions.models.decision import Decision
from decisions.models.offices import Office
from decisions.models.reference import ClearanceCapacity

# Within one round nobody clears a decision in two capacities when its series says so
# (DecisionSeries.clearers_must_differ; docs/adr/0063). FOR SHARE on the decision waits for a
# clearance of it still under way (the service locks the decision row for update).
_ONE_CAPACITY_EACH_FUNC = """
PERFORM 1 FROM decisions_decision WHERE id = NEW.decision_id FOR SHARE;
IF EXISTS (
    SELECT 1 FROM decisions_decision d
    JOIN decisions_decisionseries s ON s.id = d.series_id
    WHERE d.id = NEW.decision_id AND s.clearers_must_differ
) AND EXISTS (
    SELECT 1 FROM decisions_clearance c
    WHERE c.decision_id = NEW.decision_id AND c.round = NEW.round
      AND c.cleared_by_id = NEW.cleared_by_id AND c.capacity <> NEW.capacity
) THEN
    RAISE EXCEPTION 'user % has already cleared decision % in another capacity in round %: '
        'its series needs a different person for each capacity',
        NEW.cleared_by_id, NEW.decision_id, NEW.round
        USING ERRCODE = 'integrity_constraint_violation';
END IF;
RETURN NEW;
"""


def one_capacity_each_trigger() -> pgtrigger.Trigger:
    return pgtrigger.Trigger(
        name="one_capacity_each",
        when=pgtrigger.Before,
        operation=pgtrigger.Insert,
        func=_ONE_CAPACITY_EACH_FUNC,
    )


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
        triggers = [record_only_trigger(), one_capacity_each_trigger(), no_truncate_trigger()]
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


class SignatureCapacity(models.TextChoices):
    HOLDER = "holder", "Holder"
    ACTING = "acting", "Acting"


class Signature(TimeStamped):
    """The act of signing: who, when, as which office and in which capacity, the declaration
    they confirmed with the interests they recorded, and from where."""

    Capacity = SignatureCapacity

    decision = models.OneToOneField(Decision, on_delete=models.PROTECT, related_name="signature")
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="signatures"
    )
    signed_at = models.DateTimeField()
    printed_name = models.CharField(max_length=200)
    office = models.ForeignKey(Office, on_delete=models.PROTECT, related_name="signatures")
    office_title = models.CharField(
        max_length=200, blank=True, help_text="The office's title on the day of signing."
    )
    capacity = models.CharField(
        max_length=10, choices=Capacity.choices, blank=True,
        help_text="Empty on signatures made before offices had holders (decisions 0010).",
    )  # fmt: skip
    declaration = models.TextField()
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=500, blank=True)

    history = AuditedHistory()

    class Meta:
        triggers = [record_only_trigger(), no_truncate_trigger()]
        constraints = [
            models.CheckConstraint(
                condition=Q(capacity__in=["", *SignatureCapacity.values]),
                name="signature_capacity_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"Signature on {self.decision.reference}"

    @property
    def capacity_text(self) -> str:
        """How the signature names the capacity: "Acting Chief Executive", or the title alone."""
        if self.capacity == SignatureCapacity.ACTING:
            return f"Acting {self.office_title}"
        return self.office_title


class InterestHandling(models.TextChoices):
    """How a declared interest was dealt with, in the words of the Code of Conduct."""

    NOT_PREJUDICIAL = (
        "not_prejudicial",
        "Declared: a personal interest that is not prejudicial, so I may take this decision",
    )
    DISPENSATION = (
        "dispensation",
        "Declared: prejudicial, and I hold a dispensation to take this decision",
    )
    PREVENTS = "prevents", "Prejudicial: it prevents me taking this decision"


# Handlings under which the scheme does not let the person sign; the database never keeps one.
PREVENTS_SIGNING = frozenset({InterestHandling.PREVENTS})
INTEREST_MAX = 2000


class DeclaredInterest(TimeStamped):
    """One interest the signer recorded at signing (what it is, and how it was handled)."""

    Handling = InterestHandling

    signature = models.ForeignKey(Signature, on_delete=models.PROTECT, related_name="interests")
    position = models.PositiveSmallIntegerField()
    interest = models.TextField(max_length=INTEREST_MAX)
    handling = models.CharField(max_length=20, choices=Handling.choices)

    history = AuditedHistory()

    class Meta:
        ordering = ["signature", "position"]
        triggers = [record_only_trigger(), no_truncate_trigger()]
        constraints = [
            models.UniqueConstraint(
                fields=["signature", "position"], name="declared_interest_unique_position"
            ),
            models.CheckConstraint(condition=~Q(interest=""), name="declared_interest_not_empty"),
            # A signature stands only where no recorded interest prevented it.
            models.CheckConstraint(
                condition=Q(
                    handling__in=[h for h in InterestHandling.values if h not in PREVENTS_SIGNING]
                ),
                name="declared_interest_allows_signing",
            ),
        ]

    def __str__(self) -> str:
        return f"Interest {self.position} declared on {self.signature.decision.reference}"


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
        triggers = [record_only_trigger(), no_truncate_trigger()]
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
