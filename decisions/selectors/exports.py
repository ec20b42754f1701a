"""Reads of the bulk exports."""

from __future__ import annotations

from django.db.models import QuerySet

from decisions.models import BulkExport


def bulk_exports_for(user) -> QuerySet[BulkExport]:
    """Exports the user asked for, newest first."""
    return BulkExport.objects.filter(requested_by=user).select_related("series")
