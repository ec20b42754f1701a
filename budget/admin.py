from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from budget.models import Budget, BudgetLine, CostCategory


@admin.register(CostCategory)
class CostCategoryAdmin(SimpleHistoryAdmin):
    list_display = ("name", "code", "is_staff_cost", "position")
    list_filter = ("is_staff_cost",)
    search_fields = ("name", "code")


class LockedBudgetReadOnly:
    """A locked budget changes only through a recorded variation, never in the admin."""

    def _locked(self, obj) -> bool:
        budget = obj if isinstance(obj, Budget) else getattr(obj, "budget", None)
        return budget is not None and budget.status == Budget.Status.LOCKED

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and not self._locked(obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not self._locked(obj)


class BudgetLineInline(LockedBudgetReadOnly, admin.TabularInline):
    model = BudgetLine
    extra = 0
    fields = ("category", "description", "fte", "unit_cost", "amount", "notes")

    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and not self._locked(obj)


@admin.register(Budget)
class BudgetAdmin(LockedBudgetReadOnly, SimpleHistoryAdmin):
    list_display = ("agreement", "financial_year", "status")
    list_filter = ("status", "financial_year")
    search_fields = ("agreement__reference", "agreement__title")
    list_select_related = ("agreement",)
    readonly_fields = ("status",)
    inlines = [BudgetLineInline]


@admin.register(BudgetLine)
class BudgetLineAdmin(LockedBudgetReadOnly, SimpleHistoryAdmin):
    list_display = ("description", "budget", "category", "fte", "unit_cost", "amount", "version")
    list_filter = ("category", "budget__financial_year")
    search_fields = ("description", "notes", "budget__agreement__reference")
    list_select_related = ("budget__agreement", "category")
    readonly_fields = ("version",)
