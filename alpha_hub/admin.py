from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from simple_history.admin import SimpleHistoryAdmin

from alpha_hub.models import User


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
