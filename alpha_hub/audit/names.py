"""Records named as people know them ("PCD 867: Project Alpha ..."), a page at a time.

A record's name is its model's `__str__`, which often follows foreign keys (a budget line names
its budget, which names its agreement). Naming a page of records costs one query per model: the
records are read together, with every foreign key their `__str__` could follow joined in
(`select_related` up to three steps away), so no name costs a query of its own. A record that
has since been deleted is named from its last history row, read the same way.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from django.db import models

DEPTH = 3  # DeclaredInterest -> Signature -> Decision -> DecisionSeries


def related_paths(model: type[models.Model], depth: int = DEPTH) -> list[str]:
    """Every forward foreign-key path from `model`, up to `depth` steps ("decision__series")."""
    paths: list[str] = []
    if depth <= 0:
        return paths
    for field in model._meta.concrete_fields:
        if not (field.many_to_one or field.one_to_one):
            continue
        target = field.related_model
        if target is None or target is model:
            continue
        paths.append(field.name)
        paths += [f"{field.name}__{inner}" for inner in related_paths(target, depth - 1)]
    return paths


def _history_model(model: type[models.Model]):
    attribute = getattr(model._meta, "simple_history_manager_attribute", None)
    return getattr(model, attribute).model if attribute else None


def record_names(keys: Iterable[tuple[type[models.Model], int]]) -> dict[tuple[type, int], str]:
    """The name of each (model, id): one query per model, two when some are deleted."""
    wanted: dict[type[models.Model], set[int]] = defaultdict(set)
    for model, pk in keys:
        if pk is not None:
            wanted[model].add(pk)
    names: dict[tuple[type, int], str] = {}
    for model, ids in wanted.items():
        paths = related_paths(model)
        found = model._base_manager.select_related(*paths).in_bulk(ids)
        names.update({(model, pk): str(record) for pk, record in found.items()})
        missing = ids - set(found)
        if missing:
            names.update(_deleted_names(model, missing, paths))
    return names


def _deleted_names(model, ids: set[int], paths: list[str]) -> dict[tuple[type, int], str]:
    """Names of deleted records, from their last history rows (or "<type> <id>" without one)."""
    history = _history_model(model)
    names = {(model, pk): f"{model._meta.verbose_name.capitalize()} {pk}" for pk in ids}
    if history is None:
        return names
    rows = (
        history.objects.filter(id__in=ids)
        .select_related(*paths)
        .order_by("id", "-history_date", "-history_id")
        .distinct("id")
    )
    for row in rows:
        instance = row.instance
        instance._state.fields_cache.update(row._state.fields_cache)
        names[(model, row.id)] = f"{instance} (deleted)"
    return names
