"""One record of decisions.jsonl, read into checked values or refused with every reason
(docs/import.md). Nothing here touches the database: the reference data it names is looked up
through a `Lookups` the caller fills once per import."""

from __future__ import annotations

import hashlib
import json
import re
import sys
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.utils.timezone import localdate

from alpha_hub.money import MoneyError, parse_money
from decisions.models import LinkKind, OfficeHolderKind, SectionKind

FORMAT = "alpha-hub-decisions/1"
# Limits on what one record may hold; longer text is refused, never cut.
TITLE_MAX, NAME_MAX, HEADING_MAX, GROUND_MAX = 250, 200, 200, 500
SUMMARY_MAX, TEXT_MAX = 20_000, 100_000
PARTS_MAX = 200
_REFERENCE = re.compile(r"^(?P<series>[A-Za-z]{2,10})[\s\-]*(?P<number>[1-9]\d{0,8})$")
_HEADINGS = {kind.label.lower(): kind for kind in SectionKind if kind != SectionKind.CUSTOM}
DECISION_KEYS = {
    "record", "reference", "title", "kind", "executive_summary", "recommendations", "sections",
    "decision_by", "office", "date_signed", "date_published", "value", "part2", "links",
    "grant_agreements", "pdf",
}  # fmt: skip
HOLDER_KEYS = {"record", "office", "name", "username", "kind", "from", "to"}


class RowError(Exception):
    """A record that cannot be imported; `reasons` say every way it is wrong."""

    def __init__(self, reasons: list[str], reference: str = ""):
        self.reasons, self.reference = reasons, reference
        super().__init__("; ".join(reasons))


@dataclass(frozen=True, slots=True)
class Reference:
    series: str
    number: int

    def __str__(self) -> str:
        return f"{self.series} {self.number}"


@dataclass
class DecisionRow:
    line: int
    reference: Reference
    title: str
    category: str
    summary: str
    recommendations: list[str]
    sections: list[tuple[str, str, str]]  # kind, heading, body
    decision_by: str
    office: str  # an Office code, as the lookups found it
    signed_on: date
    published_on: date
    value: Decimal
    withheld: bool
    part2_ground: str
    links: list[tuple[str, Reference]]
    agreements: list[tuple[str, Decimal]]
    pdf: str
    fingerprint: str


@dataclass
class HolderRow:
    line: int
    office: str
    name: str
    username: str
    kind: str
    starts_on: date
    ends_on: date | None


@dataclass
class Lookups:
    """What the register holds, read once: series codes, category codes, offices by code or
    title (lower case) to their code."""

    series: set[str] = field(default_factory=set)
    categories: set[str] = field(default_factory=set)
    offices: dict[str, str] = field(default_factory=dict)


def parse_line(number: int, text: str) -> dict:
    """The JSON object on line `number`, or RowError."""
    try:
        record = json.loads(text)
    except (json.JSONDecodeError, RecursionError) as error:
        raise RowError([f"it is not valid JSON ({str(error)[:80]})"]) from error
    if not isinstance(record, dict):
        raise RowError(["it is not a JSON object"])
    return record


def parse_reference(value) -> Reference | None:
    match = _REFERENCE.match(value.strip()) if isinstance(value, str) else None
    if not match:
        return None
    # Interned: an import keeps a reference for each decision and link until it ends.
    return Reference(sys.intern(match["series"].upper()), int(match["number"]))


def fingerprint(record: dict) -> str:
    """The SHA-256 of the record as data (key order and spacing do not count)."""
    canonical = json.dumps(record, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


class _Reader:
    """Reads the fields of one record, collecting every problem rather than stopping at one."""

    def __init__(self, record: dict, allowed: set[str]):
        self.record, self.problems = record, []
        unknown = sorted(set(record) - allowed)
        if unknown:
            self.problems.append("unknown fields: " + ", ".join(name[:40] for name in unknown[:5]))

    def text(self, name: str, limit: int, *, required: bool = True, label: str = "") -> str:
        value = self.record.get(name)
        label = label or name
        if value is None or value == "":
            if required:
                self.problems.append(f"{label} is missing")
            return ""
        return self._checked(value, label, limit)

    def _checked(self, value, label: str, limit: int) -> str:
        if not isinstance(value, str):
            self.problems.append(f"{label} must be text")
            return ""
        if "\x00" in value:
            self.problems.append(f"{label} contains a NUL character")
            return ""
        if len(value) > limit:
            self.problems.append(f"{label} is {len(value):,} characters: at most {limit:,}")
            return ""
        return value.strip()

    def texts(self, name: str, limit: int) -> list[str]:
        values = self.items(name)
        return [self._checked(v, f"{name} {i}", limit) for i, v in enumerate(values, start=1)]

    def items(self, name: str) -> list:
        value = self.record.get(name)
        if value is None:
            return []
        if not isinstance(value, list):
            self.problems.append(f"{name} must be a list")
            return []
        if len(value) > PARTS_MAX:
            self.problems.append(f"{name} has {len(value):,} items: at most {PARTS_MAX}")
            return []
        return value

    def day(self, name: str, *, required: bool = True) -> date | None:
        value = self.record.get(name)
        if value is None or value == "":
            if required:
                self.problems.append(f"{name} is missing")
            return None
        if isinstance(value, str) and _is_day(value):
            return date.fromisoformat(value)
        self.problems.append(f"{name} must be a date written YYYY-MM-DD")
        return None

    def choice(self, name: str, choices, *, default: str = "") -> str:
        value = self.record.get(name, default)
        if value not in choices:
            self.problems.append(f"{name} must be one of: {', '.join(choices)}")
            return ""
        return value


def _is_day(value: str) -> bool:
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return len(value) == 10


def decision_row(number: int, record: dict, lookups: Lookups) -> DecisionRow:
    """The decision on line `number`, checked; RowError with every reason otherwise."""
    read = _Reader(record, DECISION_KEYS)
    reference = parse_reference(record.get("reference"))
    if reference is None:
        read.problems.append("reference must be a series and a number, e.g. PCD 867")
    elif reference.series not in lookups.series:
        read.problems.append(f"the series {reference.series} is not in the register")
    category = read.text("kind", 50)
    if category and category not in lookups.categories:
        read.problems.append(f"the kind “{category}” is not a decision category in the register")
    office_key = read.text("office", NAME_MAX)
    office = lookups.offices.get(office_key.lower(), "") if office_key else ""
    if office_key and not office:
        read.problems.append(f"the office “{office_key}” is not in the register")
    signed_on, published_on = read.day("date_signed"), read.day("date_published")
    if signed_on and published_on and signed_on > published_on:
        read.problems.append("date_signed is after date_published")
    if published_on and published_on > localdate():
        read.problems.append("date_published is in the future")
    value, withheld = _value(read)
    row = DecisionRow(
        line=number, reference=reference, title=read.text("title", TITLE_MAX),
        category=category, summary=read.text("executive_summary", SUMMARY_MAX),
        recommendations=[t for t in read.texts("recommendations", TEXT_MAX) if t],
        sections=_sections(read), decision_by=read.text("decision_by", NAME_MAX),
        office=office, signed_on=signed_on, published_on=published_on, value=value,
        withheld=withheld, part2_ground=_part2(read), links=_links(read),
        agreements=_agreements(read), pdf=read.text("pdf", 500), fingerprint=fingerprint(record),
    )  # fmt: skip
    if not row.recommendations and not read.problems:
        read.problems.append("recommendations must list at least one recommendation")
    if read.problems:
        raise RowError(read.problems, str(reference) if reference else "")
    return row


def _value(read: _Reader) -> tuple[Decimal, bool]:
    value = read.record.get("value")
    if value == "withheld":
        return Decimal(0), True
    if isinstance(value, bool) or not isinstance(value, str | int):
        read.problems.append('value must be an amount such as "1,479,306.16", or "withheld"')
        return Decimal(0), False
    try:
        amount = parse_money(value)
    except MoneyError as error:
        read.problems.append(f"value: {error}")
        return Decimal(0), False
    if amount < 0:
        read.problems.append("value cannot be negative")
    return amount, False


def _sections(read: _Reader) -> list[tuple[str, str, str]]:
    sections = []
    for number, item in enumerate(read.items("sections"), start=1):
        if not isinstance(item, dict) or set(item) - {"heading", "body"}:
            read.problems.append(f'section {number} must be {{"heading": ..., "body": ...}}')
            continue
        part = _Reader(item, {"heading", "body"})
        heading = part.text("heading", HEADING_MAX, label=f"section {number} heading")
        body = part.text("body", TEXT_MAX, label=f"section {number} body")
        read.problems += part.problems
        kind = _HEADINGS.get(heading.lower(), SectionKind.CUSTOM)
        sections.append((kind, heading, body))
    return sections


def _part2(read: _Reader) -> str:
    part2 = read.record.get("part2")
    if part2 is None:
        return ""
    if not isinstance(part2, dict) or set(part2) != {"ground"}:
        read.problems.append('part2 must be null or {"ground": "..."}')
        return ""
    part = _Reader(part2, {"ground"})
    ground = part.text("ground", GROUND_MAX, label="part2 ground")
    read.problems += part.problems
    return ground


def _links(read: _Reader) -> list[tuple[str, Reference]]:
    links = []
    for number, item in enumerate(read.items("links"), start=1):
        target = parse_reference(item.get("reference")) if isinstance(item, dict) else None
        kind = item.get("kind") if isinstance(item, dict) else None
        if target is None or kind not in LinkKind.values or set(item) != {"kind", "reference"}:
            read.problems.append(
                f'link {number} must be {{"kind": one of {", ".join(LinkKind.values)}, '
                '"reference": e.g. "PCD 545"}'
            )
            continue
        if (kind, target) not in links:
            links.append((kind, target))
    return links


def _agreements(read: _Reader) -> list[tuple[str, Decimal]]:
    agreements = []
    for number, item in enumerate(read.items("grant_agreements"), start=1):
        reference = item.get("reference") if isinstance(item, dict) else None
        try:
            amount = parse_money(item.get("amount")) if isinstance(item, dict) else None
        except MoneyError:
            amount = None
        if not isinstance(reference, str) or not reference.strip() or amount is None:
            read.problems.append(
                f'grant agreement {number} must be {{"reference": ..., "amount": "..."}}'
            )
            continue
        agreements.append((reference.strip()[:50], amount))
    return agreements


def holder_row(number: int, record: dict, lookups: Lookups) -> HolderRow:
    """The office holder's term on line `number`, checked; RowError otherwise."""
    read = _Reader(record, HOLDER_KEYS)
    office_key = read.text("office", NAME_MAX)
    office = lookups.offices.get(office_key.lower(), "") if office_key else ""
    if office_key and not office:
        read.problems.append(f"the office “{office_key}” is not in the register")
    kind = read.choice("kind", OfficeHolderKind.values, default=OfficeHolderKind.HOLDER)
    starts_on, ends_on = read.day("from"), read.day("to", required=False)
    if starts_on and ends_on and ends_on < starts_on:
        read.problems.append("to is before from")
    row = HolderRow(
        line=number, office=office, name=read.text("name", NAME_MAX),
        username=read.text("username", 150, required=False), kind=kind,
        starts_on=starts_on, ends_on=ends_on,
    )  # fmt: skip
    if read.problems:
        raise RowError(read.problems, row.name)
    return row
