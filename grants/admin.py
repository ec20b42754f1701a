from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from grants.models import GrantAgreement, GrantVariation, MatchFunding, Organisation, Programme


@admin.register(Organisation)
class OrganisationAdmin(SimpleHistoryAdmin):
    list_display = ("name", "short_name", "kind", "org_identifier")
    list_filter = ("kind",)
    search_fields = ("name", "short_name", "org_identifier")


@admin.register(Programme)
class ProgrammeAdmin(SimpleHistoryAdmin):
    list_display = ("name", "host", "sponsor", "status")
    list_filter = ("status", "host")
    search_fields = ("name", "description", "oversight_lead")
    prepopulated_fields = {"slug": ("name",)}
    readonly_fields = ("status",)


class MatchFundingInline(admin.TabularInline):
    model = MatchFunding
    extra = 0


@admin.register(GrantAgreement)
class GrantAgreementAdmin(SimpleHistoryAdmin):
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


@admin.register(GrantVariation)
class GrantVariationAdmin(SimpleHistoryAdmin):
    list_display = ("agreement", "amount_before", "amount_after", "created_at")
    search_fields = ("agreement__reference", "reason")
    list_select_related = ("agreement",)


@admin.register(MatchFunding)
class MatchFundingAdmin(SimpleHistoryAdmin):
    list_display = ("agreement", "source", "amount")
    search_fields = ("agreement__reference", "source__name")
    list_select_related = ("agreement", "source")
