"""The foundation's forms: GOV.UK classes on every widget, and the one-time code form."""

from __future__ import annotations

from django import forms


class GovukMixin:
    """Adds the GOV.UK classes the templates expect."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.Textarea):
                widget.attrs.setdefault("class", "govuk-textarea")
            elif isinstance(widget, forms.Select):
                widget.attrs.setdefault("class", "govuk-select")
            elif isinstance(widget, forms.TextInput | forms.PasswordInput | forms.NumberInput):
                widget.attrs.setdefault("class", "govuk-input")

    def full_clean(self):
        super().full_clean()
        # GOV.UK marks the control itself in red: govuk-input--error, govuk-textarea--error ...
        for name in self.errors:
            widget = self.fields[name].widget if name in self.fields else None
            classes = widget.attrs.get("class", "") if widget else ""
            if classes.startswith("govuk-") and "--error" not in classes:
                widget.attrs["class"] = f"{classes} {classes.split()[0]}--error"


class TotpConfirmForm(GovukMixin, forms.Form):
    token = forms.CharField(
        label="Code from your authenticator app",
        max_length=12,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
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
        widget=forms.DateInput(
            attrs={"type": "date", "class": "govuk-input govuk-input--width-10"}
        ),
        error_messages={"invalid": f"{label} must be a real date"},
    )
