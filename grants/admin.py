"""Organisations and programmes are reference data, edited here with a reason. Agreements, their
profiles, match funding and variations are workflow records written by the staff pages
(grants.services): here they are only read."""

from django.contrib import admin

from alpha_hub.admin_base import ReferenceDataAdmin, WorkflowRecordAdmin
from grants.models import (
    FundingProfileYear,
    GrantAgreement,
    GrantVariation,
    MatchFunding,
    Organisation,
    Programme,
    VariationProfileYear,
)


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
    readonly_fields = ("status",)

    # A published programme's address is fixed (a trigger holds it): shown, not offered.
    def get_readonly_fields(self, request, obj=None):
        published = obj is not None and obj.is_published
        return (*self.readonly_fields, "slug") if published else self.readonly_fields

    def get_prepopulated_fields(self, request, obj=None):
        return {} if obj is not None and obj.is_published else {"slug": ("name",)}


@admin.register(GrantAgreement)
class GrantAgreementAdmin(WorkflowRecordAdmin):
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
    date_hierarchy = "starts_on"


@admin.register(FundingProfileYear)
class FundingProfileYearAdmin(WorkflowRecordAdmin):
    list_display = ("agreement", "financial_year", "amount")
    search_fields = ("agreement__reference",)
    list_select_related = ("agreement",)


@admin.register(VariationProfileYear)
class VariationProfileYearAdmin(WorkflowRecordAdmin):
    list_display = ("variation", "financial_year", "amount_before", "amount_after")
    search_fields = ("variation__agreement__reference",)
    list_select_related = ("variation__agreement",)


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
