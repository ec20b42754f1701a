"""GOV.UK components with a body: summary list, table, details, breadcrumbs, error summary.

Each is drawn by one include in templates/includes/; these tags only collect what a page puts in
it, so the page says what it shows and the include alone says how the component is built:

    {% summary_list %}
      {% summary_row "Reference code" %}{{ decision.reference }}{% endsummary_row %}
    {% endsummary_list %}

    {% table caption="Total per year" caption_size="m" %}
      {% th %}Financial year{% endth %}{% th numeric=True %}Total{% endth %}
      {% for figures in years %}
        {% tr %}
          {% th %}{{ figures.year }}{% endth %}
          {% td numeric=True %}{{ figures.total|money }}{% endtd %}
        {% endtr %}
      {% endfor %}
    {% endtable %}

Components without a body are plain includes, always given `only` so that an option a page
leaves out is not taken from the page's own variables: _tag, _back_link, _pagination,
_warning_text, _notification_banner, _error_summary (for a form).
"""

from __future__ import annotations

from django import template
from django.template.base import Node, token_kwargs
from django.utils.html import strip_tags

register = template.Library()


class Part(Node):
    """A block tag: resolves its arguments, then hands over to `collect(part, context, options)`.

    A container (a list, a table) renders its include; a part (a row, a cell) hands itself to
    the container around it through the context and renders nothing.
    """

    def __init__(self, name, collect, positional, args, kwargs, nodelist):
        self.name, self.collect, self.positional = name, collect, positional
        self.args, self.kwargs, self.nodelist = args, kwargs, nodelist

    def render(self, context):
        options = {
            name: arg.resolve(context)
            for name, arg in zip(self.positional, self.args, strict=False)
        }
        options.update({name: value.resolve(context) for name, value in self.kwargs.items()})
        return self.collect(self, context, options)

    def body(self, context, **collectors) -> tuple[str, dict]:
        """The body rendered with `collectors` in the context for the parts inside it, and the
        options its {% slot %} tags gave (for those too rich for an argument)."""
        slots: dict = {}
        with context.push(govuk_slots=slots, **collectors):
            return self.nodelist.render(context), slots

    def only_parts(self, context, **collectors) -> dict:
        """Renders a body that may hold only parts (and template logic around them)."""
        content, slots = self.body(context, **collectors)
        if stray := content.strip():
            raise template.TemplateSyntaxError(
                f"{{% {self.name} %}} holds only its parts, not {stray[:60]!r}"
            )
        return slots


def _tag(name: str, *positional: str):
    """Registers `collect` as the tag `name` taking `positional` arguments, then keywords."""

    def register_tag(collect):
        def compile_tag(parser, token):
            bits = token.split_contents()[1:]
            args = []
            while bits and "=" not in bits[0] and len(args) < len(positional):
                args.append(parser.compile_filter(bits.pop(0)))
            kwargs = token_kwargs(bits, parser, support_legacy=False)
            if bits:
                raise template.TemplateSyntaxError(f"{name}: cannot read {' '.join(bits)}")
            nodelist = parser.parse((f"end{name}",))
            parser.delete_first_token()
            return Part(name, collect, positional, args, kwargs, nodelist)

        register.tag(name, compile_tag)
        return collect

    return register_tag


def _include(name: str, context, values: dict) -> str:
    """Renders the include `name` with `values` only, as {% include ... only %} would: an option a
    page leaves out must not be taken from the page's own variables (its `title`, `id` ...)."""
    included = context.template.engine.get_template(name)
    return included.render(context.new(values))


def _collector(context, key: str, part: Part) -> list:
    try:
        return context[key]
    except KeyError:
        message = f"{{% {part.name} %}} is outside its component"
        raise template.TemplateSyntaxError(message) from None


@register.filter
def concat(value, arg) -> str:
    """`"row-"|concat:row.number` -> "row-5", for ids and links: Django's `add` gives "" when
    either side is not a string."""
    return f"{value}{arg}"


@_tag("slot", "name")
def slot(part, context, options):
    """{% slot "caption" %}Budgets of {{ programme.name }}{% endslot %}: an option of the component
    around it, written as template text (a caption or title with values in it)."""
    slots = _collector(context, "govuk_slots", part)
    slots[options["name"]], _inner = part.body(context)
    return ""


# Summary list --------------------------------------------------------------------------------


@_tag("summary_list")
def summary_list(part, context, options):
    """{% summary_list no_border=True card_title=... %} rows {% endsummary_list %}"""
    rows: list[dict] = []
    options |= part.only_parts(context, govuk_summary_rows=rows)
    # GOV.UK lines rows up: where any row has an action, the others say they have none.
    any_actions = any(row.get("action_href") for row in rows)
    values = {**options, "rows": rows, "any_actions": any_actions}
    return _include("includes/_summary_list.html", context, values)


@_tag("summary_row", "key")
def summary_row(part, context, options):
    """{% summary_row "Key" value_id=... action_href=... action_text=... action_hidden=... %}:
    the value is its body; the action's text is "Change" unless given."""
    rows = _collector(context, "govuk_summary_rows", part)
    value, slots = part.body(context)
    rows.append({**options, **slots, "value": value})
    return ""


# Table ---------------------------------------------------------------------------------------


# Every key the include reads, so that no lookup misses: a miss is slow in Django's templates,
# and the budget grid has thousands of cells.
_BODY = {"id": "", "classes": ""}
_ROW = {"id": "", "classes": ""}
_CELL = {"id": "", "classes": "", "numeric": False, "colspan": "", "label": ""}


class _TableParts:
    """What a table's body declared: header cells, then bodies of rows in order."""

    def __init__(self):
        self.head: list[dict] = []
        self.bodies: list[dict] = []

    def add_row(self, row: dict) -> None:
        # Rows outside a {% tbody %} share one <tbody> until the next {% tbody %}.
        if not self.bodies or not self.bodies[-1]["loose"]:
            self.bodies.append({**_BODY, "loose": True, "rows": []})
        self.bodies[-1]["rows"].append(row)


@_tag("table")
def table(part, context, options):
    """{% table caption=... caption_size="m"|"hidden" id=... classes=... labelledby=...
    stacked=True %}: header cells ({% th %}) first, then rows ({% tr %}), in {% tbody %} groups
    where needed."""
    parts = _TableParts()
    options |= part.only_parts(
        context,
        govuk_table=parts,
        govuk_cells=parts.head,
        govuk_cell_scope="col",
        govuk_add_row=parts.add_row,
    )
    if options.get("stacked"):
        _label_cells(parts)
    values = {**options, "head": parts.head, "bodies": parts.bodies}
    return _include("includes/_table.html", context, values)


def _label_cells(parts) -> None:
    """A stacked table (`stacked=True`) shows each row as a list on a narrow screen: every cell
    carries its column's heading, which the stylesheet shows beside it."""
    labels = [strip_tags(cell["content"]).strip() for cell in parts.head]
    for body in parts.bodies:
        for row in body["rows"]:
            for cell, label in zip(row["cells"], labels, strict=False):
                cell["label"] = label


@_tag("tbody")
def tbody(part, context, options):
    """{% tbody id=... classes=... %} rows {% endtbody %}: a group of rows with an id of its own."""
    parts = _collector(context, "govuk_table", part)
    rows: list[dict] = []
    options |= part.only_parts(context, govuk_add_row=rows.append)
    parts.bodies.append({**_BODY, **options, "loose": False, "rows": rows})
    return ""


@_tag("tr")
def tr(part, context, options):
    """{% tr id=... classes=... %} cells {% endtr %}"""
    add_row = _collector(context, "govuk_add_row", part)
    cells: list[dict] = []
    options |= part.only_parts(context, govuk_cells=cells, govuk_cell_scope="row")
    add_row({**_ROW, **options, "cells": cells})
    return ""


@_tag("th")
def th(part, context, options):
    """{% th numeric=True colspan=2 scope="rowgroup" classes=... %}: a header cell; "col" in the
    table's header row, "row" in a body row."""
    cells = _collector(context, "govuk_cells", part)
    scope = options.pop("scope", None) or context["govuk_cell_scope"]
    content, slots = part.body(context)
    cells.append({**_CELL, **options, **slots, "header": True, "scope": scope, "content": content})
    return ""


@_tag("td")
def td(part, context, options):
    """{% td numeric=True colspan=2 classes=... id=... %}: a data cell."""
    cells = _collector(context, "govuk_cells", part)
    content, slots = part.body(context)
    cells.append({**_CELL, **options, **slots, "header": False, "content": content})
    return ""


# Details, breadcrumbs, error summary ---------------------------------------------------------


@_tag("details", "summary")
def details(part, context, options):
    """{% details "Help with ..." open=True id=... %} text {% enddetails %}"""
    content, slots = part.body(context)
    return _include("includes/_details.html", context, {**options, **slots, "content": content})


@_tag("breadcrumbs")
def breadcrumbs(part, context, options):
    """{% breadcrumbs %} a {% breadcrumb %} per page, from the top {% endbreadcrumbs %}"""
    crumbs: list[dict] = []
    options |= part.only_parts(context, govuk_breadcrumbs=crumbs)
    return _include("includes/_breadcrumbs.html", context, {**options, "crumbs": crumbs})


@_tag("breadcrumb")
def breadcrumb(part, context, options):
    """{% breadcrumb href=... %}Text{% endbreadcrumb %}: a link; without href, the current page."""
    crumbs = _collector(context, "govuk_breadcrumbs", part)
    text, slots = part.body(context)
    crumbs.append({**options, **slots, "text": text})
    return ""


@_tag("error_summary")
def error_summary(part, context, options):
    """{% error_summary title=... description=... id=... %} items {% enderror_summary %}, for
    problems that are not a form's (a file's rows, a budget grid's lines); a form's own summary is
    {% include "includes/_error_summary.html" with form=form %}."""
    items: list[dict] = []
    options |= part.only_parts(context, govuk_error_items=items)
    values = {**options, "items": items, "form": None, "formset": None}
    return _include("includes/_error_summary.html", context, values)


@_tag("error_item")
def error_item(part, context, options):
    """{% error_item href="#row-3" %}Row 3: ...{% enderror_item %}"""
    items = _collector(context, "govuk_error_items", part)
    text, slots = part.body(context)
    items.append({**options, **slots, "text": text})
    return ""
