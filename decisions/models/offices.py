"""The offices decisions are addressed to, and who held each when (docs/adr/0054)."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import DateRangeField, RangeBoundary, RangeOperators
from django.db import models
from django.db.models import F, Q

from alpha_hub.db import TimeStamped
from alpha_hub.history import AuditedHistory, no_truncate_trigger


class Office(TimeStamped):
    """An office a decision is put to: the Deputy Mayor for Policing and Crime, the Chief
    Executive ...; its title is the decision's addressee."""

    code = models.SlugField(
        max_length=50, unique=True,
        help_text="A fixed short name for imports and links, e.g. dmpc.",
    )  # fmt: skip
    title = models.CharField(
        max_length=200, unique=True,
        help_text="As the decision addresses it, e.g. Deputy Mayor for Policing and Crime.",
    )  # fmt: skip
    abbreviation = models.CharField(max_length=20, help_text="e.g. DMPC, CEO.")

    history = AuditedHistory()

    class Meta:
        ordering = ["title"]
        constraints = [
            models.CheckConstraint(condition=~Q(title=""), name="office_title_not_empty"),
            models.CheckConstraint(
                condition=~Q(abbreviation=""), name="office_abbreviation_not_empty"
            ),
        ]
        triggers = [no_truncate_trigger()]

    def __str__(self) -> str:
        return self.title


class OfficeHolderKind(models.TextChoices):
    HOLDER = "holder", "Holder"
    ACTING = "acting", "Acting"
    DEPUTY = "deputy", "Deputy"


# The kinds of term that may sign as the office; a deputy signs only while recorded as acting.
SIGNING_KINDS = (OfficeHolderKind.HOLDER, OfficeHolderKind.ACTING)


class TermRange(models.Func):
    """A term as a Postgres date range with both days included; no end day means open-ended."""

    function = "DATERANGE"
    output_field = DateRangeField()


def _no_overlap(kind: OfficeHolderKind, name: str, message: str) -> ExclusionConstraint:
    return ExclusionConstraint(
        name=name,
        expressions=[
            (F("office"), RangeOperators.EQUAL),
            (
                TermRange("starts_on", "ends_on", RangeBoundary(True, True)),
                RangeOperators.OVERLAPS,
            ),
        ],
        condition=Q(kind=kind),
        violation_error_message=message,
    )


class OfficeHolderQuerySet(models.QuerySet):
    def on(self, day: date) -> OfficeHolderQuerySet:
        """Terms that include `day` (both ends of a term are included)."""
        return self.filter(Q(ends_on__isnull=True) | Q(ends_on__gte=day), starts_on__lte=day)

    def signing(self) -> OfficeHolderQuerySet:
        """Terms whose holder signs as the office: holders and acting holders."""
        return self.filter(kind__in=SIGNING_KINDS)


class OfficeHolder(TimeStamped):
    """One person's term in an office: as its holder, acting for it, or as its deputy."""

    Kind = OfficeHolderKind

    office = models.ForeignKey(Office, on_delete=models.PROTECT, related_name="holders")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="office_terms"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.HOLDER)
    starts_on = models.DateField("from")
    ends_on = models.DateField(
        "to", null=True, blank=True, help_text="The last day of the term; empty while it lasts."
    )

    objects = OfficeHolderQuerySet.as_manager()
    history = AuditedHistory()

    class Meta:
        ordering = ["office", "-starts_on"]
        verbose_name = "office holder"
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=OfficeHolderKind.values), name="office_holder_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="office_holder_ends_after_it_starts",
                violation_error_message="A term cannot end before it starts.",
            ),
            _no_overlap(
                OfficeHolderKind.HOLDER,
                "office_holders_do_not_overlap",
                "This term overlaps another holder's term of the same office: an office has one "
                "holder at a time. Record someone covering for the holder as acting.",
            ),
            _no_overlap(
                OfficeHolderKind.ACTING,
                "office_acting_holders_do_not_overlap",
                "This term overlaps another acting holder's term of the same office: one person "
                "acts for an office at a time.",
            ),
        ]
        triggers = [no_truncate_trigger()]

    def __str__(self) -> str:
        until = f"to {self.ends_on:%-d %B %Y}" if self.ends_on else "onwards"
        kind = "" if self.kind == OfficeHolderKind.HOLDER else f" ({self.get_kind_display()})"
        return f"{self.user}, {self.office}{kind}, {self.starts_on:%-d %B %Y} {until}"
