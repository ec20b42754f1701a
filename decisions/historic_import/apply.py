"""The second pass of an import: write what the first pass found new, in batches, inside the
caller's transaction (docs/import.md).

Each decision is written whole and already published, the way signing leaves one: its parts,
approvals, links and PDF go in beside it, so the freeze triggers on those parts are set aside
for these statements only (`pgtrigger.ignore`, this transaction). The decision itself is frozen
by the database from the moment it exists. Every row gets one history row, "Imported record".
"""

from __future__ import annotations

import gc
import hashlib
from collections import defaultdict
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pgtrigger
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils.text import slugify

from alpha_hub.bulk import bulk_insert_with_history
from alpha_hub.history import stamp
from alpha_hub.models import User
from decisions.cache import public_content_changed
from decisions.historic_import.check import Plan, lookups_load, records
from decisions.historic_import.rows import DecisionRow, HolderRow, Reference, decision_row
from decisions.historic_import.source import ImportSource
from decisions.models import (
    ApprovedAgreement,
    Decision,
    DecisionCategory,
    DecisionDocument,
    DecisionImport,
    DecisionLink,
    DecisionSeries,
    NumberReservation,
    Office,
    OfficeHolder,
    Recommendation,
    Section,
)
from grants.models import GrantAgreement

BATCH = 200
LONDON = ZoneInfo("Europe/London")
TEMPLATE_VERSION = "imported"  # DecisionDocument.template_version: the PDF as it was issued
WRITTEN_WITH_THE_DECISION = (
    "decisions.Recommendation:frozen_when_signed",
    "decisions.Section:frozen_when_signed",
    "decisions.ApprovedAgreement:frozen_when_signed",
    "decisions.DecisionLink:frozen_when_signed",
)


class _Ids:
    """Reference data by code, read once."""

    def __init__(self):
        self.series = dict(DecisionSeries.objects.values_list("code", "pk"))
        self.categories = dict(DecisionCategory.objects.values_list("code", "pk"))
        self.offices = dict(Office.objects.values_list("code", "pk"))


def apply(source: ImportSource, plan: Plan, *, batch: DecisionImport, user) -> None:
    """Write the plan's office holders and decisions. The PDFs stored go again if the
    transaction rolls back (alpha_hub.storage's transactional storage)."""
    reason = f"Imported record: {batch.file_name}"[:100]
    ids = _Ids()
    with pgtrigger.ignore(*WRITTEN_WITH_THE_DECISION):
        _holders_add(plan.holders, ids, user=user, reason=reason)
        signers = _signers(ids)
        lookups = lookups_load()
        links: list[tuple[Reference, str, Reference]] = []
        rows: list[DecisionRow] = []
        for number, record in records(source, _Ignored()):
            if record.get("record", "decision") != "decision":
                continue
            row = decision_row(number, record, lookups)
            if row.reference in plan.new:
                rows.append(row)
                links += [(row.reference, kind, target) for kind, target in row.links]
            if len(rows) >= BATCH:
                _decisions_add(rows, source, ids, signers, batch, user, reason)
                rows = []
        _decisions_add(rows, source, ids, signers, batch, user, reason)
        _links_add(links, user=user, reason=reason)
    _reservations_use(plan.new, user=user)
    _agreements_approve(batch, user=user)
    # COPY sends no signals: the public pages' cache is told here (decisions/cache.py).
    public_content_changed()


class _Ignored:
    """The first pass reported every problem; the second has no report to add to."""

    def refuse(self, *args) -> None:
        raise AssertionError("a record the check accepted is refused on applying")


def _at_noon(day: date) -> datetime:
    return datetime.combine(day, time(12, 0), tzinfo=LONDON)


# Office holders --------------------------------------------------------------------------------


def _holders_add(rows: list[HolderRow], ids: _Ids, *, user, reason: str) -> None:
    people: dict[str, User] = {}
    for row in rows:
        person = people.get(row.username or row.name) or _person(row, user=user, reason=reason)
        people[row.username or row.name] = person
        term = OfficeHolder(
            office_id=ids.offices[row.office], user=person, kind=row.kind,
            starts_on=row.starts_on, ends_on=row.ends_on,
        )  # fmt: skip
        stamp(term, user=user, reason=reason)
        term.save()


def _person(row: HolderRow, *, user, reason: str) -> User:
    """The named user, or a new account for a past holder: inactive, with no password."""
    if row.username:
        found = User.objects.filter(username=row.username).first()
        if found is not None:
            return found
    base = f"imported-{slugify(row.name)[:120] or 'holder'}"
    username, suffix = base, 1
    while User.objects.filter(username=username).exists():
        suffix += 1
        username = f"{base}-{suffix}"
    person = User(username=row.username or username, full_name=row.name, is_active=False)
    person.set_unusable_password()
    stamp(person, user=user, reason=reason)
    person.save()
    return person


def _signers(ids: _Ids) -> dict[int, list[tuple[date, date | None, int, str]]]:
    """Each office's signing terms, to say who signed an imported decision when it is known."""
    signers = defaultdict(list)
    terms = OfficeHolder.objects.signing().select_related("user")
    for term in terms.filter(office_id__in=ids.offices.values()):
        signers[term.office_id].append(
            (term.starts_on, term.ends_on, term.user_id, term.user.full_name.lower())
        )
    return signers


def _signer_id(row: DecisionRow, office_id: int, signers) -> int | None:
    """The holder (or acting holder) of the office that day whose name the printed "Decision
    by" starts with; None when the register does not know who that was."""
    printed = row.decision_by.lower()
    for starts_on, ends_on, user_id, name in signers.get(office_id, []):
        on_the_day = starts_on <= row.signed_on and (ends_on is None or row.signed_on <= ends_on)
        if on_the_day and name and printed.startswith(name):
            return user_id
    return None


# Decisions -------------------------------------------------------------------------------------


def _decisions_add(rows, source, ids: _Ids, signers, batch, user, reason: str) -> None:
    if not rows:
        return
    decisions = [_decision(row, ids, signers, batch) for row in rows]
    bulk_insert_with_history(decisions, user=user, reason=reason)
    recommendations, sections, documents, approvals = [], [], [], []
    agreements = _agreement_ids([ref for row in rows for ref, _amount in row.agreements])
    for row, decision in zip(rows, decisions, strict=True):
        recommendations += [
            Recommendation(decision=decision, position=position, text=text)
            for position, text in enumerate(row.recommendations, start=1)
        ]
        sections += [
            Section(decision=decision, position=position, kind=kind, heading=heading, body=body)
            for position, (kind, heading, body) in enumerate(row.sections, start=1)
        ]
        approvals += [
            ApprovedAgreement(decision=decision, agreement_id=agreements[reference])
            for reference, _amount in row.agreements
        ]
        documents.append(_document(row, decision, source))
    for objs in (recommendations, sections, approvals, documents):
        bulk_insert_with_history(objs, user=user, reason=reason)
    # A document and its FieldFile refer to each other, so a batch's model objects outlive it
    # until the cyclic collector runs; freeing them now keeps memory flat however many batches.
    del recommendations, sections, approvals, documents, decisions
    gc.collect()


def _decision(row: DecisionRow, ids: _Ids, signers, batch: DecisionImport) -> Decision:
    office_id = ids.offices[row.office]
    return Decision(
        series_id=ids.series[row.reference.series], number=row.reference.number,
        title=row.title, category_id=ids.categories[row.category], office_id=office_id,
        executive_summary=row.summary, status=Decision.Status.PUBLISHED,
        financial_value=row.value, value_publication=_publication(row), kind=_kind(row),
        signed_by_id=_signer_id(row, office_id, signers), signed_by_name=row.decision_by,
        signed_at=_at_noon(row.signed_on), published_at=_at_noon(row.published_on),
        has_part2=bool(row.part2_ground), part2_exemption_ground=row.part2_ground,
        imported_in=batch, import_fingerprint=row.fingerprint,
    )  # fmt: skip


def _publication(row: DecisionRow) -> str:
    """Withheld where the register withheld the value (£0.00 recorded: it is not known)."""
    published = Decision.ValuePublication
    return published.WITHHELD if row.withheld else published.EXACT


def _kind(row: DecisionRow) -> str:
    return Decision.Kind.GRANT if row.agreements else Decision.Kind.OTHER


def _document(row: DecisionRow, decision: Decision, source) -> DecisionDocument:
    """The signed PDF exactly as given, stored once with its SHA-256; never re-rendered."""
    with source.open_pdf(row.pdf) as handle:
        data = handle.read()
    slug = f"{row.reference.series.lower()}-{row.reference.number}"
    name = default_storage.save(
        f"decisions/{row.signed_on.year}/{slug}-public.pdf", ContentFile(data)
    )
    return DecisionDocument(
        decision=decision, variant=DecisionDocument.Variant.PUBLIC, file=name,
        sha256=hashlib.sha256(data).hexdigest(), certificate_fingerprint="",
        template_version=TEMPLATE_VERSION,
    )  # fmt: skip


def _agreement_ids(references: list[str]) -> dict[str, int]:
    return dict(
        GrantAgreement.objects.filter(reference__in=set(references)).values_list("reference", "pk")
    )


def _links_add(links: list[tuple[Reference, str, Reference]], *, user, reason: str) -> None:
    """Links go in last: a link may point to a decision later in the file."""
    if not links:
        return
    references = {source for source, _k, _t in links} | {target for _s, _k, target in links}
    series = {reference.series for reference in references}
    numbers = {reference.number for reference in references}
    found = Decision.objects.filter(series__code__in=series, number__in=numbers)
    ids = {
        Reference(code, number): pk
        for pk, code, number in found.values_list("pk", "series__code", "number")
    }
    objs = [
        DecisionLink(source_id=ids[source], target_id=ids[target], kind=kind)
        for source, kind, target in links
    ]
    for start in range(0, len(objs), BATCH):
        bulk_insert_with_history(objs[start : start + BATCH], user=user, reason=reason)


def _reservations_use(references: set[Reference], *, user) -> None:
    """A number reserved for a decision the file brings in is now used by it."""
    numbers = {reference.number for reference in references}
    reserved = NumberReservation.objects.filter(number__in=numbers, used_by__isnull=True)
    for reservation in reserved.select_related("series"):
        reference = Reference(reservation.series.code, reservation.number)
        if reference in references:
            reservation.used_by = Decision.objects.get(
                series=reservation.series, number=reservation.number
            )
            stamp(reservation, user=user, reason="Used by an imported record")
            reservation.save(update_fields=["used_by", "updated_at"])


def _agreements_approve(batch: DecisionImport, *, user) -> None:
    """Proposed agreements an imported decision approves are approved, as signing does."""
    approved = ApprovedAgreement.objects.filter(decision__imported_in=batch)
    proposed = GrantAgreement.objects.select_for_update().filter(
        pk__in=approved.values("agreement_id"), status=GrantAgreement.Status.PROPOSED
    )
    for agreement in proposed:
        agreement.status = GrantAgreement.Status.APPROVED
        stamp(agreement, user=user, reason="Approved by an imported record")
        agreement.save(update_fields=["status", "updated_at"])
