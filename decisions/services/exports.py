"""Writes of the bulk export: asking for one."""

from __future__ import annotations

from django.db import transaction

from decisions.models import BulkExport
from decisions.tasks import bulk_export_run


def bulk_export_request(*, user, series=None, signed_from=None, signed_to=None) -> BulkExport:
    """Queue an export of signed PDFs (with every claim, payment and their files, issue 11);
    the task starts after the commit."""
    export = BulkExport.objects.create(
        requested_by=user, series=series, signed_from=signed_from, signed_to=signed_to
    )
    transaction.on_commit(lambda: bulk_export_run.enqueue(export_id=export.pk))
    return export
