"""Many history rows made by one act (an import of 13 budget lines) shown as one entry.

One act: rows of one model, one after another, with the same action, user and reason, each
within `WINDOW` of the next. A bulk import writes them all at one time; a service that saves
line by line (the demo data, a budget lock) takes milliseconds between them. A person's own
edits, one after another, are seconds apart and stay separate.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from alpha_hub.audit.trail import ACTIONS, Entry


@dataclass
class EntryGroup:
    """Entries of one model with the same time, action, user and reason (one save or import)."""

    entries: list[Entry] = field(default_factory=list)

    @property
    def first(self) -> Entry:
        return self.entries[0]

    @property
    def count(self) -> int:
        return len(self.entries)

    @property
    def is_bulk(self) -> bool:
        return self.count > 1

    @property
    def summary(self) -> str:
        """'Created 13 budget lines', or for one entry 'Changed Decision: PCD 867: ...'."""
        entry = self.first
        action = ACTIONS.get(entry.action, entry.action)
        meta = entry.model._meta
        if self.is_bulk:
            return f"{action} {self.count} {meta.verbose_name_plural}"
        return f"{action} {meta.verbose_name}"


WINDOW = timedelta(seconds=2)


def _key(entry: Entry) -> tuple:
    return (entry.label, entry.action, entry.user_id, entry.reason)


def group_entries(entries: list[Entry]) -> list[EntryGroup]:
    """Consecutive entries (newest first) of one act become one group, in order."""
    groups: list[EntryGroup] = []
    for entry in entries:
        last = groups[-1].entries[-1] if groups else None
        if last is not None and _key(last) == _key(entry) and last.at - entry.at <= WINDOW:
            groups[-1].entries.append(entry)
        else:
            groups.append(EntryGroup([entry]))
    return groups
