"""Writes of the audit package: access events and bulk exports."""

from __future__ import annotations

from django.db import transaction
from django.http import HttpRequest

from alpha_hub.audit.models import AccessEvent, BulkExport


def access_event_record(
    *, kind: str, request: HttpRequest | None, user=None, username: str = "", subject: str = ""
) -> AccessEvent:
    """Append one line to the access log, with where the request came from."""
    meta = request.META if request is not None else {}
    if user is not None and not user.is_authenticated:
        user = None
    return AccessEvent.objects.create(
        kind=kind,
        user=user,
        username=(username or (user.get_username() if user else ""))[:150],
        subject=subject[:200],
        path=(request.path if request is not None else "")[:500],
        ip_address=meta.get("REMOTE_ADDR") or None,
        user_agent=meta.get("HTTP_USER_AGENT", "")[:500],
    )


def bulk_export_request(*, user, series=None, signed_from=None, signed_to=None) -> BulkExport:
    """Queue an export of signed PDFs; the task starts after the commit."""
    from alpha_hub.audit.tasks import bulk_export_run

    export = BulkExport.objects.create(
        requested_by=user, series=series, signed_from=signed_from, signed_to=signed_to
    )
    transaction.on_commit(lambda: bulk_export_run.enqueue(export_id=export.pk))
    return export
