"""Forms for budget lines, imports, new budgets and variations. No business rules beyond input."""

from __future__ import annotations

from django import forms
from django.utils.text import Truncator

from alpha_hub.fiscal_year import FinancialYearFormField
from alpha_hub.money import MoneyFormField, format_money, is_too_large
from budget.models import CostCategory
from budget.rules import DESCRIPTION_MAX, NOTES_MAX, LineValues, amount_for, fte_problem, parse_fte


class LineForm(forms.Form):
    """One row of the budget grid."""

    category = forms.ModelChoiceField(
        queryset=CostCategory.objects.all(),
        error_messages={"required": "Choose a category", "invalid_choice": "Choose a category"},
    )
    description = forms.CharField(
        max_length=DESCRIPTION_MAX,
        error_messages={
            "required": "Enter a description",
            "max_length": f"Description must be {DESCRIPTION_MAX} characters or fewer",
        },
    )
    fte = forms.CharField(label="FTE", required=False)
    unit_cost = MoneyFormField(required=False)
    amount = MoneyFormField(required=False)
    notes = forms.CharField(
        required=False,
        max_length=NOTES_MAX,
        error_messages={"max_length": f"Notes must be {NOTES_MAX} characters or fewer"},
    )
    version = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)

    def clean_fte(self):
        text = self.cleaned_data["fte"].strip()
        if not text:
            return None
        try:
            return parse_fte(text)
        except ValueError as error:
            raise forms.ValidationError(str(error)) from error

    def clean_unit_cost(self):
        unit_cost = self.cleaned_data["unit_cost"]
        if unit_cost is not None and unit_cost < 0:
            raise forms.ValidationError("Unit cost cannot be negative")
        return unit_cost

    def clean(self):
        data = super().clean()
        fte, unit_cost = data.get("fte"), data.get("unit_cost")
        if "amount" not in data:
            return data
        amount = data["amount"]
        if amount is None and fte is not None and unit_cost is not None:
            data["amount"] = amount = amount_for(fte, unit_cost)
            if is_too_large(amount):  # each is in range, their product need not be
                self.add_error(
                    "amount", "FTE x unit cost must come to less than £1,000,000,000,000"
                )
                return data
        if amount is None:
            self.add_error("amount", "Enter the amount")
        elif amount < 0:
            self.add_error("amount", "Amount cannot be negative")
        elif problem := fte_problem(fte, unit_cost, amount):
            self.add_error("amount", problem)
        return data

    def to_values(self) -> LineValues:
        data = self.cleaned_data
        return LineValues(
            category=data["category"],
            description=data["description"].strip(),
            amount=data["amount"],
            fte=data["fte"],
            unit_cost=data["unit_cost"],
            notes=data["notes"].strip(),
        )


class BudgetCreateForm(forms.Form):
    financial_year = FinancialYearFormField(
        error_messages={"required": "Enter the financial year, like 2020/21"}
    )


class ImportForm(forms.Form):
    file = forms.FileField(
        label="Upload a file",
        widget=forms.FileInput(attrs={"accept": ".csv,.xlsx"}),
        error_messages={"required": "Choose a CSV or XLSX file", "empty": "The file is empty"},
    )


class GrantVariationField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        reason = Truncator(obj.reason).chars(80)
        return f"{format_money(obj.amount_before)} to {format_money(obj.amount_after)}: {reason}"


class VariationForm(forms.Form):
    grant_variation = GrantVariationField(
        queryset=None,
        label="Grant variation",
        empty_label="Choose",
        error_messages={"required": "Choose the grant variation this budget change is made under"},
    )
    reason = forms.CharField(
        label="Reason for the variation",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages={"required": "Enter the reason for the variation"},
    )

    def __init__(self, *args, agreement, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["grant_variation"].queryset = agreement.variations.all()


class VariationChangeForm(forms.Form):
    category = forms.ModelChoiceField(
        queryset=CostCategory.objects.all(), required=False, empty_label="Choose"
    )
    description = forms.CharField(max_length=DESCRIPTION_MAX, required=False)
    # The page says once, above the rows, that a negative change takes money away.
    change = MoneyFormField(
        label="Change in pounds",
        required=False,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10"}),
    )

    def clean(self):
        data = super().clean()
        filled = [
            data.get(name) not in (None, "") for name in ("category", "description", "change")
        ]
        if any(filled) and not all(filled):
            raise forms.ValidationError("Give a category, a description and a change for each row")
        if data.get("change") == 0:
            self.add_error("change", "Enter a change other than £0.00")
        return data


# absolute_max: a posted TOTAL_FORMS of 1,000 would otherwise build (and render) 1,020 forms.
VariationChangeFormSet = forms.formset_factory(
    VariationChangeForm, extra=4, max_num=20, absolute_max=20
)
