"""Organisations and programmes are reference data; agreements are entered here until a decision
proposes them for approval, and read only after that; variations and match funding are read."""

from django.contrib import admin

from alpha_hub.admin_base import RecordTabularInline, ReferenceDataAdmin, WorkflowRecordAdmin
from grants.models import GrantAgreement, GrantVariation, MatchFunding, Organisation, Programme


@admin.register(Organisation)
class OrganisationAdmin(ReferenceDataAdmin):
    list_display = ("name", "short_name", "kind", "org_identifier")
    list_filter = ("kind",)
    search_fields = ("name", "short_name", "org_identifier")


@admin.register(Programme)
class ProgrammeAdmin(ReferenceDataAdmin):
    list_display = ("name", "host", "sponsor", "status")
    list_filter = ("status", "host")
    search_fields = ("name", "description", "oversight_lead")
    prepopulated_fields = {"slug": ("name",)}
    readonly_fields = ("status",)


class MatchFundingInline(RecordTabularInline):
    model = MatchFunding


@admin.register(GrantAgreement)
class GrantAgreementAdmin(ReferenceDataAdmin):
    """There is no staff page to enter an agreement yet, so it is entered here, with a reason.
    Once a decision proposes it for approval its amount, parties and dates are what that
    decision approves: from then on it changes only through a variation."""

    list_display = (
        "reference",
        "title",
        "funder",
        "recipient",
        "direction",
        "amount_awarded",
        "starts_on",
        "ends_on",
        "status",
    )
    list_filter = ("status", "direction", "funder", "programme")
    search_fields = ("reference", "title", "fund_name", "funder__name", "recipient__name")
    list_select_related = ("funder", "recipient")
    readonly_fields = ("status",)
    date_hierarchy = "starts_on"
    inlines = [MatchFundingInline]

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and not _proposed(obj)


def _proposed(agreement: GrantAgreement | None) -> bool:
    # `approvals` is the decisions app's ApprovedAgreement, read by name: grants sits below it.
    return agreement is not None and agreement.approvals.exists()


@admin.register(GrantVariation)
class GrantVariationAdmin(WorkflowRecordAdmin):
    list_display = ("agreement", "amount_before", "amount_after", "created_at")
    search_fields = ("agreement__reference", "reason")
    list_select_related = ("agreement",)


@admin.register(MatchFunding)
class MatchFundingAdmin(WorkflowRecordAdmin):
    list_display = ("agreement", "source", "amount")
    search_fields = ("agreement__reference", "source__name")
    list_select_related = ("agreement", "source")
