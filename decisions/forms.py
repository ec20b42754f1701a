"""Staff forms. They check the shape of input; the services decide what is allowed."""

from __future__ import annotations

from django import forms

from alpha_hub.forms import DateRangeMixin, GovukMixin, date_field
from alpha_hub.money import MoneyFormField
from decisions.models import (
    INTEREST_DECLARATION,
    Assessment,
    ClearanceCapacity,
    Decision,
    DecisionCategory,
    DecisionMakerRole,
    DecisionSeries,
    LinkKind,
    SectionKind,
)
from decisions.services import CHANGE_REASON_MAX
from grants.models import GrantAgreement

TEXT_MAX = 20_000
SUMMARY_MAX = 10_000
REASON_MAX = 2000


class ChangeReasonMixin:
    """Adds "Reason for this change" when the decision's services ask for one (reason_required)."""

    def __init__(self, *args, reason_required: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if reason_required:
            self.fields["reason"] = change_reason_field()


def change_reason_field() -> forms.CharField:
    field = forms.CharField(
        label="Reason for this change",
        max_length=CHANGE_REASON_MAX,
        help_text=f"This decision has been submitted before, so its history records why it "
        f"changed. {CHANGE_REASON_MAX} characters or fewer.",
        error_messages={
            "required": "Enter the reason for this change.",
            "max_length": f"The reason for this change must be {CHANGE_REASON_MAX} characters "
            "or fewer.",
        },
    )
    # GOV.UK advises against maxlength: it cuts pasted text short without saying so.
    field.widget.attrs = {"class": "govuk-input", "autocomplete": "off", "spellcheck": "true"}
    return field


def _earlier_decisions():
    return (
        Decision.objects.filter(status__in=Decision.SIGNED_STATUSES)
        .select_related("series")
        .order_by("series__code", "-number")
    )


class DecisionForm(ChangeReasonMixin, GovukMixin, forms.Form):
    title = forms.CharField(max_length=250)
    category = forms.ModelChoiceField(
        DecisionCategory.objects.all(),
        empty_label="Choose a category",
        help_text="The delegation rules depend on it.",
    )
    decision_maker_role = forms.ChoiceField(
        label="Decision maker", choices=DecisionMakerRole.choices
    )
    financial_value = MoneyFormField(
        label="Financial value",
        min_value=0,
        help_text="In pounds, e.g. 1,479,306.16. Use 0 if none.",
    )
    executive_summary = forms.CharField(
        widget=forms.Textarea,
        max_length=SUMMARY_MAX,
        help_text="Plain text. Leave a blank line between paragraphs.",
    )
    dpia = forms.ChoiceField(label="Data protection impact assessment", choices=Assessment.choices)
    equality_assessment = forms.ChoiceField(
        label="Equality impact assessment", choices=Assessment.choices
    )


class DecisionCreateForm(DecisionForm):
    series = forms.ModelChoiceField(
        DecisionSeries.objects.all(), empty_label=None, to_field_name="code"
    )
    agreements = forms.ModelMultipleChoiceField(
        GrantAgreement.objects.order_by("reference"),
        required=False,
        label="Grant agreements this decision approves",
        widget=forms.CheckboxSelectMultiple,
    )
    earlier_decision = forms.ModelChoiceField(
        _earlier_decisions(), required=False, label="Earlier decision (optional)"
    )
    link_kind = forms.ChoiceField(
        label="How this decision relates to it", choices=LinkKind.choices, required=False
    )

    field_order = ["series", "title"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["earlier_decision"].queryset = _earlier_decisions()
        self.fields["dpia"].required = False
        self.fields["equality_assessment"].required = False

    def clean(self):
        data = super().clean()
        if data.get("earlier_decision") and not data.get("link_kind"):
            self.add_error("link_kind", "Choose how this decision relates to the earlier one.")
        return data


class AgreementsForm(ChangeReasonMixin, GovukMixin, forms.Form):
    agreements = forms.ModelMultipleChoiceField(
        GrantAgreement.objects.order_by("reference"),
        required=False,
        label="Grant agreements this decision approves",
        widget=forms.CheckboxSelectMultiple,
    )


class LinkForm(ChangeReasonMixin, GovukMixin, forms.Form):
    target = forms.ModelChoiceField(_earlier_decisions(), label="Earlier decision")
    kind = forms.ChoiceField(label="How this decision relates to it", choices=LinkKind.choices)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"].queryset = _earlier_decisions()


class RecommendationForm(ChangeReasonMixin, GovukMixin, forms.Form):
    text = forms.CharField(
        label="Recommendation", widget=forms.Textarea(attrs={"rows": 3}), max_length=TEXT_MAX
    )


class SectionForm(ChangeReasonMixin, GovukMixin, forms.Form):
    kind = forms.ChoiceField(label="Heading", choices=SectionKind.choices)
    heading = forms.CharField(
        label="Custom heading",
        max_length=200,
        required=False,
        help_text="Only for “Other (custom heading)”.",
    )
    body = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 12}),
        max_length=TEXT_MAX,
        help_text="Plain text. Leave a blank line between paragraphs; start a line with • or - "
        "for a bullet. Paragraphs are numbered on display.",
    )

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        if kind == SectionKind.CUSTOM:
            if not (data.get("heading") or "").strip():
                self.add_error("heading", "Enter the custom heading.")
        elif kind:
            data["heading"] = SectionKind(kind).label
        return data


class Part2Form(ChangeReasonMixin, GovukMixin, forms.Form):
    has_part2 = forms.TypedChoiceField(
        label="Does this decision have a Part 2?",
        choices=[("yes", "Yes"), ("no", "No")],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    exemption_ground = forms.CharField(
        label="Exemption ground",
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Shown to the public, e.g. “Part 2 is exempt from publication under the "
        "Freedom of Information Act 2000, section 43 (commercial interests).”",
    )
    body = forms.CharField(
        label="Part 2: confidential facts and advice",
        max_length=TEXT_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 10}),
    )

    def clean(self):
        data = super().clean()
        if data.get("has_part2"):
            if not (data.get("exemption_ground") or "").strip():
                self.add_error("exemption_ground", "Enter the exemption ground.")
            if not (data.get("body") or "").strip():
                self.add_error("body", "Enter the Part 2 text.")
        return data


class PartChangeForm(ChangeReasonMixin, GovukMixin, forms.Form):
    """Move a recommendation or section up or down, or remove it."""

    action = forms.ChoiceField(
        choices=[("up", "Move up"), ("down", "Move down"), ("remove", "Remove")],
        widget=forms.HiddenInput,
        error_messages={
            "required": "Choose move up, move down or remove.",
            "invalid_choice": "Choose move up, move down or remove.",
        },
    )


class ChangeForm(ChangeReasonMixin, GovukMixin, forms.Form):
    """A change that needs nothing but, once submitted, a reason (removing a link)."""


class ReasonForm(GovukMixin, forms.Form):
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), max_length=REASON_MAX)


class ClearForm(GovukMixin, forms.Form):
    capacities = forms.MultipleChoiceField(
        label="Clear in these capacities",
        choices=ClearanceCapacity.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose the capacity in which you clear this decision."},
    )
    comment = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), max_length=REASON_MAX, required=False
    )

    def __init__(self, *args, outstanding: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["capacities"].choices = [(c, ClearanceCapacity(c).label) for c in outstanding]


class SignForm(GovukMixin, forms.Form):
    declaration = forms.BooleanField(
        label=INTEREST_DECLARATION,
        error_messages={"required": "Confirm the declaration of interests to sign."},
    )
    credential = forms.CharField(
        max_length=128,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": "Enter your password or code to sign."},
    )

    def __init__(self, *args, method: str, **kwargs):
        super().__init__(*args, **kwargs)
        if method == "code":
            field = self.fields["credential"]
            field.label = "Code from your authenticator app"
            field.widget = forms.TextInput(
                attrs={
                    "class": "govuk-input govuk-input--width-10",
                    "autocomplete": "one-time-code",
                    "inputmode": "numeric",
                }
            )
            field.error_messages["required"] = "Enter the code from your authenticator app."
        else:
            self.fields["credential"].label = "Your password"


class BulkExportForm(DateRangeMixin, GovukMixin, forms.Form):
    series = forms.ModelChoiceField(
        label="Series", required=False, queryset=None, empty_label="All series"
    )
    date_from = date_field("Signed from")
    date_to = date_field("Signed to")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["series"].queryset = DecisionSeries.objects.all()
