"""The first pass over an import: every record checked against the file and the register, with
a report of what applying it would add and each record it refuses and why. It writes nothing.

Records are read in batches, each batch looked up in the register with a few queries; what is
kept from one batch to the next is small (references, hashes, the links still to resolve), so
memory does not grow with the number of decisions.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal

from alpha_hub.money import format_money
from decisions.historic_import.rows import (
    FORMAT,
    DecisionRow,
    HolderRow,
    Lookups,
    Reference,
    RowError,
    decision_row,
    holder_row,
    parse_line,
)
from decisions.historic_import.source import LINE_MAX, ImportSource
from decisions.models import (
    Decision,
    DecisionCategory,
    DecisionSeries,
    Office,
    OfficeHolder,
    OfficeHolderKind,
)
from grants.models import GrantAgreement

BATCH = 200
REFUSALS_SHOWN = 1000  # a report lists at most this many; the count is always exact


@dataclass
class Refusal:
    line: int
    reference: str
    reason: str


@dataclass
class Report:
    """What an import would do, or did: counts, and every record refused with why."""

    file_name: str = ""
    sha256: str = ""
    decisions: int = 0
    new: list[str] = field(default_factory=list)
    unchanged: int = 0
    holders_new: int = 0
    holders_unchanged: int = 0
    refused: int = 0
    refusals: list[Refusal] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.refused == 0

    def refuse(self, line: int, reference: str, reason: str) -> None:
        self.refused += 1
        if len(self.refusals) < REFUSALS_SHOWN:
            self.refusals.append(Refusal(line, reference, reason))

    def as_dict(self) -> dict:
        return {
            "decisions": self.decisions, "new": len(self.new), "unchanged": self.unchanged,
            "holders_new": self.holders_new, "holders_unchanged": self.holders_unchanged,
            "refused": self.refused,
            "refusals": [vars(refusal) for refusal in self.refusals],
            "new_references": self.new[:REFUSALS_SHOWN],
        }  # fmt: skip


def lookups_load() -> Lookups:
    """The series, categories and offices an import may name."""
    offices = {}
    for code, title in Office.objects.values_list("code", "title"):
        offices[code.lower()] = offices[title.lower()] = code
    return Lookups(
        series=set(DecisionSeries.objects.values_list("code", flat=True)),
        categories=set(DecisionCategory.objects.values_list("code", flat=True)),
        offices=offices,
    )


@dataclass
class _State:
    """What the pass keeps from batch to batch."""

    lookups: Lookups
    in_file: dict[Reference, int] = field(default_factory=dict)  # reference -> line
    links: list[tuple[int, Reference, Reference]] = field(default_factory=list)
    agreements: dict[str, Decimal | None] = field(default_factory=dict)
    holders: list[HolderRow] = field(default_factory=list)
    new: set[Reference] = field(default_factory=set)


def records(source: ImportSource, report: Report) -> Iterator[tuple[int, dict]]:
    """Each record of the manifest with its line number; a line that is no record is refused."""
    for line in source.lines():
        if line.text is None:
            report.refuse(line.number, "", f"the line is longer than {LINE_MAX:,} characters")
            continue
        try:
            record = parse_line(line.number, line.text)
        except RowError as error:
            report.refuse(line.number, "", "; ".join(error.reasons))
            continue
        if record.get("record") == "format":
            if record.get("format") != FORMAT:
                report.refuse(line.number, "", f"the format must be {FORMAT}")
            continue
        yield line.number, record


@dataclass
class Plan:
    """What applying the file would add: these decisions, and these office holders' terms."""

    new: set[Reference]
    holders: list[HolderRow]


def check(source: ImportSource) -> tuple[Report, Plan]:
    """Check the whole file; the report, and what applying it would add."""
    report = Report(file_name=source.name, sha256=source.sha256())
    state = _State(lookups=lookups_load())
    batch: list[DecisionRow] = []
    for number, record in records(source, report):
        kind = record.get("record", "decision")
        try:
            if kind == "office_holder":
                state.holders.append(holder_row(number, record, state.lookups))
                continue
            if kind != "decision":
                raise RowError([f"record must be decision, office_holder or format, not {kind}"])
            row = decision_row(number, record, state.lookups)
        except RowError as error:
            report.refuse(number, error.reference, "; ".join(error.reasons))
            continue
        report.decisions += 1
        if _first_in_file(row, state, report):
            batch.append(row)
        if len(batch) >= BATCH:
            _check_batch(batch, source, state, report)
            batch = []
    _check_batch(batch, source, state, report)
    _check_links(state, report)
    _check_holders(state, report)
    report.new = sorted(str(reference) for reference in state.new)
    return report, Plan(new=state.new, holders=state.holders)


def _first_in_file(row: DecisionRow, state: _State, report: Report) -> bool:
    first = state.in_file.get(row.reference)
    if first is not None:
        report.refuse(row.line, str(row.reference), f"{row.reference} is also on line {first}")
        return False
    state.in_file[row.reference] = row.line
    return True


def _check_batch(rows: list[DecisionRow], source, state: _State, report: Report) -> None:
    if not rows:
        return
    existing = _in_register(row.reference for row in rows)
    _agreements_load(state, [ref for row in rows for ref, _amount in row.agreements])
    for row in rows:
        problems = _pdf_problems(row, source)
        found = existing.get(row.reference)
        if found is not None and not problems:
            problems = _already_there(row, found, source)
            if not problems:
                report.unchanged += 1
                continue
        problems += _agreement_problems(row, state)
        if any(target == row.reference for _kind, target in row.links):
            problems.append("it links to itself")
        if problems:
            report.refuse(row.line, str(row.reference), "; ".join(problems))
            continue
        state.links += [(row.line, row.reference, target) for _kind, target in row.links]
        state.new.add(row.reference)


def _pdf_problems(row: DecisionRow, source: ImportSource) -> list[str]:
    problem = source.pdf_problem(row.pdf)
    return [problem] if problem else []


def _matching(references: Iterable[Reference]):
    """Decisions whose series and number are among `references`' (a superset, in two lists)."""
    references = set(references)
    series = {reference.series for reference in references}
    numbers = {reference.number for reference in references}
    return references, Decision.objects.filter(series__code__in=series, number__in=numbers)


def _in_register(references: Iterable[Reference]) -> dict[Reference, dict]:
    """The decisions in the register with these references, with how they were imported."""
    wanted, decisions = _matching(references)
    found = decisions.values(
        "series__code", "number", "imported_in_id", "import_fingerprint",
        "imported_in__file_name", "documents__sha256",
    )  # fmt: skip
    items = {Reference(item["series__code"], item["number"]): item for item in found}
    return {reference: item for reference, item in items.items() if reference in wanted}


def _already_there(row: DecisionRow, found: dict, source: ImportSource) -> list[str]:
    """Empty when the register holds exactly this record, imported before: nothing to do."""
    if found["imported_in_id"] is None:
        return [f"{row.reference} is already in the register"]
    sha256 = source.pdf_sha256(row.pdf)
    if sha256 != found["documents__sha256"]:
        return [
            f"its PDF's SHA-256 is {sha256[:12]}…, but the PDF imported before for "
            f"{row.reference} (from {found['imported_in__file_name']}) has "
            f"{(found['documents__sha256'] or '')[:12]}…"
        ]
    if row.fingerprint != found["import_fingerprint"]:
        return [
            f"{row.reference} was imported before from {found['imported_in__file_name']} with "
            "different details: a correction is a new decision that varies or supersedes it"
        ]
    return []


def _agreements_load(state: _State, references: list[str]) -> None:
    wanted = [reference for reference in references if reference not in state.agreements]
    found = dict(
        GrantAgreement.objects.filter(reference__in=wanted).values_list(
            "reference", "amount_awarded"
        )
    )
    state.agreements |= {reference: found.get(reference) for reference in wanted}


def _agreement_problems(row: DecisionRow, state: _State) -> list[str]:
    problems = []
    for reference, amount in row.agreements:
        held = state.agreements.get(reference)
        if held is None:
            problems.append(
                f"the grant agreement {reference} is not in the register (add it in the admin "
                "first)"
            )
        elif held != amount:
            problems.append(
                f"the grant agreement {reference} is for {format_money(held)}, not "
                f"{format_money(amount)}"
            )
    return problems


def _check_links(state: _State, report: Report) -> None:
    """A link resolves to a decision in the file (before or after it) or a signed one in the
    register; its source is refused otherwise."""
    outside = {target for _line, _source, target in state.links if target not in state.in_file}
    signed = set(_in_register_signed(outside))
    refused = set()
    for line, source, target in state.links:
        if target in state.in_file or target in signed:
            continue
        report.refuse(
            line, str(source), f"it links to {target}, which is neither in the file nor signed "
            "in the register",
        )  # fmt: skip
        refused.add(source)
    state.new -= refused


def _in_register_signed(references: set[Reference]) -> Iterator[Reference]:
    wanted, decisions = _matching(references)
    signed = decisions.filter(status__in=Decision.SIGNED_STATUSES)
    for code, number in signed.values_list("series__code", "number"):
        if Reference(code, number) in wanted:
            yield Reference(code, number)


def _check_holders(state: _State, report: Report) -> None:
    """Office holders' terms: new ones may not overlap a term of the same kind of the same
    office, in the register or in the file; one already recorded is left as it is."""
    by_office = defaultdict(list)
    terms = OfficeHolder.objects.filter(office__code__in={h.office for h in state.holders})
    for term in terms.select_related("user"):
        by_office[term.office_id].append(term)
    offices = dict(Office.objects.values_list("code", "pk"))
    accepted: list[HolderRow] = []
    for row in state.holders:
        register = by_office[offices[row.office]]
        if any(_same_term(row, term) for term in register):
            report.holders_unchanged += 1
            continue
        clash = _overlap(row, register, accepted)
        if clash:
            report.refuse(row.line, row.name, clash)
            continue
        accepted.append(row)
        report.holders_new += 1
    state.holders = accepted


def _same_term(row: HolderRow, term: OfficeHolder) -> bool:
    return (term.user.full_name, term.kind, term.starts_on, term.ends_on) == (
        row.name, row.kind, row.starts_on, row.ends_on,
    )  # fmt: skip


def _overlap(row: HolderRow, register: list[OfficeHolder], accepted: list[HolderRow]) -> str:
    if row.kind == OfficeHolderKind.DEPUTY:
        return ""
    others = [(t.user.full_name, t.kind, t.starts_on, t.ends_on) for t in register]
    others += [(a.name, a.kind, a.starts_on, a.ends_on) for a in accepted if a.office == row.office]
    for name, kind, starts_on, ends_on in others:
        if kind == row.kind and _days_overlap(row.starts_on, row.ends_on, starts_on, ends_on):
            one = "one holder" if row.kind == OfficeHolderKind.HOLDER else "one acting holder"
            return (
                f"{row.name}'s {row.kind} term from {row.starts_on} overlaps {name}'s from "
                f"{starts_on}: an office has {one} at a time"
            )
    return ""


def _days_overlap(a_start, a_end, b_start, b_end) -> bool:
    return (b_end is None or a_start <= b_end) and (a_end is None or b_start <= a_end)
