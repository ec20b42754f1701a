"""Uploaded files: the type is read from the content, never trusted from the name.

Shared by claim evidence (claims.files) and a decision's supporting papers
(decisions.services.papers). Each caller says which types it keeps and how large they may be.
"""

from __future__ import annotations

import hashlib
import io
import zipfile
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import PurePath

PDF = "application/pdf"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
CSV = "text/csv"
PNG = "image/png"
JPEG = "image/jpeg"

SUFFIXES = {
    PDF: {".pdf"},
    XLSX: {".xlsx"},
    DOCX: {".docx"},
    CSV: {".csv"},
    PNG: {".png"},
    JPEG: {".jpg", ".jpeg"},
}
NAME_MAX = 80


class FileRefusedError(ValueError):
    """The file is not one the caller may keep; the message says why in plain words."""


@dataclass(frozen=True)
class CheckedFile:
    file_name: str
    content_type: str
    data: bytes
    sha256: str

    @property
    def size(self) -> int:
        return len(self.data)


def clean_file_name(name: str) -> str:
    """The file's own name without any folder, at most 80 characters."""
    return PurePath(str(name).replace("\\", "/")).name.strip()[:NAME_MAX] or "upload"


def _office_kind(data: bytes) -> str | None:
    """XLSX or DOCX when the ZIP holds an Office Open XML workbook or document, else None."""
    try:
        names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
    except (zipfile.BadZipFile, ValueError, EOFError):
        return None
    if "[Content_Types].xml" not in names:
        return None
    if any(name.startswith("xl/") for name in names):
        return XLSX
    if "word/document.xml" in names:
        return DOCX
    return None


def sniff(data: bytes) -> str | None:
    """The content type the bytes themselves show, or None when no known type fits."""
    if data.startswith(b"%PDF-"):
        return PDF
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if data.startswith(b"\xff\xd8\xff"):
        return JPEG
    if data.startswith(b"PK\x03\x04"):
        return _office_kind(data)
    if b"\x00" in data:
        return None
    try:
        data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None
    return CSV


def megabytes(limit: int) -> str:
    return f"{limit // (1024 * 1024)} MB"


def check_upload(upload, *, allowed: Collection[str], limit: int, described: str) -> CheckedFile:
    """Read an uploaded file, refusing it when it is empty, larger than `limit` bytes, or not
    of an `allowed` type (`described` names them for the person: "a PDF or ...")."""
    name = clean_file_name(getattr(upload, "name", "upload"))
    if upload.size is not None and upload.size > limit:
        raise FileRefusedError(f"{name} is larger than {megabytes(limit)}")
    data = upload.read(limit + 1)
    if len(data) > limit:
        raise FileRefusedError(f"{name} is larger than {megabytes(limit)}")
    if not data:
        raise FileRefusedError(f"{name} is empty")
    kind = sniff(data)
    suffix = PurePath(name).suffix.lower()
    if kind not in allowed or suffix not in SUFFIXES[kind]:
        raise FileRefusedError(f"{name} must be {described}; its content does not match its name")
    return CheckedFile(name, kind, data, hashlib.sha256(data).hexdigest())
