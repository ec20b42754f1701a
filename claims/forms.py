"""Forms for claims, payments, reports and closure. Input only: the services hold the rules."""

from __future__ import annotations

from django import forms

from alpha_hub.forms import date_field
from alpha_hub.money import MoneyFormField
from budget.models import BudgetLine, CostCategory
from claims.models import ClaimStatus, Frequency, ReportKind


def _required_date(label: str) -> forms.DateField:
    field = date_field(label)
    field.required = True
    field.error_messages["required"] = f"Enter the {label.lower()}"
    return field


class ScheduleForm(forms.Form):
    frequency = forms.ChoiceField(
        label="How often are claims made?", choices=Frequency.choices,
        initial=Frequency.QUARTERLY, widget=forms.RadioSelect,
        error_messages={"required": "Choose how often claims are made"},
    )  # fmt: skip
    due_days = forms.IntegerField(
        label="Days after each period ends that its claim is due", initial=30, min_value=0,
        max_value=365,
        error_messages={
            "required": "Enter the number of days",
            "invalid": "Enter a whole number of days",
            "min_value": "Enter 0 or more days",
            "max_value": "Enter 365 days or fewer",
        },
    )  # fmt: skip


class ClaimFilterForm(forms.Form):
    """The claim list's filter: one status, or any."""

    status = forms.ChoiceField(
        label="Status", required=False, choices=[("", "Any"), *ClaimStatus.choices],
        error_messages={"invalid_choice": "Choose a status from the list"},
    )  # fmt: skip


class LineForm(forms.Form):
    category = forms.ModelChoiceField(
        queryset=CostCategory.objects.all(),
        error_messages={"required": "Choose a category", "invalid_choice": "Choose a category"},
    )
    budget_line = forms.ModelChoiceField(
        label="Budget line (optional)", queryset=BudgetLine.objects.none(), required=False,
        error_messages={"invalid_choice": "Choose a line of this claim's budget"},
    )  # fmt: skip
    description = forms.CharField(
        required=False, max_length=200,
        error_messages={"max_length": "Description must be 200 characters or fewer"},
    )  # fmt: skip
    amount = MoneyFormField(
        label="Actual spend in the period",
        error_messages={
            "required": "Enter the spend", "invalid": "Enter the spend in pounds and pence"
        },
    )  # fmt: skip

    def __init__(self, *args, budget_lines=None, **kwargs):
        super().__init__(*args, **kwargs)
        if budget_lines is not None:
            self.fields["budget_line"].queryset = BudgetLine.objects.filter(
                pk__in=[line.pk for line in budget_lines]
            )

    def clean_amount(self):
        amount = self.cleaned_data["amount"]
        if amount is not None and amount < 0:
            raise forms.ValidationError("Spend cannot be negative")
        return amount


class FileForm(forms.Form):
    file = forms.FileField(
        label="Evidence file",
        help_text="A PDF, Excel (.xlsx), CSV, PNG or JPEG file.",
        error_messages={"required": "Choose a file", "empty": "The file is empty"},
    )


class ReturnForm(forms.Form):
    reason = forms.CharField(
        label="Why are you returning it?", widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages={"required": "Give the reason for returning the claim",
                        "max_length": "The reason must be 2,000 characters or fewer"},
    )  # fmt: skip


class PaymentForm(forms.Form):
    amount = MoneyFormField(
        error_messages={
            "required": "Enter the amount paid",
            "invalid": "Enter the amount in pounds and pence",
        },
    )  # fmt: skip
    paid_on = _required_date("Date paid")
    reference = forms.CharField(
        max_length=100,
        error_messages={"required": "Enter the payment reference",
                        "max_length": "The reference must be 100 characters or fewer"},
    )  # fmt: skip


class RequirementForm(forms.Form):
    kind = forms.ChoiceField(
        choices=ReportKind.choices, error_messages={"required": "Choose the kind of report"}
    )
    title = forms.CharField(required=False, max_length=200)
    due_on = _required_date("Due date")


class ReportForm(FileForm):
    summary = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, requirement=None, **kwargs):
        """Given the requirement (the finance tab draws one form for each), its ids are its own
        (`requirement-<pk>-file`) and the label names it; the field names stay the same."""
        if requirement is not None:
            kwargs.setdefault("auto_id", f"requirement-{requirement.pk}-%s")
        super().__init__(*args, **kwargs)
        self.fields["file"].label = "Report file"
        if requirement is not None:
            self.fields["file"].label = f"Report file for {requirement.title}"


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label="Your review", choices=[("accept", "Accept"), ("return", "Return with a reason")],
        widget=forms.RadioSelect, error_messages={"required": "Choose accept or return"},
    )  # fmt: skip
    comment = forms.CharField(
        label="Comment (needed to return it)", required=False,
        widget=forms.Textarea(attrs={"rows": 2}), max_length=2000,
    )  # fmt: skip

    def __init__(self, *args, report=None, **kwargs):
        """Given the report (the finance tab draws one form for each awaiting review), its ids
        are its own (`report-<pk>-decision`...) and the legend names its file; the field names
        stay `decision` and `comment`."""
        if report is not None:
            kwargs.setdefault("auto_id", f"report-{report.pk}-%s")
        super().__init__(*args, **kwargs)
        if report is not None:
            self.fields["decision"].label = f"Review {report.file_name}"


class CloseForm(forms.Form):
    reason = forms.CharField(
        label="Reason for closing now (needed only while something is outstanding)",
        required=False, widget=forms.Textarea(attrs={"rows": 3}), max_length=2000,
    )  # fmt: skip


class ImportForm(forms.Form):
    file = forms.FileField(
        label="Upload the spreadsheet",
        widget=forms.FileInput(attrs={"accept": ".csv,.xlsx"}),
        error_messages={"required": "Choose a CSV or XLSX file", "empty": "The file is empty"},
    )
