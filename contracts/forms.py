"""The contract's form: it checks the shape of input; the services and the database decide."""

from __future__ import annotations

from django import forms

from alpha_hub.money import MoneyFormField
from contracts.models import AWARDED_BY_MAX, JUSTIFICATION_MAX, TITLE_MAX, ProcurementRoute
from grants.models import Organisation


def _date(label: str) -> forms.DateField:
    return forms.DateField(
        label=label,
        widget=forms.DateInput(attrs={"type": "date", "class": "govuk-input--width-10"}),
        error_messages={
            "required": f"Enter the {label.lower()}.",
            "invalid": f"The {label.lower()} must be a real date, like 2027-04-01.",
        },
    )


class ContractForm(forms.Form):
    title = forms.CharField(
        label="What is bought",
        max_length=TITLE_MAX,
        help_text="For example, “Social media monitoring platform and support”.",
        error_messages={
            "required": "Say what the contract buys.",
            "max_length": f"Say what is bought in {TITLE_MAX} characters or fewer.",
        },
    )
    supplier = forms.ModelChoiceField(
        Organisation.objects.none(),
        empty_label="Choose the supplier",
        error_messages={
            "required": "Choose the supplier.",
            "invalid_choice": "Choose the supplier.",
        },
    )
    maximum_value = MoneyFormField(
        label="Maximum value",
        help_text="In pounds, the most the contract may cost over its whole period.",
        error_messages={"required": "Enter the maximum value."},
    )
    starts_on = _date("Start date")
    ends_on = _date("End date")
    procurement_route = forms.ChoiceField(
        label="Procurement route",
        choices=ProcurementRoute.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose the procurement route.",
            "invalid_choice": "Choose the procurement route.",
        },
    )
    route_justification = forms.CharField(
        label="Justification for a direct award",
        required=False,
        max_length=JUSTIFICATION_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Only for a direct award: the ground for it.",
        error_messages={
            "max_length": f"Give the justification in {JUSTIFICATION_MAX:,} characters or fewer."
        },
    )
    awarded_by = forms.CharField(
        label="Who may award it",
        max_length=AWARDED_BY_MAX,
        help_text="The office, role or body that awards the contract once the decision is "
        "signed, e.g. “Chief Finance Officer”.",
        error_messages={
            "required": "Say who may award the contract.",
            "max_length": f"Say who may award it in {AWARDED_BY_MAX} characters or fewer.",
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["supplier"].queryset = Organisation.objects.order_by("name")

    def clean_maximum_value(self):
        value = self.cleaned_data["maximum_value"]
        if value is not None and value <= 0:
            raise forms.ValidationError("The maximum value must be more than £0.00.")
        return value

    def clean(self):
        data = super().clean()
        starts_on, ends_on = data.get("starts_on"), data.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", "The end date must be on or after the start date.")
        route = data.get("procurement_route")
        justification = (data.get("route_justification") or "").strip()
        if route == ProcurementRoute.DIRECT_AWARD and not justification:
            self.add_error("route_justification", "Give the justification for a direct award.")
        return data
