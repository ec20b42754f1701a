"""Claims, payments and reports in the admin: records of the workflow, only read here."""

from django.contrib import admin

from alpha_hub.admin_base import WorkflowRecordAdmin
from claims.models import (
    AgreementClosure,
    Claim,
    ClaimEvidence,
    ClaimLine,
    ClaimPeriod,
    MonitoringReport,
    Payment,
    Reminder,
    ReportRequirement,
)


@admin.register(ClaimPeriod)
class ClaimPeriodAdmin(WorkflowRecordAdmin):
    list_display = ["agreement", "number", "starts_on", "ends_on", "due_on", "is_final"]
    list_select_related = ["agreement"]


@admin.register(Claim)
class ClaimAdmin(WorkflowRecordAdmin):
    list_display = ["period", "status", "prepared_by", "checked_by", "approved_by"]
    list_filter = ["status"]
    list_select_related = ["period__agreement", "prepared_by", "checked_by", "approved_by"]


@admin.register(ClaimLine)
class ClaimLineAdmin(WorkflowRecordAdmin):
    list_display = ["claim", "category", "amount"]
    list_select_related = ["claim__period__agreement", "category"]


@admin.register(ClaimEvidence)
class ClaimEvidenceAdmin(WorkflowRecordAdmin):
    list_display = ["file_name", "claim", "content_type", "size"]
    list_select_related = ["claim__period__agreement"]


@admin.register(Payment)
class PaymentAdmin(WorkflowRecordAdmin):
    list_display = ["reference", "agreement", "paid_on", "amount"]
    list_select_related = ["agreement"]


@admin.register(ReportRequirement)
class ReportRequirementAdmin(WorkflowRecordAdmin):
    list_display = ["title", "agreement", "kind", "due_on"]
    list_select_related = ["agreement"]


@admin.register(MonitoringReport)
class MonitoringReportAdmin(WorkflowRecordAdmin):
    list_display = ["requirement", "status", "submitted_by", "reviewed_by"]
    list_select_related = ["requirement__agreement", "submitted_by", "reviewed_by"]


@admin.register(AgreementClosure)
class AgreementClosureAdmin(WorkflowRecordAdmin):
    list_display = ["agreement", "closed_on", "total_paid", "underspend"]
    list_select_related = ["agreement"]


@admin.register(Reminder)
class ReminderAdmin(WorkflowRecordAdmin):
    list_display = ["stage", "due_on", "period", "requirement", "created_at"]
    list_select_related = ["period__agreement", "requirement__agreement"]
