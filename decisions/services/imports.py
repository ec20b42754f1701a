"""Historic import and number reservations (docs/import.md): the register's past brought in
whole or not at all, and numbers held back for decisions that will have them."""

from __future__ import annotations

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from alpha_hub.history import stamp
from decisions import permissions
from decisions.historic_import.apply import apply
from decisions.historic_import.check import Report, check
from decisions.historic_import.source import ImportSource, SourceError
from decisions.models import Decision, DecisionImport, DecisionSeries, NumberReservation
from decisions.services._base import DecisionRefusedError

RESERVATION_REASON_MAX = 500
NUMBER_MAX = 999_999_999


class ImportRefusedError(DecisionRefusedError):
    """The file has records the import refuses: nothing in it is applied; `report` says why."""

    def __init__(self, report: Report):
        self.report = report
        super().__init__(
            f"{report.refused:,} record(s) of {report.file_name} cannot be imported, so nothing "
            "was imported: correct them and import the file again."
        )


def _refuse_unless_allowed(user) -> None:
    if not permissions.can_import_decisions(user):
        raise DecisionRefusedError("Only an administrator or a governance officer can import.")


def _source(*, path=None, fileobj=None, name: str = "") -> ImportSource:
    try:
        return ImportSource(path, fileobj=fileobj, name=name)
    except SourceError as error:
        raise DecisionRefusedError(str(error)) from error


def decision_import_check(*, user, path=None, fileobj=None, name: str = "") -> Report:
    """Check a file without writing anything: what it would add, and what it refuses."""
    _refuse_unless_allowed(user)
    with _source(path=path, fileobj=fileobj, name=name) as source:
        try:
            return check(source)[0]
        except SourceError as error:
            raise DecisionRefusedError(str(error)) from error


@transaction.atomic
def decision_import_upload(*, user, upload: UploadedFile) -> DecisionImport:
    """Keep an uploaded ZIP for applying later, with the report of its check (the preview)."""
    _refuse_unless_allowed(user)
    report = decision_import_check(user=user, fileobj=upload, name=upload.name)
    upload.seek(0)
    batch = DecisionImport(
        file_name=upload.name[:255], sha256=report.sha256, uploaded_by=user,
        report=report.as_dict(),
    )  # fmt: skip
    batch.file.save(f"{report.sha256[:16]}.zip", upload, save=False)
    stamp(batch, user=user, reason=f"Checked {upload.name}"[:100])
    batch.save()
    return batch


@transaction.atomic
def decision_import_apply(
    *, user, path=None, batch: DecisionImport | None = None
) -> tuple[Report, DecisionImport | None]:
    """Check the file again and, if nothing in it is refused, import all of it, in one
    transaction; a file already imported changes nothing. Refused: ImportRefusedError."""
    _refuse_unless_allowed(user)
    if batch is not None:
        batch = DecisionImport.objects.select_for_update().get(pk=batch.pk)
        if batch.status == DecisionImport.Status.APPLIED:
            raise DecisionRefusedError(f"{batch.file_name} has already been imported.")
    # New drafts wait for the import: it may take numbers they would otherwise be given.
    list(DecisionSeries.objects.select_for_update())
    fileobj = batch.file.open("rb") if batch is not None else None
    name = batch.file_name if batch is not None else ""
    with _source(path=path, fileobj=fileobj, name=name) as source:
        try:
            report, plan = check(source)
        except SourceError as error:
            raise DecisionRefusedError(str(error)) from error
        if not report.ok:
            raise ImportRefusedError(report)
        if batch is None and not (plan.new or plan.holders):
            return report, None  # the same file again: nothing to do, nothing written
        batch = _batch_applied(batch, report, user=user)
        apply(source, plan, batch=batch, user=user)
    return report, batch


def _batch_applied(batch: DecisionImport | None, report: Report, *, user) -> DecisionImport:
    batch = batch or DecisionImport(
        file_name=report.file_name[:255], sha256=report.sha256, uploaded_by=user
    )
    batch.status = DecisionImport.Status.APPLIED
    batch.applied_by, batch.applied_at = user, timezone.now()
    batch.report = report.as_dict()
    stamp(batch, user=user, reason=f"Imported {report.file_name}"[:100])
    batch.save()
    return batch


@transaction.atomic
def number_reserve(*, user, series: DecisionSeries, number: int, reason: str) -> NumberReservation:
    """Hold `number` of `series` back: new drafts number past it (the highest in use + 1)."""
    if not permissions.can_reserve_number(user):
        raise DecisionRefusedError("Only an administrator or a governance officer can reserve.")
    reason = (reason or "").strip()
    if not reason or len(reason) > RESERVATION_REASON_MAX:
        raise DecisionRefusedError(
            f"Say why the number is reserved, in {RESERVATION_REASON_MAX} characters or fewer."
        )
    if not 0 < number <= NUMBER_MAX:
        raise DecisionRefusedError(f"A decision number is from 1 to {NUMBER_MAX:,}.")
    series = DecisionSeries.objects.select_for_update().get(pk=series.pk)
    if Decision.objects.filter(series=series, number=number).exists():
        raise DecisionRefusedError(f"{series.code} {number} is already in the register.")
    held = NumberReservation.objects.filter(series=series, number=number).first()
    if held is not None:
        raise DecisionRefusedError(f"{series.code} {number} is already reserved ({held.reason}).")
    reservation = NumberReservation(series=series, number=number, reason=reason, reserved_by=user)
    stamp(reservation, user=user, reason=f"Reserved: {reason}"[:100])
    reservation.save()
    return reservation
