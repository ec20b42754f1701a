"""Background work of the auditor's workspace, through the django_tasks API."""

import logging

from django_tasks import task

from alpha_hub.audit.exports import export_build
from alpha_hub.audit.models import BulkExport

logger = logging.getLogger(__name__)


@task()
def bulk_export_run(export_id: int) -> None:
    """Build export `export_id`; a failure is recorded on the export, never lost."""
    export = BulkExport.objects.get(pk=export_id)
    try:
        export_build(export)
    except Exception:
        logger.exception("Bulk export %s failed", export_id)
        BulkExport.objects.filter(pk=export_id).update(
            status=BulkExport.Status.FAILED, error="The export failed; ask an administrator."
        )
        raise
