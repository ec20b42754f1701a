"""The GOV.UK form renderer: every form's fields have the same ids, descriptions and classes, and
the error summary links each problem to its field and names the field when the message does not."""

from html.parser import HTMLParser

import pytest
from django import forms
from django.contrib.admin.widgets import AdminDateWidget
from django.contrib.auth.forms import AuthenticationForm
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template import engines

from alpha_hub.audit.forms import AccessFilterForm, TrailFilterForm
from alpha_hub.forms import GovukFormRenderer, TotpConfirmForm
from budget import forms as budget_forms
from decisions import forms as decision_forms
from decisions.views.documents import VerifyForm
from tests.factories import CostCategoryFactory, GrantAgreementFactory

pytestmark = pytest.mark.django_db

# Values no field accepts, for the optional fields that an empty form leaves alone.
BAD = {"date_from": "31/02/2020", "date_to": "yesterday", "record": "x", "amount": "ten"}


def _forms():
    agreement = GrantAgreementFactory()
    return [
        decision_forms.DecisionCreateForm(BAD),
        decision_forms.DecisionForm(BAD, reason_required=True),
        decision_forms.AgreementsForm({"agreements": ["0"]}, reason_required=True),
        decision_forms.LinkForm(BAD),
        decision_forms.RecommendationForm(BAD),
        decision_forms.SectionForm({"kind": "custom"}),
        decision_forms.Part2Form({"has_part2": "yes"}),
        decision_forms.Part2Form(BAD),
        decision_forms.PartChangeForm(BAD, reason_required=True),
        decision_forms.ReasonForm(BAD),
        decision_forms.ClearForm(BAD, clearable=["finance", "legal"]),
        decision_forms.SignForm(BAD, method="password"),
        decision_forms.SignForm(BAD, method="code"),
        decision_forms.BulkExportForm(BAD),
        budget_forms.LineForm(BAD),
        budget_forms.BudgetCreateForm(BAD),
        budget_forms.ImportForm(BAD, {}),
        budget_forms.VariationForm(BAD, agreement=agreement),
        budget_forms.VariationChangeForm({"change": "0", "description": "x" * 201}),
        TotpConfirmForm(BAD),
        TrailFilterForm(BAD),
        AccessFilterForm(BAD),
        VerifyForm(BAD, {}),
        AuthenticationForm(data=BAD),
    ]


class _Elements(HTMLParser):
    """Every element of a fragment as (tag, attributes)."""

    def __init__(self, html: str):
        super().__init__()
        self.elements: list[tuple[str, dict]] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, {name: value or "" for name, value in attrs}))

    def by_id(self, element_id: str) -> tuple[str, dict] | None:
        return next((e for e in self.elements if e[1].get("id") == element_id), None)


def _described(field, page: _Elements) -> dict:
    """The element the hint and the error describe: the fieldset of radios, checkboxes and a
    date's Day, Month and Year boxes."""
    if isinstance(field.field.widget, forms.RadioSelect | forms.MultiWidget):
        return next(attrs for tag, attrs in page.elements if tag == "fieldset")
    return page.by_id(field.auto_id)[1]


def test_every_field_of_every_form_has_the_same_hint_and_error_ids_and_descriptions():
    checked_errors = 0
    for form in _forms():
        form.is_valid()
        for field in form.visible_fields():
            page = _Elements(field.as_field_group())
            wanted = []
            if field.help_text:
                assert page.by_id(f"{field.auto_id}-hint"), (form, field.name)
                wanted.append(f"{field.auto_id}-hint")
            if field.errors:
                tag, attrs = page.by_id(f"{field.auto_id}-error")
                assert (tag, attrs["class"]) == ("p", "govuk-error-message")
                assert "govuk-form-group--error" in page.elements[0][1]["class"]
                wanted.append(f"{field.auto_id}-error")
                checked_errors += 1
            described = _described(field, page).get("aria-describedby", "")
            assert described.split() == wanted, (type(form).__name__, field.name)
            # Django's own scheme (<id>_helptext, <id>_error) is nowhere.
            ids = [attrs.get("id", "") for _tag, attrs in page.elements]
            assert not [i for i in ids if i.endswith(("_error", "_helptext"))]
    assert checked_errors > 20


@pytest.mark.parametrize(
    ("field", "valid", "field_class"),
    [
        (forms.CharField(max_length=5), {"answer": "a"}, "govuk-input"),
        (forms.CharField(max_length=5, widget=forms.Textarea), {"answer": "a"}, "govuk-textarea"),
        (forms.ChoiceField(choices=[("a", "A")]), {"answer": "a"}, "govuk-select"),
        (forms.FileField(), {}, "govuk-file-upload"),
    ],
)
def test_the_control_gets_its_govuk_class_and_the_error_modifier(field, valid, field_class):
    upload = {"answer": SimpleUploadedFile("a.csv", b"a")}
    for data, files, classes in (
        (valid, upload, [field_class]),
        ({}, {}, [field_class, f"{field_class}--error"]),
    ):
        form = forms.Form(data, files)
        form.fields["answer"] = field
        form.is_valid()
        control = _Elements(form["answer"].as_field_group()).by_id("id_answer")[1]
        assert control["class"].split() == classes
        # GOV.UK Frontend neither cuts pasted text short nor leaves validation to the browser.
        assert "maxlength" not in control
        assert "required" not in control


def test_a_widget_class_is_kept_beside_the_govuk_one_once():
    form = decision_forms.SignForm(method="code")
    control = _Elements(form["credential"].as_field_group()).by_id("id_credential")[1]
    assert control["class"] == "govuk-input govuk-input--width-10"
    assert control["autocomplete"] == "one-time-code"


def _summary(form, **extra) -> str:
    form.is_valid()
    template = engines["django"].from_string(
        '{% include "includes/_error_summary.html" with form=form formset=formset noun=noun only %}'
    )
    return template.render({"form": form, "formset": extra.get("formset"), "noun": "Change"})


class _PlainForm(forms.Form):
    title = forms.CharField()
    category = forms.ChoiceField(choices=[("a", "A")])
    has_part2 = forms.ChoiceField(
        label="Does this decision have a Part 2?",
        choices=[("yes", "Yes"), ("no", "No")],
        widget=forms.RadioSelect,
    )


def test_the_error_summary_names_the_field_when_djangos_message_does_not():
    page = _summary(_PlainForm({}))
    assert '<a href="#id_title">Title: This field is required.</a>' in page
    assert '<a href="#id_category">Category: This field is required.</a>' in page
    assert page.count("There is a problem") == 1


def test_the_drafting_forms_name_their_fields_in_their_own_words():
    page = _summary(decision_forms.DecisionCreateForm({}))
    assert '<a href="#id_title">Enter a title.</a>' in page
    assert '<a href="#id_category">Choose a category.</a>' in page
    assert '<a href="#id_executive_summary">Enter an executive summary.</a>' in page
    assert "This field is required" not in page


def test_the_error_summary_repeats_a_message_that_says_what_is_wrong():
    page = _summary(decision_forms.Part2Form({"has_part2": "yes"}))
    assert '<a href="#id_exemption_ground">Enter the exemption ground.</a>' in page
    assert '<a href="#id_body">Enter the Part 2 text.</a>' in page


def test_the_error_summary_links_radios_to_the_first_radio():
    page = _summary(_PlainForm({}))
    assert (
        '<a href="#id_has_part2_0">Does this decision have a Part 2? This field is required.</a>'
        in page
    )
    part2 = _summary(decision_forms.Part2Form({}))
    assert '<a href="#id_has_part2_0">Say whether this decision has a Part 2.</a>' in part2


def test_the_error_summary_numbers_the_forms_of_a_formset():
    changes = budget_forms.VariationChangeFormSet(
        {
            "changes-TOTAL_FORMS": "2",
            "changes-INITIAL_FORMS": "0",
            "changes-0-description": "Pay award",
            "changes-1-category": CostCategoryFactory().pk,
            "changes-1-description": "Pay award",
            "changes-1-change": "0",
        },
        prefix="changes",
    )
    changes.is_valid()
    page = _summary(budget_forms.ImportForm({}, {}), formset=changes)
    assert '<a href="#id_file">Choose a CSV or XLSX file</a>' in page
    row = "Give a category, a description and a change for each row"
    assert f'<a href="#id_changes-0-category">Change 1: {row}</a>' in page
    assert '<a href="#id_changes-1-change">Change 2: Enter a change other than £0.00</a>' in page


def test_a_form_renders_hidden_fields_and_every_field_group():
    form = decision_forms.PartChangeForm({"action": "sideways"}, reason_required=True)
    form.is_valid()
    page = _Elements(str(form))
    assert page.by_id("id_action")[1]["type"] == "hidden"
    assert page.by_id("id_reason-error")


def test_djangos_own_widget_templates_still_render_with_the_renderer():
    # The admin's widgets: TemplatesSetting finds them through "django.forms" in INSTALLED_APPS.
    renderer = GovukFormRenderer()
    html = forms.CheckboxInput().render("active", True, renderer=renderer)
    assert html == '<input type="checkbox" name="active" checked>'
    # An admin template that includes one of Django's own.
    html = AdminDateWidget().render("starts_on", None, renderer=renderer)
    assert 'class="vDateField"' in html


@pytest.mark.parametrize(
    ("choices", "inline"),
    [
        ([("yes", "Yes"), ("no", "No")], True),
        ([("no", "No, I have no interest to declare"), ("yes", "Yes, I record each")], False),
        ([("a", "A"), ("b", "B"), ("c", "C")], False),
    ],
)
def test_only_two_short_answers_sit_side_by_side(choices, inline):
    field = forms.ChoiceField(choices=choices, widget=forms.RadioSelect)
    form = forms.Form()
    form.fields["answer"] = field
    assert ("govuk-radios--inline" in form["answer"].as_field_group()) is inline
