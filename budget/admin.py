"""Cost categories are reference data; budgets, their lines and variations are read here only:
finance writes them on the budget pages, which keep versions, locks and reasons."""

from django.contrib import admin

from alpha_hub.admin_base import RecordTabularInline, ReferenceDataAdmin, WorkflowRecordAdmin
from budget.models import Budget, BudgetLine, BudgetVariation, BudgetVariationLine, CostCategory


@admin.register(CostCategory)
class CostCategoryAdmin(ReferenceDataAdmin):
    list_display = ("name", "code", "is_staff_cost", "position")
    list_filter = ("is_staff_cost",)
    search_fields = ("name", "code")


class BudgetLineInline(RecordTabularInline):
    model = BudgetLine
    fields = ("category", "description", "fte", "unit_cost", "amount", "notes")


@admin.register(Budget)
class BudgetAdmin(WorkflowRecordAdmin):
    list_display = ("agreement", "financial_year", "status")
    list_filter = ("status", "financial_year")
    search_fields = ("agreement__reference", "agreement__title")
    list_select_related = ("agreement",)
    readonly_fields = ("status",)
    inlines = [BudgetLineInline]


@admin.register(BudgetLine)
class BudgetLineAdmin(WorkflowRecordAdmin):
    list_display = ("description", "budget", "category", "fte", "unit_cost", "amount", "version")
    list_filter = ("category", "budget__financial_year")
    search_fields = ("description", "notes", "budget__agreement__reference")
    list_select_related = ("budget__agreement", "category")


class BudgetVariationLineInline(RecordTabularInline):
    model = BudgetVariationLine
    fields = ("category", "description", "change")


@admin.register(BudgetVariation)
class BudgetVariationAdmin(WorkflowRecordAdmin):
    list_display = ("budget", "grant_variation", "created_at")
    list_select_related = ("budget__agreement", "grant_variation__agreement")
    inlines = [BudgetVariationLineInline]


@admin.register(BudgetVariationLine)
class BudgetVariationLineAdmin(WorkflowRecordAdmin):
    list_display = ("description", "variation", "category", "change")
    list_select_related = ("variation__budget__agreement", "category")
