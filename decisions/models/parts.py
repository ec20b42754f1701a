"""What a decision says: recommendations, sections, Part 2, and its links to other decisions."""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.db.models.constraints import Deferrable

from alpha_hub.db import TimeStamped
from alpha_hub.history import AuditedHistory, no_truncate_trigger
from decisions.frozen import link_frozen_trigger, part_frozen_trigger
from decisions.models.decision import Decision


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
        triggers = [part_frozen_trigger(), no_truncate_trigger()]

    def __str__(self) -> str:
        return f"{self.decision.reference} recommendation {self.position}"


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
        triggers = [part_frozen_trigger(), no_truncate_trigger()]

    def __str__(self) -> str:
        return f"{self.decision.reference} section {self.position}: {self.heading}"


class RestrictedPart(TimeStamped):
    """Part 2: the confidential facts and advice; never on a public page or public PDF."""

    decision = models.OneToOneField(Decision, on_delete=models.CASCADE, related_name="part2")
    body = models.TextField()
    access_logged = True  # every read of it goes in the access log (alpha_hub.audit)

    history = AuditedHistory()

    class Meta:
        verbose_name = "Part 2 (restricted)"
        verbose_name_plural = "Part 2s (restricted)"
        triggers = [part_frozen_trigger(), no_truncate_trigger()]

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
        triggers = [link_frozen_trigger(), no_truncate_trigger()]

    def __str__(self) -> str:
        return f"{self.source.reference} {self.get_kind_display().lower()} {self.target.reference}"
