from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminPasswordChangeForm

from alpha_hub.admin_base import (
    REASON_FIELD,
    ReferenceDataAdmin,
    WorkflowRecordAdmin,
    reason_field,
)
from alpha_hub.models import AccessEvent, User

admin.site.site_header = "Alpha Hub administration"
admin.site.site_title = "Alpha Hub administration"
admin.site.index_title = "Reference data and records"


class PasswordChangeForm(AdminPasswordChangeForm):
    """Django's admin password form; the user's history row it writes keeps the reason."""

    change_reason = reason_field()

    def save(self, commit=True):
        # The history middleware names who acted; the form has no request to say so itself.
        self.user._change_reason = self.cleaned_data[REASON_FIELD]
        return super().save(commit)


@admin.register(User)
class UserAdmin(ReferenceDataAdmin, DjangoUserAdmin):
    """People leave by being deactivated: history points at them, so they are never deleted.

    Roles are groups; superuser status and one-off permissions are left to superusers, so an
    administrator cannot raise themselves above the administrator role.
    """

    change_password_form = PasswordChangeForm
    change_user_password_template = "admin/alpha_hub/user/change_password.html"  # noqa: S105
    list_display = ("username", "full_name", "job_title", "email", "is_active", "last_login")
    list_filter = ("is_active", "is_staff", "groups")
    search_fields = ("username", "full_name", "email")
    fieldsets = (
        *DjangoUserAdmin.fieldsets,
        ("Alpha Hub", {"fields": ("full_name", "job_title")}),
    )

    # Roles as checkboxes: Django's two-box filter widget fails axe (aria-prohibited-attr), and
    # there are six roles, not hundreds.
    filter_horizontal = ()

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "groups":
            kwargs["widget"] = forms.CheckboxSelectMultiple
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def get_readonly_fields(self, request, obj=None):
        # Sign-in times are the system's record, shown and never typed (their split date and
        # time inputs have no labels of their own either).
        readonly = (*super().get_readonly_fields(request, obj), "last_login", "date_joined")
        if request.user.is_superuser:
            return readonly
        return (*readonly, "is_superuser", "user_permissions")


@admin.register(AccessEvent)
class AccessEventAdmin(WorkflowRecordAdmin):
    list_display = ("at", "kind", "username", "subject", "ip_address")
    list_filter = ("kind",)
    search_fields = ("username", "subject", "path")
    date_hierarchy = "at"
