"""The two kinds of admin page: reference data, edited with a reason, and records, only read.

The workflow writes its records through services and staff pages; the admin must not be a second
way around them. Each registration uses one of the two bases below and declares the model
permissions the administrator role needs for it (`administrator_permissions_sync` grants them).
"""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.contrib.admin.utils import flatten_fieldsets
from django.contrib.auth import get_permission_codename
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist, PermissionDenied
from django.utils.text import capfirst
from simple_history.admin import SimpleHistoryAdmin

from alpha_hub.history import stamp
from alpha_hub.money import MoneyField, format_money
from alpha_hub.roles import Role, role_group

REASON_FIELD = "change_reason"
REASON_LABEL = "Reason for this change"
REASON_REQUIRED = "Enter the reason for this change"
# simple-history's change reason column is 100 characters.
REASON_MAX_LENGTH = 100


def reason_field() -> forms.CharField:
    """The required "Reason for this change", kept as the history row's change reason."""
    return forms.CharField(
        label=REASON_LABEL,
        max_length=REASON_MAX_LENGTH,
        help_text="Kept in the record's history beside who made the change and when.",
        error_messages={
            "required": REASON_REQUIRED,
            "max_length": f"The reason must be {REASON_MAX_LENGTH} characters or fewer",
        },
    )


def with_reason(form_class: type[forms.BaseForm]) -> type[forms.BaseForm]:
    """`form_class` with the reason field added."""
    return type(form_class.__name__, (form_class,), {REASON_FIELD: reason_field()})


def is_audited(model) -> bool:
    """Whether `model` keeps simple-history versions."""
    return hasattr(model._meta, "simple_history_manager_attribute")


class _HistoryReadOnly(SimpleHistoryAdmin):
    """History to read, never to revert: simple-history's revert form saves the old version with
    only view permission asked, including fields the change form keeps read-only."""

    object_history_list_template = "admin/alpha_hub/object_history_list.html"
    administrator_permissions: tuple[str, ...] = ()

    def __init__(self, model, admin_site):
        super().__init__(model, admin_site)
        if not is_audited(model):
            self.object_history_template = None  # Django's own admin log page

    def get_urls(self):
        if not is_audited(self.model):
            return admin.ModelAdmin.get_urls(self)  # no versions, so no page for one
        return super().get_urls()

    def history_view(self, request, object_id, extra_context=None):
        if not is_audited(self.model):
            return admin.ModelAdmin.history_view(self, request, object_id, extra_context)
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        raise PermissionDenied("Reverting to an earlier version is turned off.")

    def revert_disabled(self, request, obj=None):
        return True

    def get_list_display(self, request):
        """Money columns as "£1,512,000.00", not Django's bare "1512000.00"."""
        return [_money_column(self.model, name) for name in super().get_list_display(request)]


def _money_column(model, name):
    """`name` unchanged, or for a MoneyField a column that shows it as money."""
    try:
        field = model._meta.get_field(name) if isinstance(name, str) else None
    except FieldDoesNotExist:
        return name
    if not isinstance(field, MoneyField):
        return name

    @admin.display(description=capfirst(field.verbose_name), ordering=name)
    def column(obj):
        return format_money(getattr(obj, name))

    column.__name__ = f"{name}_in_pounds"
    return column


class ReferenceDataAdmin(_HistoryReadOnly):
    """Reference data: added and changed here, each time with a reason; never deleted, since
    history and the records that use it point at it."""

    administrator_permissions = ("add", "change", "view")

    def get_form(self, request, obj=None, change=False, **kwargs):
        # The reason is no model field: the model form is built without it, then given it.
        if "fields" not in kwargs:
            kwargs["fields"] = flatten_fieldsets(super().get_fieldsets(request, obj))
        elif kwargs["fields"] is not None:
            kwargs["fields"] = [name for name in kwargs["fields"] if name != REASON_FIELD]
        return with_reason(super().get_form(request, obj, change=change, **kwargs))

    def get_fields(self, request, obj=None):
        return [name for name in super().get_fields(request, obj) if name != REASON_FIELD]

    def get_fieldsets(self, request, obj=None):
        fieldsets = list(super().get_fieldsets(request, obj))
        if obj is None or self.has_change_permission(request, obj):
            fieldsets.append((None, {"fields": [REASON_FIELD]}))
        return fieldsets

    def save_model(self, request, obj, form, change):
        stamp(obj, user=request.user, reason=form.cleaned_data[REASON_FIELD])
        super().save_model(request, obj, form, change)

    def has_delete_permission(self, request, obj=None):
        return False


class WorkflowRecordAdmin(_HistoryReadOnly):
    """A record of the workflow: read here, whoever asks (superusers too); its own screens and
    services are the only way to write it."""

    administrator_permissions = ("view",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_actions(self, request):
        return {}


class RecordInlineMixin:
    """An inline of records that the page shows and nobody edits."""

    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class RecordStackedInline(RecordInlineMixin, admin.StackedInline):
    pass


class RecordTabularInline(RecordInlineMixin, admin.TabularInline):
    pass


def administrator_permissions_sync(site: admin.AdminSite = admin.site) -> None:
    """Give the administrator role exactly the model permissions its admin pages declare."""
    wanted = {
        (model._meta.app_label, get_permission_codename(action, model._meta))
        for model, model_admin in site._registry.items()
        for action in getattr(model_admin, "administrator_permissions", ())
    }
    types = ContentType.objects.get_for_models(*site._registry, for_concrete_models=False)
    candidates = Permission.objects.filter(content_type__in=types.values())
    permissions = [
        permission
        for permission in candidates.select_related("content_type")
        if (permission.content_type.app_label, permission.codename) in wanted
    ]
    role_group(Role.ADMINISTRATOR).permissions.set(permissions)
