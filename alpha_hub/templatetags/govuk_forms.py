"""GOV.UK form fields: `{% field_group form.title label_size="s" %}` and what its templates use.

The templates in templates/govuk/forms/ draw the markup; this module names the ids they share, so
the label, hint, error message, control and error summary agree on every form: the hint is
`<auto_id>-hint`, the error message `<auto_id>-error`, and the control's aria-describedby lists
both.
"""

from __future__ import annotations

from django import forms, template
from django.forms.boundfield import BoundField
from django.utils.functional import Promise

register = template.Library()

# The class GOV.UK Frontend gives each kind of control; "<class>--error" marks it in error.
CONTROL_CLASSES = {
    "input": "govuk-input",
    "file": "govuk-file-upload",
    "textarea": "govuk-textarea",
    "select": "govuk-select",
}
CONTROL_TEMPLATES = {
    "input": "govuk/forms/widgets/input.html",
    "file": "govuk/forms/widgets/input.html",
    "textarea": "govuk/forms/widgets/textarea.html",
    "select": "govuk/forms/widgets/select.html",
}


@register.filter
def control_kind(field: BoundField) -> str:
    """The GOV.UK component that draws the field: input, file, textarea, select, radios,
    checkboxes (several choices), checkbox (a single yes) or hidden."""
    widget = field.field.widget
    # CheckboxSelectMultiple is a RadioSelect, and RadioSelect a Select: test the narrowest first.
    kinds = [
        (forms.CheckboxSelectMultiple, "checkboxes"),
        (forms.RadioSelect, "radios"),
        (forms.CheckboxInput, "checkbox"),
        (forms.Textarea, "textarea"),
        (forms.Select, "select"),
        (forms.FileInput, "file"),
    ]
    if widget.is_hidden:
        return "hidden"
    return next((kind for cls, kind in kinds if isinstance(widget, cls)), "input")


@register.filter
def hint_id(field: BoundField) -> str:
    """The id of the field's hint, or "" when it has none."""
    return f"{field.auto_id}-hint" if field.auto_id and field.help_text else ""


@register.filter
def error_id(field: BoundField) -> str:
    """The id of the field's error message, or "" when it has no error."""
    return f"{field.auto_id}-error" if field.auto_id and field.errors else ""


@register.filter
def described_by(field: BoundField) -> str:
    """The aria-describedby of the control (or of the fieldset of radios and checkboxes)."""
    return " ".join(filter(None, [hint_id(field), error_id(field)]))


def _reveals(field: BoundField) -> dict[str, tuple[str, ...]]:
    """What each of the field's answers reveals: the form's `reveal`, e.g.
    {"has_part2": {"yes": ("exemption_ground", "body")}} (GOV.UK's conditional reveal)."""
    return getattr(field.form, "reveal", {}).get(field.name, {})


@register.filter
def revealed_fields(field: BoundField, value) -> list[BoundField]:
    """The fields shown under the radio for `value` while it is chosen."""
    return [field.form[name] for name in _reveals(field).get(str(value), ())]


@register.filter
def revealed_elsewhere(field: BoundField) -> bool:
    """Whether the field is drawn inside a radio's conditional reveal rather than on its own."""
    reveal = getattr(field.form, "reveal", {})
    return any(field.name in names for answers in reveal.values() for names in answers.values())


@register.filter
def inline_radios(field: BoundField) -> bool:
    """Whether the radios sit side by side: GOV.UK's rule, two short answers such as Yes and No
    (never when an answer reveals more questions, which must sit under it)."""
    if _reveals(field):
        return False
    options = field.subwidgets
    return len(options) <= 2 and all(len(str(option.choice_label)) <= 10 for option in options)


@register.filter
def error_target(field: BoundField) -> str:
    """The id an error summary links to: the control, or the first radio or checkbox."""
    if control_kind(field) in ("radios", "checkboxes") and field.subwidgets:
        return field.subwidgets[0].id_for_label
    return field.id_for_label or field.auto_id


@register.simple_tag
def field_group(field: BoundField, label_size: str = "", classes: str = "", **attrs) -> str:
    """One field as a GOV.UK form group, like `{{ field.as_field_group }}` with options:
    `label_size` ("s", "m", "l"), extra `classes` for the control, and any other keyword as an
    attribute of the control (underscores become hyphens: `accept`, `autocomplete`...)."""
    context = {
        "field": field,
        "label_size": label_size,
        "control_classes": classes,
        "control_attrs": {name.replace("_", "-"): value for name, value in attrs.items()},
    }
    return _render(field, field.template_name, context)


@register.simple_tag
def govuk_control(field: BoundField, classes: str = "", attrs: dict | None = None) -> str:
    """The field's input, textarea or select, with GOV.UK's classes and the shared ids."""
    kind = control_kind(field)
    widget = field.field.widget
    context = widget.get_context(field.html_name, field.value(), None)["widget"]
    given = {**context["attrs"], **(attrs or {})}
    # GOV.UK advises against maxlength (it cuts pasted text short without saying so): the form
    # checks the length and says what is too long.
    given.pop("maxlength", None)
    base = CONTROL_CLASSES[kind]
    names = [base, *given.pop("class", "").split(), *classes.split()]
    if field.errors:
        names.append(f"{base}--error")
    # GOV.UK Frontend's order: class, id, name, type, value, then the rest.
    ordered = {
        "class": " ".join(dict.fromkeys(names)),
        "id": given.pop("id", field.auto_id),
        "name": field.html_name,
    }
    if kind in ("input", "file"):
        ordered["type"] = context["type"]
        if context["value"] is not None:
            ordered["value"] = context["value"]
    ordered.update(given)
    if (ids := described_by(field)) and "aria-describedby" not in ordered:
        ordered["aria-describedby"] = ids
    if field.field.disabled:
        ordered["disabled"] = True
    return _render(field, CONTROL_TEMPLATES[kind], {"widget": {**context, "attrs": ordered}})


def _render(field: BoundField, template_name: str, context: dict) -> str:
    # The form's renderer finds the template; its render() would strip the (safe) result to text.
    return field.form.renderer.get_template(template_name).render(context)


@register.simple_tag
def error_summary_items(form=None, formset=None, noun: str = "") -> list[dict[str, str]]:
    """The error summary's lines for a form and a formset, each linking to its field's control.

    A line says what the message beside the field says (GOV.UK's rule), and names the field when
    that message does not: Django's own messages ("This field is required.") are the same for
    every field. A formset's lines start with `noun` and the form's number ("Change 2: ...").
    """
    # A variable the page does not have arrives as "" (the engine's string_if_invalid).
    items = _form_items(form) if form not in (None, "") else []
    if formset not in (None, ""):
        items += [{"href": "", "text": str(error)} for error in formset.non_form_errors()]
        for number, each in enumerate(formset, start=1):
            items += _form_items(each, f"{noun} {number}".strip())
    return items


def _form_items(form, within: str = "") -> list[dict[str, str]]:
    visible = form.visible_fields()
    first = f"#{error_target(visible[0])}" if within and visible else ""
    items = [{"href": first, "text": _named(error, within)} for error in form.non_field_errors()]
    for field in form.hidden_fields():
        items += [{"href": "", "text": _named(error, within)} for error in field.errors]
    for field in visible:
        target = f"#{error_target(field)}"
        for error in field.errors.as_data():
            label = str(field.label or "") if _says_nothing_of_its_field(error) else ""
            name = ", ".join(filter(None, [within, label]))
            items += [{"href": target, "text": _named(text, name)} for text in error]
    return items


def _says_nothing_of_its_field(error) -> bool:
    # Django's own messages are lazily translated; the project's own name what is wrong.
    return isinstance(error.message, Promise)


def _named(error, name: str) -> str:
    if not name:
        return str(error)
    # A label that is a question or a sentence ends in its own punctuation.
    return f"{name} {error}" if name[-1] in "?.!:" else f"{name}: {error}"
