from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from budget.models import Budget, BudgetLine, BudgetVariation, BudgetVariationLine, CostCategory


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

    def save_formset(self, request, form, formset, change):
        """Lines changed in the inline step their version, as the database requires."""
        if formset.model is not BudgetLine:
            return super().save_formset(request, form, formset, change)
        for line in formset.save(commit=False):
            if line.pk:
                line.version += 1
            line.save()
        for line in formset.deleted_objects:
            line.delete()
        return None


class BumpsVersion:
    """Each admin save of a line steps its version, as the database requires (lost updates)."""

    def save_model(self, request, obj, form, change):
        if change and form.has_changed():
            obj.version += 1
        super().save_model(request, obj, form, change)


@admin.register(BudgetLine)
class BudgetLineAdmin(BumpsVersion, LockedBudgetReadOnly, SimpleHistoryAdmin):
    list_display = ("description", "budget", "category", "fte", "unit_cost", "amount", "version")
    list_filter = ("category", "budget__financial_year")
    search_fields = ("description", "notes", "budget__agreement__reference")
    list_select_related = ("budget__agreement", "category")
    readonly_fields = ("version",)


class ReadOnlyAdmin(SimpleHistoryAdmin):
    """Variations are recorded by finance on the budget page, with a reason; here they are read."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class BudgetVariationLineInline(admin.TabularInline):
    model = BudgetVariationLine
    extra = 0
    fields = ("category", "description", "change")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(BudgetVariation)
class BudgetVariationAdmin(ReadOnlyAdmin):
    list_display = ("budget", "grant_variation", "created_at")
    list_select_related = ("budget__agreement", "grant_variation__agreement")
    inlines = [BudgetVariationLineInline]


@admin.register(BudgetVariationLine)
class BudgetVariationLineAdmin(ReadOnlyAdmin):
    list_display = ("description", "variation", "category", "change")
    list_select_related = ("variation__budget__agreement", "category")
