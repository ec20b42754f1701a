from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from simple_history.admin import SimpleHistoryAdmin

from alpha_hub.models import AccessEvent, User


@admin.register(User)
class UserAdmin(DjangoUserAdmin, SimpleHistoryAdmin):
    """People leave by being deactivated: history points at them, so they are never deleted."""

    list_display = ("username", "full_name", "job_title", "email", "is_active", "last_login")
    list_filter = ("is_active", "is_staff", "groups")
    search_fields = ("username", "full_name", "email")
    fieldsets = (
        *DjangoUserAdmin.fieldsets,
        ("Alpha Hub", {"fields": ("full_name", "job_title")}),
    )

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnly:
    """An admin for records the system writes itself: administrators read them, nobody edits."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AccessEvent)
class AccessEventAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ("at", "kind", "username", "subject", "ip_address")
    list_filter = ("kind",)
    search_fields = ("username", "subject", "path")
    date_hierarchy = "at"
