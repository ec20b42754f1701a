"""Background work of the decisions app, through the django_tasks API."""

import logging

from django.contrib.auth import get_user_model
from django_tasks import task

from decisions.documents import decision_documents_issue
from decisions.exports import export_build
from decisions.models import BulkExport, Decision

logger = logging.getLogger(__name__)


@task()
def decision_documents_issue_task(decision_id: int, user_id: int) -> None:
    """Issue the signed PDFs of a just-signed decision (idempotent: a retry issues no copy)."""
    decision = Decision.objects.get(pk=decision_id)
    user = get_user_model().objects.get(pk=user_id)
    decision_documents_issue(decision=decision, user=user)


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
