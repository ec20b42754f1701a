from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from alpha_hub.admin import ReadOnly
from decisions.models import (
    ApprovedAgreement,
    ApprovedVariation,
    BulkExport,
    Clearance,
    Decision,
    DecisionCategory,
    DecisionDocument,
    DecisionLink,
    DecisionSeries,
    DelegationRule,
    Recommendation,
    RestrictedPart,
    Section,
    Signature,
)


class FrozenOnceSigned:
    """A signed decision and its parts are read-only here, as the database also insists."""

    def _signed(self, obj) -> bool:
        decision = obj if isinstance(obj, Decision) else getattr(obj, "decision", None)
        return decision is not None and decision.is_signed

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and not self._signed(obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not self._signed(obj)


class FrozenInline(FrozenOnceSigned, admin.StackedInline):
    extra = 0

    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and not self._signed(obj)


class RecommendationInline(FrozenInline):
    model = Recommendation


class SectionInline(FrozenInline):
    model = Section


class RestrictedPartInline(FrozenInline):
    model = RestrictedPart


@admin.register(Decision)
class DecisionAdmin(FrozenOnceSigned, SimpleHistoryAdmin):
    list_display = ("reference", "title", "status", "financial_value", "signed_at", "published_at")
    list_filter = ("status", "series", "decision_maker_role", "has_part2")
    search_fields = ("title", "executive_summary", "number", "signed_by_name")
    list_select_related = ("series",)
    date_hierarchy = "signed_at"
    readonly_fields = ("status", "signed_by", "signed_by_name", "signed_at", "published_at")
    inlines = [RecommendationInline, SectionInline, RestrictedPartInline]

    @admin.display(ordering="number", description="reference")
    def reference(self, decision):
        return decision.reference


@admin.register(Recommendation, Section, RestrictedPart)
class DecisionPartAdmin(FrozenOnceSigned, SimpleHistoryAdmin):
    list_display = ("__str__", "decision")
    search_fields = ("decision__title",)
    list_select_related = ("decision__series",)


@admin.register(DecisionSeries)
class DecisionSeriesAdmin(SimpleHistoryAdmin):
    list_display = ("code", "name")
    search_fields = ("code", "name")


@admin.register(DecisionCategory)
class DecisionCategoryAdmin(SimpleHistoryAdmin):
    list_display = ("name", "code")
    search_fields = ("name", "code")


@admin.register(DelegationRule)
class DelegationRuleAdmin(SimpleHistoryAdmin):
    list_display = ("role", "holder", "series", "category", "upper_value", "scheme_paragraph")
    list_filter = ("role", "series", "is_active")
    search_fields = ("scheme_paragraph", "holder__username", "holder__full_name")
    list_select_related = ("holder", "series", "category")


@admin.register(DecisionLink)
class DecisionLinkAdmin(SimpleHistoryAdmin):
    list_display = ("source", "kind", "target")
    list_filter = ("kind",)
    list_select_related = ("source__series", "target__series")


class RecordOnlyAdmin(ReadOnly, SimpleHistoryAdmin):
    """Records of what happened (clearances, signatures, documents, approvals): read-only."""


@admin.register(Clearance)
class ClearanceAdmin(RecordOnlyAdmin):
    list_display = ("decision", "capacity", "cleared_by", "cleared_at")
    list_filter = ("capacity",)
    list_select_related = ("decision__series", "cleared_by")


@admin.register(Signature)
class SignatureAdmin(RecordOnlyAdmin):
    list_display = ("decision", "printed_name", "signed_at", "ip_address")
    list_select_related = ("decision__series",)


@admin.register(DecisionDocument)
class DecisionDocumentAdmin(RecordOnlyAdmin):
    list_display = ("decision", "variant", "sha256", "template_version", "created_at")
    list_filter = ("variant",)
    list_select_related = ("decision__series",)


@admin.register(ApprovedAgreement, ApprovedVariation)
class ApprovalAdmin(RecordOnlyAdmin):
    list_display = ("__str__", "decision", "created_at")
    list_select_related = ("decision__series",)


@admin.register(BulkExport)
class BulkExportAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ("created_at", "requested_by", "status", "done", "total", "finished_at")
    list_filter = ("status",)
    readonly_fields = ("status",)
