"""Where an import's records and PDFs come from: a ZIP file, or a folder, holding
`decisions.jsonl` and the PDFs it names (docs/import.md).

The manifest is read a line at a time and each PDF only when it is hashed or stored, so an import
of 2,000 decisions holds no more in memory than one of 200. A line too long to be a record is
skipped without being held (a 10 MB field is refused, not read into memory).
"""

from __future__ import annotations

import hashlib
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import BinaryIO

MANIFEST = "decisions.jsonl"
LINE_MAX = 2_000_000  # characters in one record (one line of the manifest)
PDF_MAX = 50 * 1024 * 1024  # bytes in one PDF
MANIFEST_MAX = 2 * 1024 * 1024 * 1024  # bytes of decisions.jsonl
ENTRIES_MAX = 100_000  # files in one ZIP
CHUNK = 64 * 1024


class SourceError(Exception):
    """The file as a whole cannot be read: nothing in it is imported."""


@dataclass(frozen=True)
class Line:
    number: int
    text: str | None  # None: longer than LINE_MAX, not read


class ImportSource:
    """A ZIP or a folder with decisions.jsonl at its top and the PDFs it names."""

    def __init__(self, path: Path | str | None = None, *, fileobj=None, name: str = ""):
        """From a folder or a ZIP file at `path`, or a ZIP in `fileobj` (an upload)."""
        self.path = Path(path) if path is not None else None
        self._file = fileobj
        self.name = name or (self.path.name if self.path else "upload.zip")
        if self.path is not None and self.path.is_dir():
            self._zip = None
            if not (self.path / MANIFEST).is_file():
                raise SourceError(f"The folder has no {MANIFEST} at its top.")
        else:
            self._zip = _open_zip(fileobj if fileobj is not None else self.path)

    def close(self) -> None:
        if self._zip is not None:
            self._zip.close()

    def __enter__(self) -> ImportSource:
        return self

    def __exit__(self, *_exc_info) -> None:
        self.close()

    def sha256(self) -> str:
        """The SHA-256 of the file imported: the ZIP, or the folder's manifest."""
        digest = hashlib.sha256()
        if self._file is not None:
            self._file.seek(0)
            while chunk := self._file.read(CHUNK):
                digest.update(chunk)
            return digest.hexdigest()
        path = self.path if self._zip is not None else self.path / MANIFEST
        with path.open("rb") as handle:
            while chunk := handle.read(CHUNK):
                digest.update(chunk)
        return digest.hexdigest()

    def lines(self) -> Iterator[Line]:
        """The manifest's lines, numbered from 1; blank lines are skipped."""
        with self._open(MANIFEST, MANIFEST_MAX) as raw:
            text = io.TextIOWrapper(raw, encoding="utf-8", errors="strict", newline="")
            number = 0
            while True:
                try:
                    line = text.readline(LINE_MAX + 1)
                except UnicodeDecodeError as error:
                    raise SourceError(
                        f"{MANIFEST} is not UTF-8 text (line {number + 1})."
                    ) from error
                if not line:
                    return
                number += 1
                if len(line) > LINE_MAX and not line.endswith("\n"):
                    _skip_rest_of_line(text)
                    yield Line(number, None)
                elif line.strip():
                    yield Line(number, line)

    def pdf_problem(self, name: str) -> str:
        """Why `name` cannot be the signed PDF of a decision; empty when it can."""
        member = _member(name)
        if member is None:
            return f"the PDF “{name[:100]}” is not a plain relative path in the file"
        size = self._size(member)
        if size is None:
            return f"the PDF “{member}” is not in the file"
        if size > PDF_MAX:
            return f"the PDF “{member}” is larger than {PDF_MAX // (1024 * 1024)} MB"
        with self._open(member, PDF_MAX) as handle:
            head = handle.read(1024)
        if not head.startswith(b"%PDF-"):
            return f"“{member}” is not a PDF (it does not start with %PDF-)"
        return ""

    def pdf_sha256(self, name: str) -> str:
        digest = hashlib.sha256()
        with self.open_pdf(name) as handle:
            while chunk := handle.read(CHUNK):
                digest.update(chunk)
        return digest.hexdigest()

    def open_pdf(self, name: str) -> BinaryIO:
        return self._open(_member(name), PDF_MAX)

    def _size(self, member: str) -> int | None:
        if self._zip is not None:
            try:
                return self._zip.getinfo(member).file_size
            except KeyError:
                return None
        path = self.path / member
        return path.stat().st_size if path.is_file() else None

    def _open(self, member: str, limit: int) -> BinaryIO:
        if self._zip is not None:
            try:
                return io.BufferedReader(_Limited(self._zip.open(member), limit), CHUNK)
            except KeyError as missing:
                raise SourceError(f"The file has no {member}.") from missing
        path = (self.path / member).resolve()
        if not path.is_relative_to(self.path.resolve()):
            raise SourceError(f"{member} is outside the folder.")
        return path.open("rb")


def _open_zip(file) -> zipfile.ZipFile:
    try:
        archive = zipfile.ZipFile(file)
    except (zipfile.BadZipFile, OSError) as error:
        raise SourceError("The file is neither a ZIP file nor a folder.") from error
    names = archive.namelist()
    if len(names) > ENTRIES_MAX:
        archive.close()
        raise SourceError(f"The ZIP file holds more than {ENTRIES_MAX:,} files.")
    if MANIFEST not in names:
        archive.close()
        raise SourceError(f"The ZIP file has no {MANIFEST} at its top.")
    return archive


def _member(name: str) -> str | None:
    """`name` as a path inside the file, or None if it could reach outside it."""
    if not isinstance(name, str) or not name or "\\" in name or "\x00" in name:
        return None
    path = PurePosixPath(name)
    if path.is_absolute() or ".." in path.parts or name != path.as_posix():
        return None
    return name


def _skip_rest_of_line(text: io.TextIOWrapper) -> None:
    while chunk := text.readline(LINE_MAX):
        if chunk.endswith("\n"):
            return


class _Limited(io.RawIOBase):
    """A ZIP member read no further than `limit` bytes, whatever its header claims."""

    def __init__(self, raw: BinaryIO, limit: int):
        self._raw, self._left = raw, limit

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        if self._left <= 0:
            return 0
        data = self._raw.read(min(len(buffer), self._left))
        self._left -= len(data)
        buffer[: len(data)] = data
        return len(data)

    def close(self) -> None:
        self._raw.close()
        super().close()
