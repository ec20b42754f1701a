"""The audit trail: every history row of every audited model, newest first, keyset-paged.

Each model keeps its own history table (django-simple-history). The log is a UNION ALL of one
small, index-ordered slice per table, so a page costs the same with ten rows or ten million.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from django.apps import apps
from django.db import models
from django.db.models import Q, Value
from django.utils import timezone

from alpha_hub.audit.diffs import describe, rows_with_previous
from alpha_hub.audit.names import record_names

ACTIONS = {"+": "Created", "~": "Changed", "-": "Deleted"}


@dataclass(frozen=True)
class Cursor:
    """Where a page ends: (history_date, model label, history_id), the sort key."""

    at: datetime
    label: str
    history_id: int

    def encode(self) -> str:
        return f"{self.at.isoformat()}|{self.label}|{self.history_id}"

    @classmethod
    def decode(cls, text: str) -> Cursor | None:
        """The cursor in `text`, or None when it is not one we wrote."""
        try:
            at, label, history_id = text.split("|")
            parsed = cls(as_utc(datetime.fromisoformat(at)), label, int(history_id))
        except (ValueError, TypeError, OverflowError):
            return None
        return parsed if parsed.label in audited_labels() else None


@dataclass(frozen=True)
class TrailFilter:
    user: str = ""  # part of a name or username, any case
    label: str = ""
    record_id: int | None = None
    # Only these records: {model label: a condition on that model's history table}, as a
    # reference finder (alpha_hub.audit.scopes) or a decision's timeline gives it.
    scope: dict[str, Q] | None = None
    date_from: date | None = None
    date_to: date | None = None
    action: str = ""


@dataclass
class Entry:
    at: datetime
    label: str
    history_id: int
    record_id: int
    action: str
    user_id: int | None
    reason: str
    user: object = None
    name: str = ""  # the record's name: "PCD 867: Project Alpha Social Media Hub"
    changes: list = field(default_factory=list)  # set by `describe_entries`

    @property
    def model(self) -> type[models.Model]:
        return apps.get_model(self.label)

    @property
    def model_name(self) -> str:
        return self.model._meta.verbose_name.capitalize()

    @property
    def model_plural(self) -> str:
        return str(self.model._meta.verbose_name_plural)

    @property
    def is_restricted(self) -> bool:
        return getattr(self.model, "access_logged", False)

    @property
    def action_label(self) -> str:
        return ACTIONS.get(self.action, self.action)

    @property
    def cursor(self) -> Cursor:
        return Cursor(self.at, self.label, self.history_id)


def as_utc(at: datetime) -> datetime:
    """An aware time in UTC, as the database takes it; ValueError when naive, OverflowError when
    a time near 0001-01-01 or 9999-12-31 has no UTC equivalent."""
    if at.tzinfo is None:
        raise ValueError("A cursor's time carries its offset")
    return at.astimezone(UTC)


def audited_models() -> dict[str, type[models.Model]]:
    """Every model with history, by label ("decisions.decision"), in a stable order."""
    found = {
        model._meta.label_lower: model
        for model in apps.get_models()
        if hasattr(model._meta, "simple_history_manager_attribute")
    }
    return dict(sorted(found.items()))


def audited_labels() -> list[str]:
    return list(audited_models())


def trail_page(
    filters: TrailFilter, *, after: Cursor | None = None, size: int = 50
) -> tuple[list[Entry], Cursor | None]:
    """One page of the trail and the cursor for the next page (None on the last)."""
    rows = _union(filters, after, size + 1)
    entries = [Entry(*row) for row in rows]
    more = len(entries) > size
    entries = entries[:size]
    _attach_records(entries)
    return entries, (entries[-1].cursor if more and entries else None)


def trail_iter(
    filters: TrailFilter, *, batch: int = 1000, with_changes: bool = False
) -> Iterator[Entry]:
    """Every entry matching `filters`, newest first, fetched a keyset batch at a time (with
    their field changes, restricted values withheld, when `with_changes`)."""
    after = None
    while True:
        entries, after = trail_page(filters, after=after, size=batch)
        if with_changes:
            describe_entries(entries, withhold=True)
        yield from entries
        if after is None:
            return


def record_history(label: str, record_id: int) -> list:
    """The history rows of one record, newest first, each with `.delta` against the one before."""
    model = audited_models()[label]
    history = getattr(model, model._meta.simple_history_manager_attribute)
    rows = list(
        history.model.objects.filter(id=record_id)
        .select_related("history_user")
        .order_by("history_date", "history_id")
    )
    previous = None
    for row in rows:
        row.previous = previous
        previous = row
    describe({model: rows})
    return rows[::-1]


def _union(filters: TrailFilter, after: Cursor | None, limit: int) -> list[tuple]:
    models_ = audited_models()
    labels = [filters.label] if filters.label else list(models_)
    if filters.scope is not None:
        labels = [label for label in labels if label in filters.scope]
    slices = [
        _slice(models_[label], label, filters, after, limit) for label in labels if label in models_
    ]
    if not slices:
        return []
    if len(slices) == 1:
        return list(slices[0])
    union = slices[0].union(*slices[1:], all=True)
    return list(union.order_by("-history_date", "-label", "-history_id")[:limit])


def _slice(model, label: str, filters: TrailFilter, after: Cursor | None, limit: int):
    history = getattr(model, model._meta.simple_history_manager_attribute).model
    rows = history.objects.filter(_filter_q(filters))
    if filters.scope is not None:
        rows = rows.filter(filters.scope[label])
    if after is not None:
        rows = rows.filter(_after_q(label, after))
    return (
        rows.annotate(label=Value(label, output_field=models.CharField()))
        .order_by("-history_date", "-history_id")
        .values_list(
            "history_date",
            "label",
            "history_id",
            "id",
            "history_type",
            "history_user_id",
            "history_change_reason",
        )[:limit]
    )


def _filter_q(filters: TrailFilter) -> Q:
    q = Q()
    if filters.user:
        q &= Q(history_user_id__in=users_named(filters.user))
    if filters.record_id is not None:
        q &= Q(id=filters.record_id)
    q &= on_days_q("history_date", filters.date_from, filters.date_to)
    if filters.action:
        q &= Q(history_type=filters.action)
    return q


def _after_q(label: str, after: Cursor) -> Q:
    """Rows of table `label` that sort after the cursor; the label is constant per table."""
    if label < after.label:
        return Q(history_date__lte=after.at)
    if label > after.label:
        return Q(history_date__lt=after.at)
    return Q(history_date__lt=after.at) | Q(history_date=after.at, history_id__lt=after.history_id)


def start_of_day(day: date) -> datetime:
    """Midnight at the start of `day`, local time."""
    return timezone.make_aware(datetime.combine(day, time.min))


def on_days_q(field: str, first: date | None, last: date | None) -> Q:
    """Rows whose time `field` falls on local days `first` to `last`, both included (or open).

    The calendar's own ends need no bound, and have none: the day after 9999-12-31 overflows,
    and so may midnight of 0001-01-01 in a zone east of UTC.
    """
    q = Q()
    if first and first > date.min:
        q &= Q(**{f"{field}__gte": start_of_day(first)})
    if last and last < date.max:
        q &= Q(**{f"{field}__lt": start_of_day(last + timedelta(days=1))})
    return q


def users_named(text: str):
    """The ids of users whose name or username contains `text`, in any case (a subquery)."""
    from alpha_hub.models import User

    text = text.strip()
    named = Q(full_name__icontains=text) | Q(username__icontains=text)
    named |= Q(first_name__icontains=text) | Q(last_name__icontains=text)
    return User.objects.filter(named).values("pk")


def _attach_records(entries: list[Entry]) -> None:
    """Who made each change and the record's name: one query for the users, one per model."""
    from alpha_hub.models import User

    users = User.objects.in_bulk({entry.user_id for entry in entries if entry.user_id})
    names = record_names((entry.model, entry.record_id) for entry in entries)
    for entry in entries:
        entry.user = users.get(entry.user_id)
        entry.name = names.get((entry.model, entry.record_id), "")


def describe_entries(entries: list[Entry], *, withhold: bool = True) -> None:
    """Each entry's field changes, in words (alpha_hub.audit.diffs): two queries per model."""
    by_label: dict[str, list[Entry]] = defaultdict(list)
    for entry in entries:
        by_label[entry.label].append(entry)
    rows_by_model = {}
    for label, group in by_label.items():
        model = audited_models()[label]
        rows = rows_with_previous(model, [entry.history_id for entry in group])
        rows_by_model[model] = list(rows.values())
        for entry in group:
            entry.row = rows.get(entry.history_id)
    describe(rows_by_model, withhold=withhold)
    for entry in entries:
        row = getattr(entry, "row", None)
        entry.changes = row.changes if row is not None else []
