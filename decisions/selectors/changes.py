"""What changed in a decision since it was last submitted: a readable, word-level diff for the
clearers of a resubmitted decision (issue 13, point 3; docs/adr/0063).

The earlier state is read from the audit trail (simple-history): the decision, its sections,
recommendations and Part 2 as they stood when the earlier round was submitted. No snapshot is kept
anywhere else.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from datetime import datetime

from django.db import models
from django.utils.text import capfirst

from alpha_hub.audit.diffs import display, history_of
from alpha_hub.audit.names import record_names
from decisions.models import Decision, Recommendation, RestrictedPart, Section
from decisions.workflow import EDITABLE_STATUSES

# The decision's own fields a clearer reads; the rest are workflow bookkeeping.
DECISION_FIELDS = (
    "title", "category", "office", "kind", "financial_value", "value_publication",
    "part2_covers_value", "executive_summary", "dpia", "equality_assessment", "has_part2",
    "part2_exemption_ground",
)  # fmt: skip
# A word with the whitespace after it, so that spaces alone never anchor a match.
TOKENS = re.compile(r"\S+\s*|\s+")


@dataclass(frozen=True)
class Segment:
    """A run of words: "same", "added" or "removed"."""

    kind: str
    text: str


@dataclass
class Difference:
    """One thing that changed: a field, a section or a recommendation, with its words."""

    name: str
    status: str  # "changed", "added" or "removed"
    segments: list[Segment] = field(default_factory=list)


@dataclass
class Changes:
    since_round: int
    since: datetime
    differences: list[Difference]


def word_diff(before: str, after: str) -> list[Segment]:
    """`before` -> `after`, word by word (each with its trailing whitespace), runs merged."""
    old, new = TOKENS.findall(before or ""), TOKENS.findall(after or "")
    segments: list[Segment] = []

    def add(kind: str, words: list[str]) -> None:
        text = "".join(words)
        if not text:
            return
        if segments and segments[-1].kind == kind:
            segments[-1] = Segment(kind, segments[-1].text + text)
        else:
            segments.append(Segment(kind, text))

    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            add("same", old[i1:i2])
        else:
            add("removed", old[i1:i2])
            add("added", new[j1:j2])
    return segments


def _submitted_at(decision: Decision, round_: int) -> datetime | None:
    """When round `round_` was submitted: the first history row with that round."""
    row = (
        history_of(Decision)
        .objects.filter(id=decision.pk, submission_round=round_)
        .order_by("history_date", "history_id")
        .first()
    )
    return row.history_date if row else None


def _as_of(model: type[models.Model], when: datetime, **lookup) -> dict[int, object]:
    """The records of `model` matching `lookup` as they stood at `when`, by id (one query)."""
    rows = (
        history_of(model)
        .objects.filter(history_date__lte=when, **lookup)
        .order_by("id", "-history_date", "-history_id")
        .distinct("id")
    )
    return {row.id: row for row in rows if row.history_type != "-"}


def changes_since_last_round(decision: Decision, *, with_part2: bool) -> Changes | None:
    """What changed since the previous submission (since the last one, while it is being edited
    again after a return); None before any resubmission or once signed."""
    if decision.is_signed:
        return None
    since_round = decision.submission_round - (0 if decision.status in EDITABLE_STATUSES else 1)
    if since_round < 1:
        return None
    since = _submitted_at(decision, since_round)
    if since is None:
        return None
    differences = _field_differences(decision, since)
    differences += _part_differences(decision, since, Recommendation)
    differences += _part_differences(decision, since, Section)
    if with_part2:
        differences += _part2_difference(decision, since)
    return Changes(since_round=since_round, since=since, differences=differences)


def _field_differences(decision: Decision, since: datetime) -> list[Difference]:
    then = _as_of(Decision, since, id=decision.pk).get(decision.pk)
    if then is None:
        return []
    fields = [Decision._meta.get_field(name) for name in DECISION_FIELDS]
    changed = [f for f in fields if getattr(then, f.attname) != getattr(decision, f.attname)]
    wanted = [
        (f.related_model, value)
        for f in changed
        if f.is_relation
        for value in (getattr(then, f.attname), getattr(decision, f.attname))
    ]
    names = record_names(wanted) if wanted else {}
    differences = []
    for f in changed:
        before = display(f, getattr(then, f.attname), names) or ""
        after = display(f, getattr(decision, f.attname), names) or ""
        wordy = isinstance(f, models.CharField | models.TextField) and not f.choices
        segments = word_diff(before, after) if wordy else [
            Segment("removed", before), Segment("added", after)
        ]  # fmt: skip
        segments = [s for s in segments if s.text]
        differences.append(Difference(capfirst(f.verbose_name), "changed", segments))
    return differences


def _part_text(part) -> str:
    if isinstance(part, Section) or hasattr(part, "heading"):
        return f"{part.heading}\n\n{part.body}"
    return part.text


def _part_name(model, part) -> str:
    noun = "Section" if model is Section else "Recommendation"
    return f"{noun} {part.position}" + (f": {part.heading}" if model is Section else "")


def _part_differences(decision: Decision, since: datetime, model) -> list[Difference]:
    then = _as_of(model, since, decision_id=decision.pk)
    now = {part.pk: part for part in model.objects.filter(decision=decision)}
    differences = []
    for pk, part in sorted(now.items(), key=lambda item: item[1].position):
        earlier = then.get(pk)
        if earlier is None:
            differences.append(
                Difference(_part_name(model, part), "added", [Segment("added", _part_text(part))])
            )
        elif _part_text(earlier) != _part_text(part):
            name = _part_name(model, part)
            if earlier.position != part.position:
                name += f" (was {earlier.position})"
            segments = word_diff(_part_text(earlier), _part_text(part))
            differences.append(Difference(name, "changed", segments))
    for pk, earlier in sorted(then.items(), key=lambda item: item[1].position):
        if pk not in now:
            differences.append(
                Difference(
                    _part_name(model, earlier), "removed", [Segment("removed", _part_text(earlier))]
                )
            )
    return differences


def _part2_difference(decision: Decision, since: datetime) -> list[Difference]:
    then = _as_of(RestrictedPart, since, decision_id=decision.pk)
    earlier = next(iter(then.values()), None)
    now = RestrictedPart.objects.filter(decision=decision).first()
    before, after = (earlier.body if earlier else ""), (now.body if now else "")
    if before == after:
        return []
    status = "added" if not before else "removed" if not after else "changed"
    return [Difference("Part 2", status, word_diff(before, after))]
