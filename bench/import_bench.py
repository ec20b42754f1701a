"""Historic import benchmark: 2,000 decisions (10,000 sections, 2,000 PDFs of 40 KB) imported
through `decision_import_apply`, as a ratio to inserting the same rows with `bulk_create` alone,
and the import's peak memory at 200 and at 2,000 decisions. Not a test: nothing asserts a time.

    psql -h 127.0.0.1 -U postgres -c 'create database alpha_hub_bench'   # once
    DEBUG=true DATABASE_URL=postgres://postgres@127.0.0.1:5432/alpha_hub_bench \\
        .venv/bin/python manage.py migrate
    DEBUG=true DATABASE_URL=postgres://postgres@127.0.0.1:5432/alpha_hub_bench \\
        .venv/bin/python bench/import_bench.py

The ZIP files are made once in a scratch folder (not timed). Each measurement runs in a fresh
process, inside a transaction that is rolled back, with a scratch MEDIA_ROOT removed afterwards,
so the database is left as it was found. The import timed is everything applying a file does:
read and check every record against the register, hash and store every PDF as given, write the
decisions, parts, documents and links with a history row each. The baseline is Django's
`bulk_create` of the same decisions, recommendations, sections, documents and links, built in
memory beforehand, with no history, no checks and no files.
"""

from __future__ import annotations

import itertools
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SCRATCH = Path(tempfile.gettempdir()) / "alpha-hub-import-bench"
os.environ.setdefault("MEDIA_ROOT", str(SCRATCH / "media"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402
import pgtrigger  # noqa: E402

django.setup()


from django.conf import settings  # noqa: E402
from django.db import transaction  # noqa: E402

from alpha_hub.models import User  # noqa: E402
from alpha_hub.roles import Role, role_group  # noqa: E402
from decisions.historic_import.apply import WRITTEN_WITH_THE_DECISION  # noqa: E402
from decisions.models import (  # noqa: E402
    Decision,
    DecisionCategory,
    DecisionDocument,
    DecisionLink,
    DecisionSeries,
    Office,
    Recommendation,
    Section,
)
from decisions.services import decision_import_apply  # noqa: E402
from tests.decisions.import_files import decision_record, tiny_pdf, write_zip  # noqa: E402

SIZES = (200, 2000)
SECTIONS = 5
PDF_SIZE = 40 * 1024
REPEATS = int(os.environ.get("BENCH_REPEATS", "3"))
SERIES = "HIST"


def _pdf(number: int) -> bytes:
    """A real one-page PDF padded with a comment to 40 KB, different for every decision."""
    padding = os.urandom((PDF_SIZE - len(tiny_pdf(""))) // 2).hex().encode()
    return tiny_pdf(f"{SERIES} {number}", padding)


def _records(count: int) -> list[dict]:
    records = []
    for number in range(1, count + 1):
        sections = [
            {"heading": f"Section {n}", "body": f"Paragraph of section {n}. " * 40}
            for n in range(1, SECTIONS + 1)
        ]
        # Each continues the next one in the file, so every link resolves forwards.
        links = (
            [{"kind": "continues", "reference": f"{SERIES} {number + 1}"}] if number < count else []
        )
        records.append(
            decision_record(
                number, reference=f"{SERIES} {number}", sections=sections, links=links,
                recommendations=["Approve the funding.", "Note the evaluation."],
                pdf=f"pdfs/{number}.pdf",
            )
        )  # fmt: skip
    return records


def make_files() -> dict[int, Path]:
    SCRATCH.mkdir(parents=True, exist_ok=True)
    paths = {}
    for count in SIZES:
        path = SCRATCH / f"import-{count}.zip"
        if not path.exists():
            records = _records(count)
            pdfs = {record["pdf"]: _pdf(n) for n, record in enumerate(records, start=1)}
            write_zip(path, records, pdfs)
        paths[count] = path
    return paths


def reference_data() -> User:
    DecisionSeries.objects.get_or_create(code=SERIES, defaults={"name": "Historic benchmark"})
    DecisionCategory.objects.get_or_create(code="grant_funding", defaults={"name": "Grant funding"})
    Office.objects.get_or_create(
        code="dmpc",
        defaults={"title": "Deputy Mayor for Policing and Crime", "abbreviation": "DMPC"},
    )
    user, _ = User.objects.get_or_create(username="bench-admin", defaults={"full_name": "Bench"})
    user.groups.add(role_group(Role.ADMINISTRATOR))
    return user


def run_import(path: Path) -> dict:
    user = User.objects.get(username="bench-admin")
    with transaction.atomic():
        tracemalloc.start()
        start = time.perf_counter()
        report, _batch = decision_import_apply(user=user, path=path)
        elapsed = time.perf_counter() - start
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        transaction.set_rollback(True)
    assert report.ok, report.as_dict()
    assert len(report.new) == report.decisions, report.as_dict()
    return {"seconds": elapsed, "tracemalloc_peak_mb": peak / 1e6}


def run_bulk_create(path: Path) -> dict:
    """The same rows through bulk_create alone (objects built before the clock starts)."""
    count = int(path.stem.split("-")[1])
    records = _records(count)
    series = DecisionSeries.objects.get(code=SERIES)
    category = DecisionCategory.objects.get(code="grant_funding")
    office = Office.objects.get(code="dmpc")
    signer = User.objects.get(username="bench-admin")
    decisions = [
        Decision(
            series=series,
            number=n,
            title=r["title"],
            category=category,
            office=office,
            executive_summary=r["executive_summary"],
            drafted_by=signer,
            status="published",
            signed_by=signer,
            signed_by_name=r["decision_by"],
            signed_at="2018-03-01T12:00Z",
            published_at="2018-03-08T12:00Z",
            financial_value=10000,
        )
        for n, r in enumerate(records, start=1)
    ]
    # The parts go in beside a published decision, so the same freezes are set aside as for the
    # import (decisions.historic_import.apply).
    with transaction.atomic():
        with pgtrigger.ignore(*WRITTEN_WITH_THE_DECISION):
            start = time.perf_counter()
            Decision.objects.bulk_create(decisions)
            Recommendation.objects.bulk_create(
                Recommendation(decision=d, position=p, text=text)
                for d, r in zip(decisions, records, strict=True)
                for p, text in enumerate(r["recommendations"], start=1)
            )
            Section.objects.bulk_create(
                Section(decision=d, position=p, kind="custom", heading=s["heading"], body=s["body"])
                for d, r in zip(decisions, records, strict=True)
                for p, s in enumerate(r["sections"], start=1)
            )
            DecisionDocument.objects.bulk_create(
                DecisionDocument(
                    decision=d,
                    variant="public",
                    file=f"decisions/2018/hist-{d.number}.pdf",
                    sha256="0" * 64,
                    template_version="imported",
                )
                for d in decisions
            )
            DecisionLink.objects.bulk_create(
                DecisionLink(source=a, target=b, kind="continues")
                for a, b in itertools.pairwise(decisions)
            )
        elapsed = time.perf_counter() - start
        transaction.set_rollback(True)
    return {"seconds": elapsed}


def _child(kind: str, path: Path) -> dict:
    output = subprocess.run(  # noqa: S603 (this script, fixed arguments)
        [sys.executable, __file__, "--run", kind, str(path)],
        capture_output=True, text=True, check=True, env=os.environ,
    ).stdout  # fmt: skip
    return json.loads(output.strip().splitlines()[-1])


def main() -> None:
    if "bench" not in settings.DATABASES["default"]["NAME"]:
        sys.exit("Set DATABASE_URL to a database whose name contains 'bench'.")
    reference_data()
    paths = make_files()
    rows = []
    for count in SIZES:
        imports = [_child("import", paths[count]) for _ in range(REPEATS)]
        bulks = [_child("bulk", paths[count]) for _ in range(REPEATS)]
        shutil.rmtree(settings.MEDIA_ROOT, ignore_errors=True)
        seconds = statistics.median(run["seconds"] for run in imports)
        baseline = statistics.median(run["seconds"] for run in bulks)
        rows.append({
            "decisions": count, "sections": count * SECTIONS,
            "zip_mb": round(paths[count].stat().st_size / 1e6, 1),
            "import_s": round(seconds, 2), "bulk_create_s": round(baseline, 2),
            "ratio": round(seconds / baseline, 1),
            "peak_mb": round(max(run["tracemalloc_peak_mb"] for run in imports), 2),
        })  # fmt: skip
        print(json.dumps(rows[-1]), flush=True)


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--run":
        run = run_import if sys.argv[2] == "import" else run_bulk_create
        print(json.dumps(run(Path(sys.argv[3]))))
    else:
        main()
