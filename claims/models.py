"""Claim periods, claims and their spend, evidence, payments, monitoring reports and closure."""

from __future__ import annotations

import pgtrigger
from django.conf import settings
from django.db import models
from django.db.models import F, Q

from alpha_hub.dates import day
from alpha_hub.db import TimeStamped
from alpha_hub.history import AuditedHistory, no_truncate_trigger
from alpha_hub.money import MoneyField
from budget.models import BudgetLine, CostCategory
from claims.sql import (
    CLAIM_FOR_AN_ACTIVE_AGREEMENT,
    CLAIM_MOVES,
    LINES_ONLY_WHILE_DRAFT,
    PAYMENT_WITHIN_CLAIM_AND_AGREEMENT,
    PAYMENTS_ARE_FINAL,
)
from grants.models import GrantAgreement

USER = settings.AUTH_USER_MODEL


class Frequency(models.TextChoices):
    QUARTERLY = "quarterly", "Quarterly"
    MONTHLY = "monthly", "Monthly"
    ONE_OFF = "one_off", "One-off (a single claim at the end)"


class ClaimPeriod(TimeStamped):
    """One period of an agreement's claim schedule, with the date its claim is due."""

    agreement = models.ForeignKey(
        GrantAgreement, on_delete=models.PROTECT, related_name="claim_periods"
    )
    number = models.PositiveSmallIntegerField()
    starts_on = models.DateField()
    ends_on = models.DateField()
    due_on = models.DateField()
    is_final = models.BooleanField(default=False)

    history = AuditedHistory()

    class Meta:
        ordering = ["agreement", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "number"],
                name="claim_period_number_unique",
                violation_error_message="The agreement already has a period with that number.",
            ),
            models.UniqueConstraint(
                fields=["agreement"],
                condition=Q(is_final=True),
                name="claim_period_one_final",
                violation_error_message="An agreement has one final claim period.",
            ),
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")),
                name="claim_period_dates_in_order",
                violation_error_message="A period ends on or after it starts.",
            ),
            models.CheckConstraint(
                condition=Q(due_on__gte=F("ends_on")),
                name="claim_period_due_after_end",
                violation_error_message="A claim is due on or after its period ends (in arrears).",
            ),
        ]
        triggers = [no_truncate_trigger()]

    def __str__(self) -> str:
        return f"{self.agreement.reference} period {self.number}"

    @property
    def label(self) -> str:
        return f"{day(self.starts_on)} to {day(self.ends_on)}"


class ClaimStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted"
    CHECKED = "checked", "Checked"
    APPROVED = "approved", "Approved"
    PAID = "paid", "Paid"
    RETURNED = "returned", "Returned"


CHECKED_STATUSES = [ClaimStatus.CHECKED, ClaimStatus.APPROVED, ClaimStatus.PAID]
APPROVED_STATUSES = [ClaimStatus.APPROVED, ClaimStatus.PAID]


class Claim(TimeStamped):
    """A claim of the actual spend in one period: prepared, checked, approved and paid by three
    different people."""

    Status = ClaimStatus

    agreement = models.ForeignKey(GrantAgreement, on_delete=models.PROTECT, related_name="claims")
    period = models.ForeignKey(ClaimPeriod, on_delete=models.PROTECT, related_name="claims")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    status_reason = models.TextField(blank=True)
    prepared_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField(null=True, blank=True)
    checked_by = models.ForeignKey(
        USER, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    checked_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        USER, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    paid_at = models.DateTimeField(null=True, blank=True)

    history = AuditedHistory()

    class Meta:
        ordering = ["agreement", "period__number"]
        constraints = [
            models.UniqueConstraint(
                fields=["period"],
                name="claim_one_per_period",
                violation_error_message="This period has already been claimed.",
            ),
            models.CheckConstraint(
                condition=Q(status__in=ClaimStatus.values),
                name="claim_status_valid",
                violation_error_message="Choose a status from the list.",
            ),
            models.CheckConstraint(
                condition=Q(checked_by__isnull=True) | ~Q(checked_by=F("prepared_by")),
                name="claim_checker_is_not_preparer",
                violation_error_message="The preparer of a claim cannot check it.",
            ),
            models.CheckConstraint(
                condition=Q(approved_by__isnull=True)
                | (~Q(approved_by=F("checked_by")) & ~Q(approved_by=F("prepared_by"))),
                name="claim_approver_is_not_checker_or_preparer",
                violation_error_message="The approver must be neither checker nor preparer.",
            ),
            models.CheckConstraint(
                condition=Q(status__in=CHECKED_STATUSES, checked_by__isnull=False)
                | (~Q(status__in=CHECKED_STATUSES) & Q(checked_by__isnull=True)),
                name="claim_checked_by_when_checked",
                violation_error_message="A checked claim records who checked it.",
            ),
            models.CheckConstraint(
                condition=Q(status__in=APPROVED_STATUSES, approved_by__isnull=False)
                | (~Q(status__in=APPROVED_STATUSES) & Q(approved_by__isnull=True)),
                name="claim_approved_by_when_approved",
                violation_error_message="An approved claim records who approved it.",
            ),
            models.CheckConstraint(
                condition=~Q(status=ClaimStatus.RETURNED) | ~Q(status_reason=""),
                name="claim_returned_with_a_reason",
                violation_error_message="Give the reason for returning the claim.",
            ),
        ]
        triggers = [
            pgtrigger.Trigger(
                name="claim_for_an_active_agreement",
                when=pgtrigger.Before,
                operation=pgtrigger.Insert,
                func=CLAIM_FOR_AN_ACTIVE_AGREEMENT,
            ),
            pgtrigger.Trigger(
                name="claim_moves_by_the_table",
                when=pgtrigger.Before,
                operation=pgtrigger.Update,
                condition=pgtrigger.Q(old__status__df=pgtrigger.F("new__status")),
                func=CLAIM_MOVES,
            ),
            pgtrigger.Protect(name="claim_never_deleted", operation=pgtrigger.Delete),
            no_truncate_trigger(),
        ]

    def __str__(self) -> str:
        return f"Claim for {self.period}"

    @property
    def is_editable(self) -> bool:
        return self.status in (ClaimStatus.DRAFT, ClaimStatus.RETURNED)


class ClaimLine(TimeStamped):
    """Actual spend in the claim's period on one budget category (or one budget line of it)."""

    claim = models.ForeignKey(Claim, on_delete=models.PROTECT, related_name="lines")
    category = models.ForeignKey(CostCategory, on_delete=models.PROTECT, related_name="+")
    budget_line = models.ForeignKey(
        BudgetLine, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    description = models.CharField(max_length=200, blank=True)
    amount = MoneyField()

    history = AuditedHistory()

    class Meta:
        ordering = ["claim", "category__position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gte=0),
                name="claim_line_amount_not_negative",
                violation_error_message="Spend cannot be negative.",
            ),
        ]
        triggers = [
            pgtrigger.Trigger(
                name="claim_line_while_draft_and_in_budget",
                when=pgtrigger.Before,
                operation=pgtrigger.Insert | pgtrigger.Update | pgtrigger.Delete,
                func=LINES_ONLY_WHILE_DRAFT,
            ),
            no_truncate_trigger(),
        ]

    def __str__(self) -> str:
        return f"{self.category} {self.amount}"


class EvidenceKind(models.TextChoices):
    PDF = "application/pdf", "PDF"
    XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "Excel (XLSX)"
    CSV = "text/csv", "CSV"
    PNG = "image/png", "PNG image"
    JPEG = "image/jpeg", "JPEG image"


class StoredFile(TimeStamped):
    """A file kept through Django's storage API, with what was checked about it."""

    file = models.FileField(upload_to="claims/%Y/")
    file_name = models.CharField(max_length=80)
    content_type = models.CharField(max_length=80, choices=EvidenceKind.choices)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)

    class Meta:
        abstract = True


class ClaimEvidence(StoredFile):
    """A file that shows the claim's spend: invoices, payroll extracts, ledgers."""

    claim = models.ForeignKey(Claim, on_delete=models.PROTECT, related_name="evidence")
    uploaded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")

    history = AuditedHistory()

    class Meta:
        ordering = ["claim", "created_at", "id"]
        verbose_name_plural = "claim evidence"
        constraints = [
            models.CheckConstraint(
                condition=Q(content_type__in=EvidenceKind.values),
                name="claim_evidence_type_allowed",
                violation_error_message="Evidence is a PDF, XLSX, CSV, PNG or JPEG file.",
            ),
            models.CheckConstraint(
                condition=Q(size__gt=0, size__lte=20 * 1024 * 1024),
                name="claim_evidence_size_in_range",
                violation_error_message="Evidence files are between 1 byte and 20 MB.",
            ),
        ]
        triggers = [no_truncate_trigger()]

    def __str__(self) -> str:
        return self.file_name


class Payment(TimeStamped):
    """Money paid against an approved claim; never more than the claim, nor the agreement."""

    claim = models.ForeignKey(Claim, on_delete=models.PROTECT, related_name="payments")
    agreement = models.ForeignKey(GrantAgreement, on_delete=models.PROTECT, related_name="payments")
    paid_on = models.DateField()
    amount = MoneyField()
    reference = models.CharField(max_length=100)
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")

    history = AuditedHistory()

    class Meta:
        ordering = ["agreement", "paid_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gt=0),
                name="payment_amount_positive",
                violation_error_message="A payment is more than £0.00.",
            ),
            models.CheckConstraint(
                condition=~Q(reference=""),
                name="payment_reference_not_empty",
                violation_error_message="Enter the payment reference.",
            ),
            models.UniqueConstraint(
                fields=["agreement", "reference"],
                name="payment_reference_unique_per_agreement",
                violation_error_message="A payment with that reference is already recorded.",
            ),
        ]
        triggers = [
            pgtrigger.Trigger(
                name="payment_within_claim_and_agreement",
                when=pgtrigger.Before,
                operation=pgtrigger.Insert,
                declare=[("claim_status", "TEXT"), ("claimed", "NUMERIC")],
                func=PAYMENT_WITHIN_CLAIM_AND_AGREEMENT,
            ),
            pgtrigger.Trigger(
                name="payment_final",
                when=pgtrigger.Before,
                operation=pgtrigger.Update | pgtrigger.Delete,
                func=PAYMENTS_ARE_FINAL,
            ),
            no_truncate_trigger(),
        ]

    def __str__(self) -> str:
        return f"Payment {self.reference}"


class ReportKind(models.TextChoices):
    PROGRESS = "progress", "Progress report"
    OUTCOME = "outcome", "Outcome report"
    FINAL = "final", "Final report"


class ReportRequirement(TimeStamped):
    """A monitoring report an agreement requires, and when it is due."""

    Kind = ReportKind

    agreement = models.ForeignKey(
        GrantAgreement, on_delete=models.PROTECT, related_name="report_requirements"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)
    title = models.CharField(max_length=200)
    due_on = models.DateField()

    history = AuditedHistory()

    class Meta:
        ordering = ["agreement", "due_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=ReportKind.values),
                name="report_requirement_kind_valid",
                violation_error_message="Choose the kind of report.",
            ),
            models.UniqueConstraint(
                fields=["agreement"],
                condition=Q(kind=ReportKind.FINAL),
                name="report_requirement_one_final",
                violation_error_message="The agreement already requires a final report.",
            ),
            models.CheckConstraint(
                condition=~Q(title=""),
                name="report_requirement_title_not_empty",
                violation_error_message="Enter a title for the report.",
            ),
        ]
        triggers = [no_truncate_trigger()]

    def __str__(self) -> str:
        return f"{self.title} ({self.agreement.reference})"


class ReportStatus(models.TextChoices):
    SUBMITTED = "submitted", "Awaiting review"
    ACCEPTED = "accepted", "Accepted"
    RETURNED = "returned", "Returned"


class MonitoringReport(StoredFile):
    """A report submitted against a requirement, reviewed by an officer."""

    Status = ReportStatus

    requirement = models.ForeignKey(
        ReportRequirement, on_delete=models.PROTECT, related_name="reports"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.SUBMITTED)
    summary = models.TextField(blank=True)
    submitted_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    reviewed_by = models.ForeignKey(
        USER, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_comment = models.TextField(blank=True)

    history = AuditedHistory()

    class Meta:
        ordering = ["requirement", "created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=ReportStatus.values),
                name="report_status_valid",
                violation_error_message="Choose a status from the list.",
            ),
            models.CheckConstraint(
                condition=Q(content_type__in=EvidenceKind.values),
                name="report_file_type_allowed",
                violation_error_message="A report is a PDF, XLSX, CSV, PNG or JPEG file.",
            ),
            models.UniqueConstraint(
                fields=["requirement"],
                condition=Q(status__in=[ReportStatus.SUBMITTED, ReportStatus.ACCEPTED]),
                name="report_one_pending_or_accepted",
                violation_error_message="This report has already been submitted.",
            ),
            models.CheckConstraint(
                condition=Q(status=ReportStatus.SUBMITTED, reviewed_by__isnull=True)
                | (~Q(status=ReportStatus.SUBMITTED) & Q(reviewed_by__isnull=False)),
                name="report_reviewed_by_when_reviewed",
                violation_error_message="A reviewed report records who reviewed it.",
            ),
            models.CheckConstraint(
                condition=Q(reviewed_by__isnull=True) | ~Q(reviewed_by=F("submitted_by")),
                name="report_reviewer_is_not_submitter",
                violation_error_message="The person who submitted a report cannot review it.",
            ),
        ]
        triggers = [no_truncate_trigger()]

    def __str__(self) -> str:
        return f"{self.requirement.title}: {self.file_name}"


class AgreementClosure(TimeStamped):
    """The claims-side record of an agreement's closure: what was claimed and paid, and why it
    closed early (without its final claim paid or its final report accepted), if it did."""

    agreement = models.OneToOneField(
        GrantAgreement, on_delete=models.PROTECT, related_name="claims_closure"
    )
    amount = MoneyField(help_text="The agreement's amount after signed variations.")
    total_paid = MoneyField()
    underspend = MoneyField()
    reason = models.TextField(blank=True)
    closed_on = models.DateField()
    closed_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")

    history = AuditedHistory()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(total_paid__gte=0, underspend__gte=0),
                name="closure_figures_not_negative",
                violation_error_message="The figures of a closure cannot be negative.",
            ),
            models.CheckConstraint(
                condition=Q(underspend=F("amount") - F("total_paid")),
                name="closure_underspend_is_the_rest",
                violation_error_message="The underspend is the amount less what was paid.",
            ),
        ]
        triggers = [
            pgtrigger.Protect(name="closure_final", operation=pgtrigger.Update | pgtrigger.Delete),
            no_truncate_trigger(),
        ]

    def __str__(self) -> str:
        return f"Closure of {self.agreement.reference}"


class ReminderStage(models.TextChoices):
    BEFORE = "before", "Before the due date"
    AFTER = "after", "After the due date (overdue)"


class Reminder(TimeStamped):
    """A reminder email queued for a due date: one per item, stage and due date, so never twice."""

    period = models.ForeignKey(
        ClaimPeriod, on_delete=models.PROTECT, related_name="reminders", null=True, blank=True
    )
    requirement = models.ForeignKey(
        ReportRequirement, on_delete=models.PROTECT, related_name="reminders", null=True,
        blank=True,
    )  # fmt: skip
    stage = models.CharField(max_length=10, choices=ReminderStage.choices)
    due_on = models.DateField()
    recipients = models.TextField(blank=True)

    history = AuditedHistory()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period__isnull=False, requirement__isnull=True)
                | Q(period__isnull=True, requirement__isnull=False),
                name="reminder_for_one_thing",
            ),
            models.CheckConstraint(
                condition=Q(stage__in=ReminderStage.values), name="reminder_stage_valid"
            ),
            models.UniqueConstraint(
                fields=["period", "stage", "due_on"], name="reminder_once_per_period_due_date"
            ),
            models.UniqueConstraint(
                fields=["requirement", "stage", "due_on"],
                name="reminder_once_per_report_due_date",
            ),
        ]
        triggers = [no_truncate_trigger()]

    def __str__(self) -> str:
        return f"Reminder {self.stage} {self.due_on}"
