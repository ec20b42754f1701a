"""Staff forms. They check the shape of input; the services decide what is allowed."""

from __future__ import annotations

from django import forms

from alpha_hub.forms import DateRangeMixin, date_field
from alpha_hub.models import User
from alpha_hub.money import MoneyFormField
from contracts.forms import ContractForm as ContractDetailsForm
from decisions.models import (
    COMMENT_MAX,
    INTEREST_MAX,
    Assessment,
    ClearanceCapacity,
    Decision,
    DecisionCategory,
    DecisionKind,
    DecisionSeries,
    InterestHandling,
    LinkKind,
    Office,
    SectionKind,
    SupportingPaper,
    ValuePublication,
)
from decisions.models.papers import PAPER_TITLE_MAX
from decisions.services import CHANGE_REASON_MAX, DecisionRefusedError
from decisions.services import papers as paper_services
from grants.models import GrantAgreement, Programme

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
    field.widget.attrs = {"autocomplete": "off", "spellcheck": "true"}
    return field


def _earlier_decisions():
    return (
        Decision.objects.filter(status__in=Decision.SIGNED_STATUSES)
        .select_related("series")
        .order_by("series__code", "-number")
    )


class DecisionForm(ChangeReasonMixin, forms.Form):
    title = forms.CharField(max_length=250)
    category = forms.ModelChoiceField(
        DecisionCategory.objects.all(),
        empty_label="Choose a category",
        help_text="The delegation rules depend on it.",
    )
    office = forms.ModelChoiceField(
        Office.objects.all(),
        label="Decision maker",
        to_field_name="code",
        empty_label=None,
        help_text="The office the decision is put to: only its holder on the day signs it.",
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
    kind = forms.ChoiceField(
        label="What kind of decision is it?",
        choices=DecisionKind.choices,
        required=False,
        widget=forms.RadioSelect,
        help_text="The register lets readers filter by it. Left unanswered on a new decision: "
        "a grant if it approves grant agreements, otherwise other.",
        error_messages={"invalid_choice": "Choose what kind of decision this is."},
    )
    value_publication = forms.ChoiceField(
        label="How is the financial value published?",
        choices=ValuePublication.choices,
        required=False,
        widget=forms.RadioSelect,
        help_text="The value above is always recorded and used for the delegation check. "
        "A withheld value appears in no public page, document or open data. Where Part 2 covers "
        "the value, it is withheld.",
        error_messages={"invalid_choice": "Choose how the financial value is published."},
    )

    def clean(self):
        data = super().clean()
        for name in ("kind", "value_publication"):
            if not data.get(name):
                data.pop(name, None)  # unanswered: the decision keeps (or derives) its own
        value = data.get("financial_value")
        up_to = data.get("value_publication") == ValuePublication.UP_TO
        if up_to and value is not None and not value:
            self.add_error(
                "value_publication", "A value published as “up to” must be more than £0.00."
            )
        return data


class DecisionCreateForm(DecisionForm):
    # No series is chosen for the drafter: the first in the list (CEOD) was taken by accident.
    series = forms.ModelChoiceField(
        DecisionSeries.objects.all(), empty_label="Choose a series", to_field_name="code"
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


class AgreementsForm(ChangeReasonMixin, forms.Form):
    agreements = forms.ModelMultipleChoiceField(
        GrantAgreement.objects.order_by("reference"),
        required=False,
        label="Grant agreements this decision approves",
        widget=forms.CheckboxSelectMultiple,
    )


class LinkForm(ChangeReasonMixin, forms.Form):
    target = forms.ModelChoiceField(_earlier_decisions(), label="Earlier decision")
    kind = forms.ChoiceField(label="How this decision relates to it", choices=LinkKind.choices)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"].queryset = _earlier_decisions()


class RecommendationForm(ChangeReasonMixin, forms.Form):
    text = forms.CharField(
        label="Recommendation",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=TEXT_MAX,
        error_messages={
            "required": "Enter the recommendation.",
            "max_length": f"The recommendation must be {TEXT_MAX:,} characters or fewer.",
        },
    )


class SectionForm(ChangeReasonMixin, forms.Form):
    kind = forms.ChoiceField(
        label="Heading",
        choices=SectionKind.choices,
        error_messages={
            "required": "Choose a heading for the section.",
            "invalid_choice": "Choose a heading the decision does not have yet, or “Other "
            "(custom heading)”.",
        },
    )
    heading = forms.CharField(
        label="Custom heading",
        max_length=200,
        required=False,
        help_text="Only for “Other (custom heading)”.",
        error_messages={"max_length": "The custom heading must be 200 characters or fewer."},
    )
    body = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 12}),
        max_length=TEXT_MAX,
        help_text="Plain text. Leave a blank line between paragraphs; start a line with • or - "
        "for a bullet. Paragraphs are numbered on display.",
        error_messages={
            "required": "Enter the text of the section.",
            "max_length": f"The text of the section must be {TEXT_MAX:,} characters or fewer.",
        },
    )

    def __init__(self, *args, used: frozenset[str] = frozenset(), **kwargs):
        """`used`: the standard headings the decision already has, which are not offered again
        (a second "Introduction and background" is refused; custom headings may repeat)."""
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [
            (value, label) for value, label in SectionKind.choices if value not in used
        ]

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        if kind == SectionKind.CUSTOM:
            if not (data.get("heading") or "").strip():
                self.add_error("heading", "Enter the custom heading.")
        elif kind:
            data["heading"] = SectionKind(kind).label
        return data


class Part2Form(ChangeReasonMixin, forms.Form):
    # "No" hides what only a Part 2 needs (templates/govuk/forms/choices.html).
    reveal = {"has_part2": {"yes": ("exemption_ground", "body", "covers_value")}}

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
    covers_value = forms.BooleanField(
        label="Part 2 covers the financial value: withhold it from publication",
        required=False,
        help_text="For example, a settlement whose amount must not be published. The value is "
        "still recorded for the delegation check.",
    )

    def clean(self):
        data = super().clean()
        if data.get("covers_value") and data.get("has_part2") is False:
            self.add_error("covers_value", "Only a Part 2 can cover the value: answer yes first.")
        if data.get("has_part2"):
            if not (data.get("exemption_ground") or "").strip():
                self.add_error("exemption_ground", "Enter the exemption ground.")
            if not (data.get("body") or "").strip():
                self.add_error("body", "Enter the Part 2 text.")
        return data


class PartChangeForm(ChangeReasonMixin, forms.Form):
    """Move a recommendation or section up or down, or remove it."""

    action = forms.ChoiceField(
        choices=[("up", "Move up"), ("down", "Move down"), ("remove", "Remove")],
        widget=forms.HiddenInput,
        error_messages={
            "required": "Choose move up, move down or remove.",
            "invalid_choice": "Choose move up, move down or remove.",
        },
    )


def _name_errors(form_class, **messages: dict[str, str]) -> None:
    """Give `form_class`'s fields messages that say what is wrong with which field ("Enter a
    title"), in place of Django's "This field is required." (issue 13: an error summary that
    said it three times)."""
    for name, field_messages in messages.items():
        form_class.base_fields[name].error_messages.update(field_messages)


_name_errors(
    DecisionForm,
    title={
        "required": "Enter a title.",
        "max_length": "The title must be 250 characters or fewer.",
    },
    category={
        "required": "Choose a category.",
        "invalid_choice": "Choose a category from the list.",
    },
    office={
        "required": "Choose the decision maker.",
        "invalid_choice": "Choose a decision maker from the list.",
    },
    financial_value={"required": "Enter the financial value, or 0 if there is none."},
    executive_summary={
        "required": "Enter an executive summary.",
        "max_length": f"The executive summary must be {SUMMARY_MAX:,} characters or fewer.",
    },
    dpia={
        "required": "Choose where the data protection impact assessment stands.",
        "invalid_choice": "Choose where the data protection impact assessment stands.",
    },
    equality_assessment={
        "required": "Choose where the equality impact assessment stands.",
        "invalid_choice": "Choose where the equality impact assessment stands.",
    },
)
_name_errors(
    DecisionCreateForm,
    series={"required": "Choose a series.", "invalid_choice": "Choose a series from the list."},
    earlier_decision={"invalid_choice": "Choose an earlier, signed decision from the list."},
    link_kind={"invalid_choice": "Choose how this decision relates to the earlier one."},
)
_name_errors(
    LinkForm,
    target={
        "required": "Choose the earlier decision.",
        "invalid_choice": "Choose an earlier, signed decision from the list.",
    },
    kind={
        "required": "Choose how this decision relates to the earlier one.",
        "invalid_choice": "Choose how this decision relates to the earlier one.",
    },
)
_name_errors(
    AgreementsForm,
    agreements={"invalid_choice": "Choose grant agreements from the list."},
)
_name_errors(
    Part2Form,
    has_part2={
        "required": "Say whether this decision has a Part 2.",
        "invalid_choice": "Say whether this decision has a Part 2.",
    },
    exemption_ground={"max_length": "The exemption ground must be 500 characters or fewer."},
    body={"max_length": f"The Part 2 text must be {TEXT_MAX:,} characters or fewer."},
)


class ContractForm(ChangeReasonMixin, ContractDetailsForm):
    """A contract the decision approves, with the reason once the decision has been submitted."""


class ChangeForm(ChangeReasonMixin, forms.Form):
    """A change that needs nothing but, once submitted, a reason (removing a link)."""


class ReasonForm(forms.Form):
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), max_length=REASON_MAX)


class ClearForm(forms.Form):
    """One capacity at a time, among those the clearer may still clear (docs/adr/0063)."""

    capacity = forms.ChoiceField(
        label="Clear in this capacity",
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose the capacity in which you clear this decision.",
            "invalid_choice": "That clearance has already been given or is not yours to give.",
        },
    )
    comment = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), max_length=REASON_MAX, required=False
    )

    def __init__(self, *args, clearable: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["capacity"].choices = [(c, ClearanceCapacity(c).label) for c in clearable]


SIGN_CONFIRMATION = (
    "I confirm I have considered whether or not I have any personal or prejudicial interest in "
    "this matter, that I take the proposed decision in compliance with the Code of Conduct, and "
    "that any such interest is recorded above."
)


class SignForm(forms.Form):
    declaration = forms.BooleanField(
        # The page shows INTEREST_DECLARATION, as printed, above the interests; this confirms it.
        label=SIGN_CONFIRMATION,
        error_messages={"required": "Confirm the declaration of interests to sign."},
    )
    has_interests = forms.TypedChoiceField(
        label="Do you have a personal or prejudicial interest in this matter?",
        choices=[
            ("no", "No, I have no interest to declare"),
            ("yes", "Yes, I record each interest below"),
        ],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": "Say whether you have an interest to declare."},
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
                    "class": "govuk-input--width-10",
                    "autocomplete": "one-time-code",
                    "inputmode": "numeric",
                }
            )
            field.error_messages["required"] = "Enter the code from your authenticator app."
        else:
            self.fields["credential"].label = "Your password"


class InterestForm(forms.Form):
    """One interest the signer records: what it is and how it was handled; both or neither."""

    interest = forms.CharField(
        label="What the interest is",
        required=False,
        max_length=INTEREST_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="For example, “My partner is a trustee of one of the charities funded.”",
        error_messages={
            "max_length": f"Describe the interest in {INTEREST_MAX:,} characters or fewer."
        },
    )
    handling = forms.ChoiceField(
        label="How it was handled",
        required=False,
        choices=[("", "Choose how it was handled"), *InterestHandling.choices],
        error_messages={"invalid_choice": "Choose how the interest was handled."},
    )

    def clean(self):
        data = super().clean()
        interest, handling = (data.get("interest") or "").strip(), data.get("handling")
        if interest and not handling and "handling" not in self.errors:
            self.add_error("handling", "Choose how the interest was handled.")
        if handling and not interest and "interest" not in self.errors:
            self.add_error("interest", "Say what the interest is.")
        data["interest"] = interest
        return data


class BaseInterestFormSet(forms.BaseFormSet):
    def interests(self) -> list[tuple[str, str]]:
        """The interests filled in, as (what it is, how it was handled)."""
        return [
            (form.cleaned_data["interest"], form.cleaned_data["handling"])
            for form in self.forms
            if form.cleaned_data.get("interest")
        ]


INTEREST_ROWS = 3
InterestFormSet = forms.formset_factory(
    InterestForm,
    formset=BaseInterestFormSet,
    extra=INTEREST_ROWS,
    max_num=INTEREST_ROWS,
    validate_max=True,
    absolute_max=INTEREST_ROWS,
)


def declared_interests(form: SignForm, formset) -> list[tuple[str, str]] | None:
    """The interests the signer declares ([] for none), or None after adding the errors.

    Answering "yes" needs at least one interest; answering "no" with one filled in is a
    contradiction the signer must resolve, not one the page guesses at.
    """
    if not (form.is_valid() and formset.is_valid()):
        return None
    interests = formset.interests()
    if form.cleaned_data["has_interests"] and not interests:
        form.add_error("has_interests", "Record each interest below, or answer no.")
        return None
    if not form.cleaned_data["has_interests"] and interests:
        form.add_error(
            "has_interests", "You answered no, but recorded an interest below: answer yes, or "
            "clear the interest.",
        )  # fmt: skip
        return None
    return interests


class BulkExportForm(DateRangeMixin, forms.Form):
    series = forms.ModelChoiceField(
        label="Series", required=False, queryset=None, empty_label="All series"
    )
    date_from = date_field("Signed from")
    date_to = date_field("Signed to")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["series"].queryset = DecisionSeries.objects.all()


IMPORT_MAX_BYTES = 500 * 1024 * 1024


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label="ZIP file of decisions",
        help_text="decisions.jsonl and the signed PDFs it names, as docs/import.md describes.",
        widget=forms.ClearableFileInput(attrs={"accept": ".zip,application/zip"}),
        error_messages={"required": "Choose the ZIP file to import."},
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > IMPORT_MAX_BYTES:
            raise forms.ValidationError(
                f"The file must be smaller than {IMPORT_MAX_BYTES // (1024 * 1024)} MB: import "
                "a larger one with `manage.py import_decisions`."
            )
        return upload


class NumberReservationForm(forms.Form):
    # No series is chosen for the drafter: the first in the list (CEOD) was taken by accident.
    series = forms.ModelChoiceField(
        DecisionSeries.objects.all(), empty_label="Choose a series", to_field_name="code"
    )
    number = forms.IntegerField(
        min_value=1,
        max_value=999_999_999,
        widget=forms.NumberInput(attrs={"class": "govuk-input--width-10", "inputmode": "numeric"}),
        error_messages={
            "required": "Enter the number to reserve.",
            "invalid": "Enter the number as digits, like 901.",
            "min_value": "A decision number is 1 or more.",
            "max_value": "A decision number is at most 999,999,999.",
        },
    )
    reason = forms.CharField(
        label="Why it is reserved",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example, “Signed on paper on 3 May 2024; to be imported”.",
        error_messages={"required": "Say why the number is reserved."},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["series"].queryset = DecisionSeries.objects.all()


class MonthField(forms.DateField):
    """A month as the browser's month input sends it (YYYY-MM): its first day."""

    widget = forms.DateInput(attrs={"type": "month", "class": "govuk-input--width-10"})
    input_formats = ["%Y-%m"]

    def prepare_value(self, value):
        return value.strftime("%Y-%m") if hasattr(value, "strftime") else value


class ForwardPlanEntryForm(forms.Form):
    title = forms.CharField(max_length=250)
    summary = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=SUMMARY_MAX,
        help_text="What the decision will be about. It is published on the forward plan.",
    )
    office = forms.ModelChoiceField(
        Office.objects.all(), label="Decision maker", to_field_name="code", empty_label=None
    )
    expected_month = MonthField(
        label="Month the decision is expected",
        help_text="For example, 2027-03.",
        error_messages={
            "required": "Enter the month the decision is expected.",
            "invalid": "Enter the month as a year and month, like 2027-03.",
        },
    )
    has_part2 = forms.TypedChoiceField(
        label="Will it have a Part 2?",
        choices=[("no", "No"), ("yes", "Yes")],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": "Say whether it will have a Part 2."},
    )
    programme = forms.ModelChoiceField(
        Programme.objects.all(), required=False, empty_label="None", to_field_name="slug"
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["office"].queryset = Office.objects.all()
        self.fields["programme"].queryset = Programme.objects.order_by("name")


class DraftFromPlanForm(forms.Form):
    # No series is chosen for the drafter: the first in the list (CEOD) was taken by accident.
    series = forms.ModelChoiceField(
        DecisionSeries.objects.all(), empty_label="Choose a series", to_field_name="code"
    )
    category = forms.ModelChoiceField(
        DecisionCategory.objects.all(), empty_label="Choose a category"
    )
    financial_value = MoneyFormField(
        label="Financial value", min_value=0, help_text="In pounds. Use 0 if none."
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["series"].queryset = DecisionSeries.objects.all()
        self.fields["category"].queryset = DecisionCategory.objects.all()


class StaffDecisionFilter(forms.Form):
    """The staff list's filters: each optional; a value that names nothing is a form error."""

    q = forms.CharField(
        label="Reference or title", required=False, max_length=200,
        help_text='For example, "PCD 867" or words of the title.',
    )  # fmt: skip
    status = forms.ChoiceField(
        choices=[("", "Any status"), *Decision.Status.choices], required=False
    )
    series = forms.ModelChoiceField(
        DecisionSeries.objects.all(), required=False, empty_label="Any series"
    )
    programme = forms.ModelChoiceField(
        Programme.objects.all(), required=False, empty_label="Any programme"
    )
    officer = forms.ModelChoiceField(
        User.objects.none(), required=False, empty_label="Any officer", label="Drafted by"
    )
    office = forms.ModelChoiceField(
        Office.objects.all(), required=False, empty_label="Any office", label="Addressed to"
    )
    sort = forms.ChoiceField(label="Sort by", required=False, choices=[])

    def __init__(self, *args, sorts: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["series"].queryset = DecisionSeries.objects.all()
        self.fields["programme"].queryset = Programme.objects.order_by("name")
        self.fields["office"].queryset = Office.objects.all()
        self.fields["officer"].queryset = (
            User.objects.filter(drafted_decisions__isnull=False)
            .distinct()
            .order_by("full_name", "username")
        )
        self.fields["sort"].choices = [(key, label) for key, (label, _order) in sorts.items()]


class StaffSearchForm(forms.Form):
    """One box for decisions, grant agreements and organisations."""

    q = forms.CharField(
        label="Find a decision, grant agreement or organisation",
        required=False,
        max_length=200,
        help_text="By reference, title or name. For example, PCD 867 or Home Office.",
        widget=forms.TextInput(attrs={"type": "search", "spellcheck": "false"}),
    )


class CommentForm(forms.Form):
    """A clearer's comment on one section or recommendation (docs/adr/0063)."""

    body = forms.CharField(
        label="Your comment",
        help_text="The drafting officer answers it or resolves it. Comments are never published.",
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=COMMENT_MAX,
        error_messages={"required": "Enter your comment."},
    )


class AnswerForm(forms.Form):
    answer = forms.CharField(
        label="Your answer",
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=COMMENT_MAX,
        error_messages={"required": "Enter your answer."},
    )


class PaperForm(ChangeReasonMixin, forms.Form):
    title = forms.CharField(
        max_length=PAPER_TITLE_MAX,
        help_text=f"As it appears in the list of papers. Plain text, {PAPER_TITLE_MAX} "
        "characters or fewer.",
        error_messages={
            "required": "Enter the paper's title.",
            "max_length": f"The paper's title must be {PAPER_TITLE_MAX} characters or fewer.",
        },
    )
    kind = forms.ChoiceField(
        label="What is it?",
        choices=SupportingPaper.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose whether the paper is an appendix or a background paper.",
            "invalid_choice": "Choose whether the paper is an appendix or a background paper.",
        },
    )
    part = forms.TypedChoiceField(
        label="Is it published?",
        choices=SupportingPaper.Part.choices,
        coerce=int,
        widget=forms.RadioSelect,
        help_text="A Part 2 paper is restricted like Part 2: only those who may read Part 2 "
        "can open it, and each download is logged.",
        error_messages={
            "required": "Choose whether the paper is in Part 1 or Part 2.",
            "invalid_choice": "Choose whether the paper is in Part 1 or Part 2.",
        },
    )
    file = forms.FileField(
        label="File",
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.docx,.xlsx"}),
        error_messages={
            "required": "Choose the file to upload.",
            "empty": "The file you chose is empty.",
        },
    )

    field_order = ["title", "kind", "part", "file", "reason"]

    def __init__(self, *args, limit: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = f"A PDF, Word (.docx) or Excel (.xlsx) file, up to {limit}."

    def clean_file(self):
        """The upload checked by its content, so its problem shows beside the others'."""
        try:
            return paper_services.paper_check(self.cleaned_data["file"])
        except DecisionRefusedError as refusal:
            raise forms.ValidationError(refusal.problems) from refusal

    def clean_title(self) -> str:
        title = " ".join(self.cleaned_data["title"].split())
        for problem in paper_services.title_problems(title):
            raise forms.ValidationError(problem)
        return title


class PaperRemoveForm(ChangeReasonMixin, forms.Form):
    """Removing a paper needs nothing but, once the decision has been submitted, a reason."""
