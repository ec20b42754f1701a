"""What the budget grid template needs: one plain row object per line, built without forms.

Rendering a Django form per row is slow for thousands of lines, so rows carry their values as
strings; only a row that failed to save carries its bound form's values and errors.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.urls import reverse
from django.utils.html import format_html, format_html_join

from alpha_hub.money import format_money
from budget import permissions, selectors
from budget.forms import LineForm
from budget.models import Budget, BudgetLine

FIELDS = ("category", "description", "fte", "unit_cost", "amount", "notes")


@dataclass
class Row:
    """One row of the grid: a saved line, or the row that adds a line (line is None)."""

    prefix: str
    values: dict[str, str]
    version: str = ""
    line: BudgetLine | None = None
    # Every field has a key, so the template's lookups hit the dict (a miss is slow in Django).
    errors: dict[str, list[str]] = field(default_factory=lambda: {name: [] for name in FIELDS})
    non_field_errors: list[str] = field(default_factory=list)
    category_options: str = ""
    update_url: str = ""
    delete_url: str = ""

    @property
    def has_errors(self) -> bool:
        return any(self.errors.values()) or bool(self.non_field_errors)

    @property
    def failed_fields(self) -> list[tuple[str, list[str]]]:
        return [(name, errors) for name, errors in self.errors.items() if errors]


def _plain(value) -> str:
    return "" if value is None else f"{value:f}" if hasattr(value, "as_tuple") else str(value)


def _line_row(line: BudgetLine) -> Row:
    values = {
        "category": str(line.category_id),
        "description": line.description,
        "fte": "" if line.fte is None else f"{line.fte.normalize():f}",
        "unit_cost": _plain(line.unit_cost),
        "amount": _plain(line.amount),
        "notes": line.notes,
    }
    return Row(prefix=f"line-{line.pk}", values=values, version=str(line.version), line=line)


def _bound_row(form: LineForm, line: BudgetLine | None) -> Row:
    values = {
        name: "" if form[name].value() is None else str(form[name].value()) for name in FIELDS
    }
    errors = {name: list(form.errors.get(name, [])) for name in FIELDS}
    return Row(
        prefix=form.prefix,
        values=values,
        version=str(form["version"].value() or ""),
        line=line,
        errors=errors,
        non_field_errors=list(form.non_field_errors()),
    )


def grid_context(
    request, budget: Budget, *, status_message: str = "", bound=None, new_form=None, notices=None
) -> dict:
    """The budget page's context: groups of rows, totals, reconciliation."""
    bound, notices = bound or {}, notices or {}
    summary = selectors.budget_summary(budget)
    groups = []
    for group in summary.groups:
        rows = [
            _bound_row(bound[line.pk], line) if line.pk in bound else _line_row(line)
            for line in group.lines
        ]
        for row in rows:
            row.non_field_errors += notices.get(row.line.pk, [])
        groups.append((group, rows))
    new_row = (
        _bound_row(new_form, None)
        if new_form is not None
        else Row(prefix="new", values=dict.fromkeys(FIELDS, ""))
    )
    _decorate(budget, [row for _, rows in groups for row in rows] + [new_row], summary)
    failed = [row for _, rows in groups for row in rows if row.has_errors]
    if new_row.has_errors:
        failed.append(new_row)
    editable = (
        permissions.can_edit_budget(request.user, budget) and budget.status != Budget.Status.LOCKED
    )
    has_lines = any(group.lines for group in summary.groups)
    return {
        "budget": budget,
        "summary": summary,
        "copy_source": selectors.budget_copy_source(budget) if editable and not has_lines else None,
        "groups": groups,
        "new_row": new_row,
        "failed_rows": failed,
        "category_options": [
            (str(group.category.pk), group.category.name) for group in summary.groups
        ],
        "editable": editable,
        "can_record_variation": budget.status == Budget.Status.LOCKED
        and permissions.can_record_variation(request.user, budget),
        "status_message": status_message,
        "total_text": format_money(summary.varied_total),
    }


def _options(categories, selected: str, blank: bool):
    """A select's options, built once per category rather than looped over in every row."""
    options = format_html_join(
        "",
        '<option value="{}"{}>{}</option>',
        ((value, " selected" if value == selected else "", name) for value, name in categories),
    )
    return format_html('<option value="">Choose</option>{}', options) if blank else options


def _decorate(budget: Budget, rows: list[Row], summary) -> None:
    """Give each row its select options and form URLs, computed once and shared."""
    categories = [(str(group.category.pk), group.category.name) for group in summary.groups]
    cache: dict[tuple[str, bool], str] = {}
    update = reverse("budget:line_update", args=[budget.pk, 0]).replace("/0/", "/{}/")
    delete = reverse("budget:line_delete", args=[budget.pk, 0]).replace("/0/", "/{}/")
    for row in rows:
        key = (row.values["category"], row.line is None)
        if key not in cache:
            cache[key] = _options(categories, *key)
        row.category_options = cache[key]
        if row.line is not None:
            row.update_url = update.format(row.line.pk)
            row.delete_url = delete.format(row.line.pk)
