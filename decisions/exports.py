"""The bulk export: signed PDFs and a manifest.csv, streamed into a ZIP on disk.

Beside the decisions, the grants' money after them (issue 11): every claim line, payment and
move of a claim (its history: who did what, when) as CSVs under `claims/`, and every claim's
evidence and every monitoring report file under `claims/evidence/` and `claims/reports/`, each
in the manifest with the SHA-256 recorded when it was uploaded (an auditor can check the file
against it). The claims part is the whole register whatever series or dates the export asks
for: claims belong to agreements, not to one decision's series or date.
"""

from __future__ import annotations

import hashlib
import shutil
import tempfile
import zipfile
from collections.abc import Iterator
from pathlib import Path

from django.core.files import File
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.text import get_valid_filename

from alpha_hub.spreadsheets import csv_lines
from alpha_hub.storage import stored_file_open
from claims import exports as claim_exports
from claims.models import Claim, ClaimEvidence, MonitoringReport
from decisions.models import BulkExport, Decision, DecisionDocument, SupportingPaper

MANIFEST_HEADER = [
    "reference", "title", "variant", "date signed", "signer", "file", "sha256",
]  # fmt: skip
PROGRESS_EVERY = 25
EVIDENCE = "claim evidence"
REPORT = "monitoring report"
REGISTER = "claims register"
HISTORY_COLUMNS = [
    "Agreement", "Period", "Status", "Reason", "Changed at", "Changed by", "Change",
    "Change reason", "Prepared by", "Checked by", "Approved by",
]  # fmt: skip
HISTORY_CHANGE = {"+": "Created", "~": "Changed", "-": "Deleted"}


def export_documents(export: BulkExport) -> QuerySet:
    """The signed public documents an export covers, oldest signed first."""

    documents = DecisionDocument.objects.filter(
        variant=DecisionDocument.Variant.PUBLIC, decision__status__in=Decision.SIGNED_STATUSES
    )
    if export.series_id:
        documents = documents.filter(decision__series_id=export.series_id)
    if export.signed_from:
        documents = documents.filter(decision__signed_at__date__gte=export.signed_from)
    if export.signed_to:
        documents = documents.filter(decision__signed_at__date__lte=export.signed_to)
    return documents.select_related("decision__series").order_by("decision__signed_at", "pk")


def export_evidence() -> QuerySet[ClaimEvidence]:
    """Every claim's evidence, by agreement and period."""
    return ClaimEvidence.objects.select_related("claim__agreement", "claim__period").order_by(
        "claim__agreement__reference", "claim__period__number", "created_at", "pk"
    )


def export_reports() -> QuerySet[MonitoringReport]:
    """Every monitoring report's file, by agreement and due date."""
    return MonitoringReport.objects.select_related("requirement__agreement").order_by(
        "requirement__agreement__reference", "requirement__due_on", "created_at", "pk"
    )


def export_papers(documents: QuerySet) -> QuerySet[SupportingPaper]:
    """The Part 1 supporting papers of the exported decisions. Part 2 papers stay out, as the
    full PDFs do (docs/adr/0064)."""
    return (
        SupportingPaper.objects.part1()
        .filter(decision_id__in=documents.values("decision_id"))
        .select_related("decision__series")
        .order_by("decision__signed_at", "decision_id", "kind", "created_at", "pk")
    )


def export_build(export: BulkExport) -> None:
    """Write the ZIP a file at a time (memory stays flat), then store it on the export."""
    documents, evidence, reports = export_documents(export), export_evidence(), export_reports()
    papers = export_papers(documents)
    total = documents.count() + papers.count() + evidence.count() + reports.count()
    _progress(export, total=total, done=0, status=BulkExport.Status.RUNNING)
    with tempfile.TemporaryDirectory(prefix="alpha-hub-export-") as folder:
        path = Path(folder) / f"signed-decisions-{export.pk}.zip"
        manifest = Path(folder) / "manifest.csv"
        with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_STORED, allowZip64=True) as archive:
            files = (
                _named(documents), _named_papers(papers), _named_evidence(evidence),
                _named_reports(reports),
            )  # fmt: skip
            rows = _copy_files(export, archive, files)
            rows = _chain(rows, _write_registers(archive, Path(folder)))
            with manifest.open("w", encoding="utf-8", newline="") as sheet:
                sheet.writelines(csv_lines(MANIFEST_HEADER, rows, bom=False))
            archive.write(manifest, "manifest.csv")
        _store(export, path)


def _chain(*parts: Iterator[list]) -> Iterator[list]:
    for part in parts:
        yield from part


def _store(export: BulkExport, path: Path) -> None:
    # The ZIP and the row that names it in one transaction: should the row not save, the
    # storage deletes the ZIP again rather than keep a file no export names (alpha_hub/storage).
    with transaction.atomic(), path.open("rb") as built:
        export.file.save(path.name, File(built), save=False)
        export.status = BulkExport.Status.DONE
        export.finished_at = timezone.now()
        export.save(update_fields=["file", "status", "finished_at"])


def _copy_files(export: BulkExport, archive: zipfile.ZipFile, parts) -> Iterator[list]:
    """Copy each file into the ZIP in 1 MB chunks as the manifest asks for its row (the
    manifest grows on disk beside it), reporting progress."""
    done = 0
    for name, stored, row in _chain(*parts):
        with stored_file_open(stored.file) as source, archive.open(name, "w") as target:
            shutil.copyfileobj(source, target, 1024 * 1024)
        yield row
        done += 1
        if done % PROGRESS_EVERY == 0 and done <= export.total:
            _progress(export, done=done)
    # Files added while the export ran may be in it too: the final count is what it holds.
    _progress(export, total=done, done=done)


def _named(documents) -> Iterator[tuple[str, object, list]]:
    for document in documents.iterator(chunk_size=200):
        name = f"pdf/{document.decision.slug}-signed.pdf"
        yield name, document, _manifest_row(name, document)


def _manifest_row(name: str, document) -> list:
    decision = document.decision
    signed = timezone.localtime(decision.signed_at).date().isoformat() if decision.signed_at else ""
    return [
        decision.reference, decision.title, document.variant, signed,
        decision.signed_by_name, name, document.sha256,
    ]  # fmt: skip


def _named_papers(papers) -> Iterator[tuple[str, object, list]]:
    """Each paper under papers/<decision>/, its row naming its title, kind and SHA-256."""
    for paper in papers.iterator(chunk_size=200):
        decision = paper.decision
        name = f"papers/{decision.slug}/{_file_name(paper)}"
        signed = timezone.localtime(decision.signed_at).date().isoformat()
        row = [decision.reference, paper.title, paper.kind, signed, decision.signed_by_name]
        yield name, paper, [*row, name, paper.sha256]


def _file_name(stored) -> str:
    """`<id>-<the uploaded name>`: unique in the ZIP, and never a path out of its folder."""
    return f"{stored.pk}-{get_valid_filename(stored.file_name) or 'file'}"


def _named_evidence(evidence) -> Iterator[tuple[str, object, list]]:
    for item in evidence.iterator(chunk_size=200):
        claim = item.claim
        name = f"claims/evidence/{claim.agreement.reference}/{_file_name(item)}"
        reference = f"{claim.agreement.reference} claim {claim.period.number}"
        yield name, item, [reference, item.file_name, EVIDENCE, "", "", name, item.sha256]


def _named_reports(reports) -> Iterator[tuple[str, object, list]]:
    for report in reports.iterator(chunk_size=200):
        agreement = report.requirement.agreement
        name = f"claims/reports/{agreement.reference}/{_file_name(report)}"
        reference = f"{agreement.reference} {report.requirement.title}"
        yield name, report, [reference, report.file_name, REPORT, "", "", name, report.sha256]


def _name(user) -> str:
    return user.display_name if user else ""


def claim_history_rows() -> Iterator[list]:
    """Every recorded state of every claim, oldest first within each (one query)."""
    history = Claim.history.model.objects.select_related(
        "agreement", "period", "history_user", "prepared_by", "checked_by", "approved_by"
    ).order_by("agreement__reference", "period__number", "history_date", "history_id")
    for row in history.iterator(chunk_size=2000):
        yield [
            row.agreement.reference, row.period.number, row.get_status_display(),
            row.status_reason, timezone.localtime(row.history_date).isoformat(),
            _name(row.history_user), HISTORY_CHANGE.get(row.history_type, row.history_type),
            row.history_change_reason or "", _name(row.prepared_by), _name(row.checked_by),
            _name(row.approved_by),
        ]  # fmt: skip


REGISTERS = [
    ("claims/claims.csv", "Claims: every line of every claim", claim_exports.CLAIM_COLUMNS,
     claim_exports.claim_rows),
    ("claims/payments.csv", "Payments", claim_exports.PAYMENT_COLUMNS, claim_exports.payment_rows),
    ("claims/claim-history.csv", "Claims' history: who moved each claim, when",
     HISTORY_COLUMNS, claim_history_rows),
]  # fmt: skip


def _write_registers(archive: zipfile.ZipFile, folder: Path) -> Iterator[list]:
    """The claims, payments and claims' history CSVs, each written to disk, hashed and added."""
    for name, title, columns, rows in REGISTERS:
        path = folder / Path(name).name
        digest = hashlib.sha256()
        with path.open("w", encoding="utf-8", newline="") as sheet:
            for line in csv_lines(columns, rows()):
                sheet.write(line)
                digest.update(line.encode("utf-8"))
        archive.write(path, name)
        yield ["", title, REGISTER, "", "", name, digest.hexdigest()]


def _progress(export: BulkExport, **fields) -> None:
    # Progress is operational state, not a record of a decision: BulkExport has no history.
    BulkExport.objects.filter(pk=export.pk).update(**fields)
    for name, value in fields.items():
        setattr(export, name, value)
