"""Evidence and report files: the type is read from the content, never trusted from the name."""

from __future__ import annotations

import hashlib
import io
import zipfile
from dataclasses import dataclass
from pathlib import PurePath

from django.conf import settings

from claims.models import EvidenceKind

ALLOWED = "a PDF, an Excel workbook (.xlsx), a CSV file, or a PNG or JPEG image"
SUFFIXES = {
    EvidenceKind.PDF: {".pdf"},
    EvidenceKind.XLSX: {".xlsx"},
    EvidenceKind.CSV: {".csv"},
    EvidenceKind.PNG: {".png"},
    EvidenceKind.JPEG: {".jpg", ".jpeg"},
}


class FileRefusedError(ValueError):
    """The file is not one the claim may keep; the message says why in plain words."""


@dataclass(frozen=True)
class CheckedFile:
    file_name: str
    content_type: str
    data: bytes
    sha256: str

    @property
    def size(self) -> int:
        return len(self.data)


def max_bytes() -> int:
    return settings.CLAIM_EVIDENCE_MAX_BYTES


def clean_file_name(name: str) -> str:
    """The file's own name without any folder, at most 80 characters."""
    return PurePath(str(name).replace("\\", "/")).name.strip()[:80] or "upload"


def sniff(data: bytes) -> str | None:
    """The content type the bytes themselves show, or None when none allowed fits."""
    if data.startswith(b"%PDF-"):
        return EvidenceKind.PDF
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return EvidenceKind.PNG
    if data.startswith(b"\xff\xd8\xff"):
        return EvidenceKind.JPEG
    if data.startswith(b"PK\x03\x04"):
        try:
            names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
        except (zipfile.BadZipFile, ValueError, EOFError):
            return None
        if "[Content_Types].xml" in names and any(n.startswith("xl/") for n in names):
            return EvidenceKind.XLSX
        return None
    if b"\x00" in data:
        return None
    try:
        data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None
    return EvidenceKind.CSV


def check_upload(upload) -> CheckedFile:
    """Read an uploaded file, refusing it when it is empty, too large or of a type not allowed."""
    limit = max_bytes()
    name = clean_file_name(getattr(upload, "name", "upload"))
    if upload.size is not None and upload.size > limit:
        raise FileRefusedError(f"{name} is larger than {limit // (1024 * 1024)} MB")
    data = upload.read(limit + 1)
    if len(data) > limit:
        raise FileRefusedError(f"{name} is larger than {limit // (1024 * 1024)} MB")
    if not data:
        raise FileRefusedError(f"{name} is empty")
    kind = sniff(data)
    suffix = PurePath(name).suffix.lower()
    if kind is None or suffix not in SUFFIXES[kind]:
        raise FileRefusedError(f"{name} must be {ALLOWED}; its content does not match its name")
    return CheckedFile(name, kind, data, hashlib.sha256(data).hexdigest())
