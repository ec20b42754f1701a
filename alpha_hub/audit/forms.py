"""Filters of the audit log and the access log."""

from __future__ import annotations

from django import forms

from alpha_hub.audit.models import AccessKind
from alpha_hub.audit.scopes import scope_for_reference
from alpha_hub.audit.trail import ACTIONS, TrailFilter, audited_models
from alpha_hub.forms import DateRangeMixin, govuk_date_field


class TrailFilterForm(DateRangeMixin, forms.Form):
    reference = forms.CharField(
        label="Record reference", required=False, max_length=100,
        help_text="For example, PCD 867 or HO-SVSF-ALPHA-2020: the record and its parts",
    )  # fmt: skip
    user = forms.CharField(
        label="Changed by", required=False, max_length=150,
        help_text="All or part of a name, for example Linden",
    )  # fmt: skip
    model = forms.ChoiceField(label="Record type", required=False)
    action = forms.ChoiceField(
        label="Action", required=False, choices=[("", "Any"), *ACTIONS.items()]
    )
    date_from = govuk_date_field("From")
    date_to = govuk_date_field("To")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["model"].choices = [("", "Any")] + [
            (label, model._meta.verbose_name.capitalize())
            for label, model in audited_models().items()
        ]

    def clean_reference(self) -> str:
        reference = " ".join(self.cleaned_data["reference"].split())
        if reference and scope_for_reference(reference) is None:
            raise forms.ValidationError(
                f"No record has the reference “{reference}”: enter one such as PCD 867"
            )
        return reference

    def filters(self) -> TrailFilter:
        """The valid filters (all of them empty when the form has errors)."""
        if not self.is_valid():
            return TrailFilter()
        data = self.cleaned_data
        return TrailFilter(
            user=data["user"].strip(),
            label=data["model"],
            scope=scope_for_reference(data["reference"]) if data["reference"] else None,
            date_from=data["date_from"],
            date_to=data["date_to"],
            action=data["action"],
        )


class AccessFilterForm(DateRangeMixin, forms.Form):
    username = forms.CharField(
        label="User", required=False, max_length=150,
        help_text="All or part of a name or username",
    )  # fmt: skip
    kind = forms.ChoiceField(
        label="Event", required=False, choices=[("", "Any"), *AccessKind.choices]
    )
    date_from = govuk_date_field("From")
    date_to = govuk_date_field("To")
