"""What each history row changed, in words: field labels, choice labels, £, names, Yes/No, dates.

`describe(rows)` takes history rows (of any audited models, in any order), finds the row before
each, and gives each row a list of `Change`s. A page of rows costs two queries per model (the
rows' predecessors) plus one per model that a changed foreign key points to, never one per row.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.db import models
from django.db.models import OuterRef, Q, Subquery
from django.utils.text import capfirst

from alpha_hub.audit.names import record_names
from alpha_hub.dates import day, moment
from alpha_hub.money import MoneyField, format_money

WITHHELD = "(withheld: restricted, see the record's history)"
# Set by the database or by `save()`, never by a person: a change to them says nothing.
NOISE = {"updated_at", "created_at"}


@dataclass(frozen=True)
class Change:
    field: str
    label: str
    before: str | None  # None: empty
    after: str | None


def tracked_fields(model: type[models.Model], history) -> list[models.Field]:
    """The model's fields that its history keeps, in the model's order, less the noise."""
    kept = {field.attname for field in history._meta.concrete_fields}
    return [
        field
        for field in model._meta.concrete_fields
        if field.attname in kept and field.name not in NOISE and not field.primary_key
    ]


def rows_with_previous(model: type[models.Model], history_ids) -> dict[int, object]:
    """The history rows `history_ids` of `model`, each with `.previous` (the row before it for
    the same record, or None), by history_id: two queries."""
    history = history_of(model)
    before = history.objects.filter(id=OuterRef("id")).filter(
        Q(history_date__lt=OuterRef("history_date"))
        | Q(history_date=OuterRef("history_date"), history_id__lt=OuterRef("history_id"))
    )
    previous_id = Subquery(before.order_by("-history_date", "-history_id").values("history_id")[:1])
    rows = history.objects.filter(history_id__in=list(history_ids)).annotate(
        previous_id=previous_id
    )
    rows = {row.history_id: row for row in rows}
    found = history.objects.in_bulk([r.previous_id for r in rows.values() if r.previous_id])
    for row in rows.values():
        row.previous = found.get(row.previous_id)
    return rows


def history_of(model: type[models.Model]):
    return getattr(model, model._meta.simple_history_manager_attribute).model


def raw_changes(model, history, row, previous) -> list[tuple[models.Field, object, object]]:
    """(field, before, after) for every field that differs; on a creation, every field set."""
    changes = []
    if row.history_type == "-":
        return []
    for field in tracked_fields(model, history):
        after = getattr(row, field.attname)
        before = getattr(previous, field.attname) if previous is not None else None
        if previous is None and after in (None, ""):
            continue
        if previous is not None and before == after:
            continue
        changes.append((field, before, after))
    return changes


def describe(rows_by_model: dict[type[models.Model], list], *, withhold: bool = False) -> None:
    """Set `.changes` (a list of Change) on every history row given; each has `.previous`.

    `withhold`: restricted models (`access_logged`) show which fields changed, not their values,
    for pages and files whose reading is not itself logged.
    """
    pending: list[tuple[object, type[models.Model], list]] = []
    wanted: list[tuple[type[models.Model], int]] = []
    for model, rows in rows_by_model.items():
        history = history_of(model)
        for row in rows:
            raw = raw_changes(model, history, row, row.previous)
            pending.append((row, model, raw))
            for field, before, after in raw:
                if field.is_relation:
                    target = field.related_model
                    wanted += [(target, value) for value in (before, after) if value is not None]
    names = record_names(wanted)
    for row, model, raw in pending:
        hidden = withhold and getattr(model, "access_logged", False)
        row.changes = [
            Change(
                field=field.name,
                label=field_label(field),
                before=WITHHELD if hidden else display(field, before, names),
                after=WITHHELD if hidden else display(field, after, names),
            )
            for field, before, after in raw
        ]


# Field names Django cannot label well from the name alone ("sha256" would read "Sha256").
LABELS = {"sha256": "SHA-256"}


def field_label(field: models.Field) -> str:
    """The field's label as people read it: its verbose name, or the fix for an acronym."""
    return LABELS.get(field.name) or capfirst(field.verbose_name)


def display(field: models.Field, value, names: dict | None = None) -> str | None:
    """The value as a person reads it; None when it is empty."""
    if value is None or value == "":
        return None
    if field.is_relation:
        key = (field.related_model, value)
        return (names or {}).get(key) or f"{field.related_model._meta.verbose_name} {value}"
    if field.flatchoices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(field, models.BooleanField):
        return "Yes" if value else "No"
    if isinstance(field, MoneyField):
        return format_money(Decimal(value))
    if isinstance(value, datetime):
        return moment(value)
    if isinstance(value, date):
        return day(value)
    if isinstance(value, Decimal):
        return f"{value.normalize():f}"
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    return str(value)
