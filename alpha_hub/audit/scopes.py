"""Which records a reference names ("PCD 867", "HO-SVSF-ALPHA-2020"), for the audit log's filter.

The foundation knows no app, so it cannot read a reference: each app that has them registers a
finder (from its AppConfig.ready) that turns the text into a scope, {model label: a condition on
that model's history table}, covering the record and the records that belong to it. History
tables are used, not the live ones, so that deleted parts (a removed recommendation) still count.
"""

from __future__ import annotations

from collections.abc import Callable

from django.db.models import Q

Scope = dict[str, Q]
Finder = Callable[[str], Scope | None]

_finders: list[Finder] = []


def register_reference_finder(finder: Finder) -> None:
    """Add a finder: `finder(text)` gives the scope of the record `text` names, or None."""
    if finder not in _finders:
        _finders.append(finder)


def scope_for_reference(text: str) -> Scope | None:
    """The scope of the first finder that knows `text`, or None when none does."""
    text = " ".join(text.split())
    for finder in _finders:
        scope = finder(text)
        if scope is not None:
            return scope
    return None
