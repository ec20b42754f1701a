"""Benchmark: bulk export of 1,000 signed documents vs 10, with each run's peak memory.

    psql -h 127.0.0.1 -U postgres -c 'create database h5_bench'
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/h5_bench .venv/bin/python manage.py migrate
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/h5_bench .venv/bin/python bench/export_memory.py

Makes 1,000 signed decisions (series BENCH) with a 40 KB signed PDF each, once, in that
database and a scratch MEDIA_ROOT; then runs each export in a fresh subprocess and reports the
wall time, the tracemalloc peak (Python allocations) and the process's peak RSS.
"""

import json
import os
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("MEDIA_ROOT", str(Path(tempfile.gettempdir()) / "alpha-hub-bench-media"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

import hashlib  # noqa: E402

from django.core.files.base import ContentFile  # noqa: E402
from django.db import transaction  # noqa: E402

from alpha_hub.models import User  # noqa: E402
from decisions.exports import export_build  # noqa: E402
from decisions.models import (  # noqa: E402
    BulkExport,
    Decision,
    DecisionCategory,
    DecisionDocument,
    DecisionSeries,
)

COUNT = 1000
FIRST_DAY = datetime(2020, 1, 1, 12, tzinfo=UTC)
PDF_SIZE = 40 * 1024


def _create(model, **fields):
    record = model(**fields)
    record._change_reason = "Benchmark data (bench/export_memory.py)"
    record.save()
    return record


def ensure_documents() -> None:
    """1,000 signed BENCH decisions, each with a public document, signed a day apart."""
    series = DecisionSeries.objects.filter(code="BENCH").first() or _create(
        DecisionSeries, code="BENCH", name="Benchmark"
    )
    have = DecisionDocument.objects.filter(decision__series=series).count()
    if have >= COUNT:
        return
    user = User.objects.filter(username="bench").first() or _create(User, username="bench")
    category = DecisionCategory.objects.first() or _create(
        DecisionCategory, code="general", name="General"
    )
    with transaction.atomic():
        for number in range(have + 1, COUNT + 1):
            decision = _create(
                Decision, series=series, number=number, title=f"Benchmark decision {number}",
                category=category, drafted_by=user, status=Decision.Status.SIGNED,
                signed_by=user, signed_by_name="Bench Signer",
                signed_at=FIRST_DAY + timedelta(days=number - 1),
            )  # fmt: skip
            data = b"%PDF-1.7\n" + os.urandom(PDF_SIZE)
            document = DecisionDocument(
                decision=decision, variant="public", template_version="bench",
                sha256=hashlib.sha256(data).hexdigest(),
            )  # fmt: skip
            document.file.save(f"bench-{number}-public.pdf", ContentFile(data), save=False)
            document.save()


def run_export(count: int) -> dict:
    """One export of the first `count` BENCH documents, measured in this process."""
    user = User.objects.get(username="bench")
    export = BulkExport.objects.create(
        requested_by=user,
        series=DecisionSeries.objects.get(code="BENCH"),
        signed_from=FIRST_DAY.date(),
        signed_to=(FIRST_DAY + timedelta(days=count - 1)).date(),
    )
    tracemalloc.start()
    start = time.perf_counter()
    export_build(export)
    elapsed = time.perf_counter() - start
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    export.refresh_from_db()
    return {
        "documents": export.done,
        "seconds": round(elapsed, 2),
        "zip_mb": round(export.file.size / 1e6, 1),
        "tracemalloc_peak_mb": round(peak / 1e6, 2),
        "max_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }


def main() -> None:
    ensure_documents()
    for count in (10, COUNT):
        # Our own script with fixed arguments, in a fresh process so peak RSS is per run.
        output = subprocess.run(  # noqa: S603
            [sys.executable, __file__, "--run", str(count)],
            capture_output=True, text=True, check=True, env=os.environ,
        ).stdout  # fmt: skip
        print(json.dumps(json.loads(output.strip().splitlines()[-1])))


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--run":
        print(json.dumps(run_export(int(sys.argv[2]))))
    else:
        main()
