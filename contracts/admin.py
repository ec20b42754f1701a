"""Contracts are records of the decisions that approve them: read here, written on the decision."""

from django.contrib import admin

from alpha_hub.admin_base import WorkflowRecordAdmin
from contracts.models import Contract


@admin.register(Contract)
class ContractAdmin(WorkflowRecordAdmin):
    list_display = (
        "title", "supplier", "maximum_value", "starts_on", "ends_on", "procurement_route",
    )  # fmt: skip
    list_filter = ("procurement_route",)
    search_fields = ("title", "supplier__name", "awarded_by")
    list_select_related = ("supplier",)
