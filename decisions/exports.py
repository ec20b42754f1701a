"""The bulk export: signed PDFs and a manifest.csv, streamed into a ZIP on disk."""

from __future__ import annotations

import itertools
import shutil
import tempfile
import zipfile
from collections.abc import Iterator
from pathlib import Path

from django.core.files import File
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from alpha_hub.spreadsheets import csv_lines
from alpha_hub.storage import stored_file_open
from decisions.models import BulkExport, Decision, DecisionDocument, SupportingPaper

MANIFEST_HEADER = [
    "reference", "title", "variant", "date signed", "signer", "file", "sha256",
]  # fmt: skip
PROGRESS_EVERY = 25


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


def export_build(export: BulkExport) -> None:
    """Write the ZIP a file at a time (memory stays flat), then store it on the export."""
    documents = export_documents(export)
    _progress(export, total=documents.count(), done=0, status=BulkExport.Status.RUNNING)
    with tempfile.TemporaryDirectory(prefix="alpha-hub-export-") as folder:
        path = Path(folder) / f"signed-decisions-{export.pk}.zip"
        manifest = Path(folder) / "manifest.csv"
        with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_STORED, allowZip64=True) as archive:
            _write_documents(export, archive, documents, manifest)
            archive.write(manifest, "manifest.csv")
        _store(export, path)


def _store(export: BulkExport, path: Path) -> None:
    # The ZIP and the row that names it in one transaction: should the row not save, the
    # storage deletes the ZIP again rather than keep a file no export names (alpha_hub/storage).
    with transaction.atomic(), path.open("rb") as built:
        export.file.save(path.name, File(built), save=False)
        export.status = BulkExport.Status.DONE
        export.finished_at = timezone.now()
        export.save(update_fields=["file", "status", "finished_at"])


def _write_documents(export: BulkExport, archive: zipfile.ZipFile, documents, manifest: Path):
    """Each PDF is copied into the ZIP in 1 MB chunks; the manifest grows on disk beside it."""
    rows = itertools.chain(
        _copy_documents(export, archive, documents), _copy_papers(archive, documents)
    )
    with manifest.open("w", encoding="utf-8", newline="") as sheet:
        sheet.writelines(csv_lines(MANIFEST_HEADER, rows, bom=False))


def _copy_documents(export: BulkExport, archive: zipfile.ZipFile, documents) -> Iterator[list]:
    """Copy each PDF into the ZIP as the manifest asks for its row, reporting progress."""
    done = 0
    for name, document in _named(documents):
        with stored_file_open(document.file) as source, archive.open(name, "w") as target:
            shutil.copyfileobj(source, target, 1024 * 1024)
        yield _manifest_row(name, document)
        done += 1
        if done % PROGRESS_EVERY == 0 and done <= export.total:
            _progress(export, done=done)
    # Documents issued while the export ran may be in it too: the final count is what it holds.
    _progress(export, total=done, done=done)


def _named(documents) -> Iterator[tuple[str, object]]:
    for document in documents.iterator(chunk_size=200):
        yield f"pdf/{document.decision.slug}-signed.pdf", document


def _manifest_row(name: str, document) -> list:
    decision = document.decision
    signed = timezone.localtime(decision.signed_at).date().isoformat() if decision.signed_at else ""
    return [
        decision.reference, decision.title, document.variant, signed,
        decision.signed_by_name, name, document.sha256,
    ]  # fmt: skip


def _copy_papers(archive: zipfile.ZipFile, documents) -> Iterator[list]:
    """Copy the Part 1 supporting papers of the exported decisions into papers/, a manifest row
    each (the paper's title, its kind as the variant, its SHA-256). Part 2 papers stay out, as
    the full PDFs do (docs/adr/0064)."""
    papers = (
        SupportingPaper.objects.part1()
        .filter(decision_id__in=documents.values("decision_id"))
        .select_related("decision__series")
        .order_by("decision__signed_at", "decision_id", "kind", "created_at", "pk")
    )
    for paper in papers.iterator(chunk_size=200):
        decision = paper.decision
        name = f"papers/{decision.slug}/{paper.pk}-{paper.file_name}"
        with stored_file_open(paper.file) as source, archive.open(name, "w") as target:
            shutil.copyfileobj(source, target, 1024 * 1024)
        signed = timezone.localtime(decision.signed_at).date().isoformat()
        yield [
            decision.reference, paper.title, paper.kind, signed, decision.signed_by_name, name,
            paper.sha256,
        ]  # fmt: skip


def _progress(export: BulkExport, **fields) -> None:
    # Progress is operational state, not a record of a decision: BulkExport has no history.
    BulkExport.objects.filter(pk=export.pk).update(**fields)
    for name, value in fields.items():
        setattr(export, name, value)
