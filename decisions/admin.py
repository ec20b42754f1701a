"""Series, categories, offices, their holders and delegation rules are reference data; everything
a decision records is read here only, and Part 2 is not here at all (its readers go through the
access log)."""

from django import forms
from django.contrib import admin
from django.db import models

from alpha_hub.admin_base import (
    RecordStackedInline,
    RecordTabularInline,
    ReferenceDataAdmin,
    WorkflowRecordAdmin,
)
from decisions.models import (
    ApprovedAgreement,
    ApprovedContract,
    ApprovedVariation,
    BulkExport,
    Clearance,
    ClearanceComment,
    Decision,
    DecisionCategory,
    DecisionDocument,
    DecisionImport,
    DecisionLink,
    DecisionSeries,
    DeclaredInterest,
    DelegationRule,
    ForwardPlanEntry,
    NumberReservation,
    Office,
    OfficeHolder,
    Recommendation,
    Section,
    Signature,
    SupportingPaper,
)


class RecommendationInline(RecordStackedInline):
    model = Recommendation


class SectionInline(RecordStackedInline):
    model = Section


@admin.register(Decision)
class DecisionAdmin(WorkflowRecordAdmin):
    list_display = (
        "reference", "title", "kind", "status", "financial_value", "signed_at", "published_at",
    )  # fmt: skip
    list_filter = ("status", "kind", "value_publication", "series", "office", "has_part2")
    search_fields = ("title", "executive_summary", "number", "signed_by_name")
    list_select_related = ("series",)
    date_hierarchy = "signed_at"
    readonly_fields = ("status", "signed_by", "signed_by_name", "signed_at", "published_at")
    inlines = [RecommendationInline, SectionInline]

    @admin.display(ordering="number", description="reference")
    def reference(self, decision):
        return decision.reference


@admin.register(Recommendation, Section)
class DecisionPartAdmin(WorkflowRecordAdmin):
    list_display = ("__str__", "decision")
    search_fields = ("decision__title",)
    list_select_related = ("decision__series",)


@admin.register(DecisionSeries)
class DecisionSeriesAdmin(ReferenceDataAdmin):
    """A series' code is in every reference, public address and signed document of its
    decisions, so it is fixed once the first decision uses it (the database agrees)."""

    list_display = ("code", "name", "clearers_must_differ")
    search_fields = ("code", "name")

    def get_readonly_fields(self, request, obj=None):
        readonly = tuple(super().get_readonly_fields(request, obj))
        if obj is not None and obj.decisions.exists():
            return (*readonly, "code")
        return readonly


@admin.register(DecisionCategory)
class DecisionCategoryAdmin(ReferenceDataAdmin):
    list_display = ("name", "code")
    search_fields = ("name", "code")


@admin.register(DelegationRule)
class DelegationRuleAdmin(ReferenceDataAdmin):
    list_display = ("office", "holder", "series", "category", "upper_value", "scheme_paragraph")
    list_filter = ("office", "series", "is_active")
    search_fields = ("scheme_paragraph", "holder__username", "holder__full_name")
    list_select_related = ("office", "holder", "series", "category")


@admin.register(Office)
class OfficeAdmin(ReferenceDataAdmin):
    """The offices decisions are addressed to; a decision prints the title as its addressee."""

    list_display = ("title", "abbreviation", "code")
    search_fields = ("title", "abbreviation", "code")


@admin.register(OfficeHolder)
class OfficeHolderAdmin(ReferenceDataAdmin):
    """Who held each office when, and who acted for it: signing asks these terms (ADR 0054).
    The database refuses two holders', or two acting holders', overlapping terms of one office;
    the form says so. A term is ended by giving its last day, never deleted."""

    list_display = ("office", "user", "kind", "starts_on", "ends_on")
    list_filter = ("office", "kind")
    search_fields = ("user__username", "user__full_name", "office__title")
    list_select_related = ("office", "user")
    date_hierarchy = "starts_on"
    # The browser's own date picker: a term's days are typed or picked, never a time.
    formfield_overrides = {
        models.DateField: {"widget": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}
    }


@admin.register(DecisionLink)
class DecisionLinkAdmin(WorkflowRecordAdmin):
    list_display = ("source", "kind", "target")
    list_filter = ("kind",)
    list_select_related = ("source__series", "target__series")


@admin.register(Clearance)
class ClearanceAdmin(WorkflowRecordAdmin):
    list_display = ("decision", "capacity", "cleared_by", "cleared_at")
    list_filter = ("capacity",)
    list_select_related = ("decision__series", "cleared_by")


@admin.register(ClearanceComment)
class ClearanceCommentAdmin(WorkflowRecordAdmin):
    """Clearers' comments and the drafter's answers (docs/adr/0063): read here, written in the
    staff workspace."""

    list_display = ("decision", "about", "author", "state", "created_at")
    list_filter = ("state",)
    list_select_related = ("decision__series", "author")


class DeclaredInterestInline(RecordTabularInline):
    model = DeclaredInterest
    fields = ("position", "interest", "handling")


@admin.register(Signature)
class SignatureAdmin(WorkflowRecordAdmin):
    list_display = ("decision", "printed_name", "office_title", "capacity", "signed_at")
    list_filter = ("capacity", "office")
    list_select_related = ("decision__series",)
    inlines = [DeclaredInterestInline]


@admin.register(DeclaredInterest)
class DeclaredInterestAdmin(WorkflowRecordAdmin):
    """An interest declared at signing: recorded by the signing service, only read here."""

    list_display = ("__str__", "handling", "created_at")
    list_filter = ("handling",)
    list_select_related = ("signature__decision__series",)


@admin.register(DecisionDocument)
class DecisionDocumentAdmin(WorkflowRecordAdmin):
    list_display = ("decision", "variant", "sha256", "template_version", "created_at")
    list_filter = ("variant",)
    list_select_related = ("decision__series",)


@admin.register(SupportingPaper)
class SupportingPaperAdmin(WorkflowRecordAdmin):
    """Part 1 papers only: a Part 2 paper, like Part 2, is read through the access log."""

    list_display = ("decision", "kind", "title", "file_name", "size", "sha256", "created_at")
    list_filter = ("kind",)
    list_select_related = ("decision__series",)
    exclude = ("file",)  # downloads go through the decision's pages

    def get_queryset(self, request):
        return super().get_queryset(request).part1()


@admin.register(ApprovedAgreement, ApprovedContract, ApprovedVariation)
class ApprovalAdmin(WorkflowRecordAdmin):
    list_display = ("__str__", "decision", "created_at")
    list_select_related = ("decision__series",)


@admin.register(DecisionImport)
class DecisionImportAdmin(WorkflowRecordAdmin):
    """A historic import: checked and applied on its staff screen (/staff/imports/)."""

    list_display = ("file_name", "status", "uploaded_by", "created_at", "applied_at")
    list_filter = ("status",)
    list_select_related = ("uploaded_by",)
    readonly_fields = ("status",)


@admin.register(NumberReservation)
class NumberReservationAdmin(WorkflowRecordAdmin):
    """A reserved decision number: made on the import screen, read here."""

    list_display = ("__str__", "reason", "reserved_by", "used_by", "created_at")
    list_select_related = ("series", "reserved_by", "used_by__series")


@admin.register(ForwardPlanEntry)
class ForwardPlanEntryAdmin(WorkflowRecordAdmin):
    """A forward plan entry: officers add it on the staff forward plan page."""

    list_display = ("title", "office", "expected_month", "decision", "created_by")
    list_filter = ("office",)
    list_select_related = ("office", "decision__series", "created_by")


@admin.register(BulkExport)
class BulkExportAdmin(WorkflowRecordAdmin):
    list_display = ("created_at", "requested_by", "status", "done", "total", "finished_at")
    list_filter = ("status",)
    readonly_fields = ("status",)
