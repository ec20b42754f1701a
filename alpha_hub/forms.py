"""The foundation's forms: the GOV.UK form renderer, the one-time code form and date filters."""

from __future__ import annotations

from datetime import date

from django import forms
from django.core.exceptions import ValidationError
from django.forms.boundfield import BoundField
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


class GovukDateWidget(forms.MultiWidget):
    """GOV.UK's date input: Day, Month and Year boxes, named `<name>_day` and so on."""

    def __init__(self, attrs=None):
        boxes = {"day": forms.TextInput(), "month": forms.TextInput(), "year": forms.TextInput()}
        super().__init__(boxes, attrs)

    def decompress(self, value):
        return [value.day, value.month, value.year] if value else [None, None, None]


class GovukDateField(forms.MultiValueField):
    """A date typed as day, month and year, with GOV.UK's messages for what is missing or wrong.

    Drawn by templates/govuk/forms/date_input.html (a fieldset whose legend is the label).
    """

    widget = GovukDateWidget
    PARTS = ("day", "month", "year")

    def __init__(self, *, label: str, required: bool = False, **kwargs):
        boxes = (forms.CharField(required=False),) * 3
        kwargs.setdefault("template_name", "govuk/forms/date_input.html")
        super().__init__(boxes, label=label, required=required, require_all_fields=False, **kwargs)

    def get_bound_field(self, form, field_name):
        return DateBoundField(form, self, field_name)

    def compress(self, data_list):
        values = [str(value or "").strip() for value in (data_list or ["", "", ""])]
        if not any(values):
            return None
        missing = [part for part, value in zip(self.PARTS, values, strict=True) if not value]
        if missing:
            raise ValidationError(f"{self.label} must include a {' and '.join(missing)}")
        if not all(value.isdigit() for value in values):
            raise ValidationError(f"{self.label} must be a real date")
        if len(values[2]) != 4:
            raise ValidationError(f"{self.label}: the year must include 4 numbers")
        try:
            return date(int(values[2]), int(values[1]), int(values[0]))
        except ValueError:
            raise ValidationError(f"{self.label} must be a real date") from None


def govuk_date_field(label: str) -> GovukDateField:
    """An optional GOV.UK date input (for filters: "From", "To")."""
    return GovukDateField(label=label, help_text="For example, 27 3 2021")


class DateBoundField(BoundField):
    @property
    def date_boxes(self) -> list[dict]:
        """Day, Month, Year: each box's label, id, name and value as typed (the day box has the
        field's own id, which labels and the error summary point at)."""
        values = self.value() or [None, None, None]
        if not isinstance(values, list | tuple):
            values = self.field.widget.decompress(values)
        boxes = []
        for index, part in enumerate(GovukDateField.PARTS):
            box_id = self.auto_id if index == 0 else f"{self.auto_id}-{part}"
            boxes.append({
                "label": part.capitalize(),
                "id": box_id,
                "name": f"{self.html_name}_{part}",
                "value": values[index] if index < len(values) else None,
                "width": 4 if part == "year" else 2,
            })  # fmt: skip
        return boxes
