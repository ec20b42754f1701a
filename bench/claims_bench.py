"""Claims benchmark: an agreement's finance tab with 5 years of monthly claims (60 claims, 1,200
lines, most checked, approved and paid), beside its own budget page (20 lines) in the same run.
Prints times, query counts and the ratio. Not a test: nothing here asserts a time.

    DEBUG=true SECRET_KEY=bench DATABASE_URL=postgres://... .venv/bin/python bench/claims_bench.py

The data is built through the claims services (tests/claims/volume.py, which the query-count
test uses too) inside one transaction that is rolled back, so it leaves the database as it
found it (the evidence files go with it: alpha_hub/storage.py).
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django

django.setup()

from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from tests.claims import volume  # noqa: E402
from tests.claims.support import make_people  # noqa: E402

REPEATS = 7


def timed(client: Client, url: str) -> tuple[float, int]:
    """The median time of REPEATS requests to `url` (after one to warm up), and its queries."""
    assert client.get(url).status_code == 200, url
    times = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        client.get(url)
        times.append(time.perf_counter() - start)
    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    return statistics.median(times), len(captured)


def run() -> None:
    with transaction.atomic():
        people = make_people()
        start = time.perf_counter()
        agreement = volume.build(people=people, years=5, lines_per_claim=20, prefix="BENCH")
        built = time.perf_counter() - start
        client = Client(HTTP_HOST="localhost")
        client.force_login(people.checker)
        budget = agreement.budgets.first()
        tab, tab_queries = timed(client, f"/staff/claims/agreements/{agreement.pk}/")
        page, page_queries = timed(client, f"/staff/budgets/{budget.pk}/")
        claim = agreement.claims.first()
        detail, detail_queries = timed(client, f"/staff/claims/{claim.pk}/")
        print(f"built 60 claims and {claim.lines.count() * 60:,} lines in {built:.1f} s")
        print(f"finance tab: {tab * 1000:.1f} ms, {tab_queries} queries")
        print(f"claim page (20 lines): {detail * 1000:.1f} ms, {detail_queries} queries")
        print(f"budget page (20 lines, baseline): {page * 1000:.1f} ms, {page_queries} queries")
        print(f"ratio finance tab / budget page: {tab / page:.2f}x")
        transaction.set_rollback(True)


if __name__ == "__main__":
    run()
