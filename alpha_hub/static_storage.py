"""Static files for production: WhiteNoise's hashed and compressed files, compressed only once.

`make serve` collects the static files each time it starts, so that no host serves a page whose
CSS is missing from the manifest. WhiteNoise compresses every file again on every run (Brotli at
its highest level: some fifteen seconds of CPU for the GOV.UK and admin assets), though almost
none has changed. A file whose .gz sibling already holds its exact bytes was compressed by an
earlier run, and its .br beside it by the same run: it is left as it is.
"""

from __future__ import annotations

import gzip
from collections.abc import Iterable, Iterator
from pathlib import Path

from whitenoise.storage import CompressedManifestStaticFilesStorage


def _compressed_already(path: Path) -> bool:
    try:
        return gzip.decompress(path.with_name(path.name + ".gz").read_bytes()) == path.read_bytes()
    except (OSError, EOFError, gzip.BadGzipFile):
        return False


class IncrementalCompressedStorage(CompressedManifestStaticFilesStorage):
    """CompressedManifestStaticFilesStorage that skips files compressed by an earlier run."""

    def compress_files(self, paths: Iterable[str]) -> Iterator[tuple[str, str]]:
        """Compresses the files of `paths` whose compressed copies are missing or stale."""
        stale = [path for path in paths if not _compressed_already(Path(self.path(path)))]
        yield from super().compress_files(stale)
