"""The foundation's forms: the GOV.UK form renderer, the one-time code form and date filters."""

from __future__ import annotations

from django import forms
from django.forms.renderers import TemplatesSetting


class GovukFormRenderer(TemplatesSetting):
    """Draws every field with the GOV.UK templates in templates/govuk/forms/ (FORM_RENDERER).

    `{{ form }}` and `{{ form.title.as_field_group }}` give the label, hint, error message and
    control of GOV.UK Frontend, with the same ids everywhere: `<auto_id>-hint`, `<auto_id>-error`.
    Django's own widget templates (the admin's) come from "django.forms" in INSTALLED_APPS.
    """

    form_template_name = "govuk/forms/form.html"
    field_template_name = "govuk/forms/field.html"


class TotpConfirmForm(forms.Form):
    token = forms.CharField(
        label="Code from your authenticator app",
        max_length=12,
        widget=forms.TextInput(
            attrs={
                "class": "govuk-input--width-10",
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
            }
        ),
    )


class DateRangeMixin:
    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", "The end date must be the same as or after the start date")
        return cleaned


def date_field(label: str) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=False,
        widget=forms.DateInput(attrs={"type": "date", "class": "govuk-input--width-10"}),
        error_messages={"invalid": f"{label} must be a real date"},
    )
