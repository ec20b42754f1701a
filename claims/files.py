"""Evidence and report files: the type is read from the content (alpha_hub.files)."""

from __future__ import annotations

from django.conf import settings

from alpha_hub.files import CheckedFile, FileRefusedError
from alpha_hub.files import check_upload as _check_upload
from claims.models import EvidenceKind

ALLOWED = "a PDF, an Excel workbook (.xlsx), a CSV file, or a PNG or JPEG image"

__all__ = ["ALLOWED", "CheckedFile", "FileRefusedError", "check_upload"]


def max_bytes() -> int:
    return settings.CLAIM_EVIDENCE_MAX_BYTES


def check_upload(upload) -> CheckedFile:
    """Read an uploaded file, refusing it when it is empty, too large or of a type not allowed."""
    return _check_upload(upload, allowed=EvidenceKind.values, limit=max_bytes(), described=ALLOWED)
