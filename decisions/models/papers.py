"""Supporting papers: a decision's appendices and background papers (docs/adr/0064)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from alpha_hub import files
from alpha_hub.db import TimeStamped
from alpha_hub.history import AuditedHistory, no_truncate_trigger
from decisions.frozen import part_frozen_trigger
from decisions.models.decision import Decision

PAPER_TITLE_MAX = 200
PAPER_SIZE_CEILING = 50 * 1024 * 1024  # the database's limit; settings.DECISION_PAPER_MAX_BYTES


class PaperKind(models.TextChoices):
    APPENDIX = "appendix", "Appendix"
    BACKGROUND = "background", "Background paper"


class PaperPart(models.IntegerChoices):
    PART1 = 1, "Part 1: published with the decision"
    PART2 = 2, "Part 2: restricted, never published"


class PaperType(models.TextChoices):
    PDF = files.PDF, "PDF"
    DOCX = files.DOCX, "Word document (DOCX)"
    XLSX = files.XLSX, "Excel workbook (XLSX)"


class PaperQuerySet(models.QuerySet):
    def part1(self) -> PaperQuerySet:
        """The papers published with the decision (templates: `decision.papers.part1`)."""
        return self.filter(part=PaperPart.PART1)


class SupportingPaper(TimeStamped):
    """A file that goes with a decision, checked by its content and kept through the storage API.

    A Part 2 paper is restricted like Part 2 itself: never on a public page, a public PDF or an
    export, and every read goes in the access log. Its title may say too much, so the audit trail
    shows which fields changed, not their values (`access_logged`), for every paper.
    """

    Kind = PaperKind
    Part = PaperPart
    Type = PaperType

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="papers")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    part = models.PositiveSmallIntegerField(choices=Part.choices)
    title = models.CharField(max_length=PAPER_TITLE_MAX)
    file = models.FileField(upload_to="decisions/papers/%Y/", max_length=200)
    file_name = models.CharField(max_length=files.NAME_MAX)
    content_type = models.CharField(max_length=80, choices=Type.choices)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    access_logged = True  # reads of a Part 2 paper go in the access log (alpha_hub.audit)

    history = AuditedHistory()
    objects = PaperQuerySet.as_manager()

    class Meta:
        ordering = ["decision", "kind", "created_at", "id"]
        verbose_name = "supporting paper"
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=PaperKind.values),
                name="paper_kind_valid",
                violation_error_message="A paper is an appendix or a background paper.",
            ),
            models.CheckConstraint(
                condition=Q(part__in=PaperPart.values),
                name="paper_part_valid",
                violation_error_message="A paper is in Part 1 or Part 2.",
            ),
            models.CheckConstraint(
                condition=Q(content_type__in=PaperType.values),
                name="paper_type_allowed",
                violation_error_message="A paper is a PDF, DOCX or XLSX file.",
            ),
            models.CheckConstraint(
                condition=Q(size__gt=0, size__lte=PAPER_SIZE_CEILING),
                name="paper_size_in_range",
                violation_error_message="A paper is between 1 byte and 50 MB.",
            ),
            models.CheckConstraint(
                condition=Q(sha256__regex=r"^[0-9a-f]{64}$"),
                name="paper_sha256_hex",
                violation_error_message="A paper's SHA-256 is 64 hexadecimal digits.",
            ),
            models.CheckConstraint(
                condition=~Q(title__regex=r"^\s*$") & ~Q(title__regex=r"[<>]"),
                name="paper_title_plain",
                violation_error_message="A paper's title is plain text, not empty.",
            ),
        ]
        triggers = [part_frozen_trigger(), no_truncate_trigger()]

    def __str__(self) -> str:
        return f"{self.decision.reference} {self.get_kind_display().lower()}: {self.title}"

    @property
    def is_restricted(self) -> bool:
        return self.part == PaperPart.PART2
