"""Filters of the audit log and the access log."""

from __future__ import annotations

from django import forms

from alpha_hub.audit.models import AccessKind
from alpha_hub.audit.trail import ACTIONS, TrailFilter, audited_models
from alpha_hub.forms import DateRangeMixin, date_field


class TrailFilterForm(DateRangeMixin, forms.Form):
    username = forms.CharField(label="User (username)", required=False, max_length=150)
    model = forms.ChoiceField(label="Record type", required=False)
    record = forms.IntegerField(
        label="Record ID", required=False, min_value=1, max_value=2**63 - 1,
        error_messages={"invalid": "Record ID must be a whole number"},
    )  # fmt: skip
    date_from = date_field("From")
    date_to = date_field("To")
    action = forms.ChoiceField(
        label="Action", required=False, choices=[("", "Any"), *ACTIONS.items()]
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["model"].choices = [("", "Any")] + [
            (label, model._meta.verbose_name.capitalize())
            for label, model in audited_models().items()
        ]

    def filters(self) -> TrailFilter:
        """The valid filters (all of them empty when the form has errors)."""
        if not self.is_valid():
            return TrailFilter()
        data = self.cleaned_data
        return TrailFilter(
            username=data["username"].strip(),
            label=data["model"],
            record_id=data["record"],
            date_from=data["date_from"],
            date_to=data["date_to"],
            action=data["action"],
        )


class AccessFilterForm(DateRangeMixin, forms.Form):
    username = forms.CharField(label="User (username)", required=False, max_length=150)
    kind = forms.ChoiceField(
        label="Event", required=False, choices=[("", "Any"), *AccessKind.choices]
    )
    date_from = date_field("From")
    date_to = date_field("To")
