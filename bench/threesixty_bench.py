"""Benchmark: /data/360giving.json streamed for 1,000 and for 10,000 grants, peak memory of each.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/<a migrated database> \
        .venv/bin/python bench/threesixty_bench.py

Inside one transaction that is rolled back at the end (the database is left as it was): one
published decision approving 1,000 outgoing grants, then 9,000 more. Each time it requests the
JSON (page cache off: BENCH_PAGE_CACHE=false), reads the streamed body chunk by chunk and throws
it away, and prints the bytes sent, the time, and the tracemalloc peak (Python allocations while
the response is made and read). Constant memory means the peak stays flat while the bytes grow
tenfold: the ratio printed is peak(10,000) / peak(1,000).
"""

from __future__ import annotations

import os
import sys
import time
import tracemalloc
from datetime import date
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.register_settings")
os.environ.setdefault("BENCH_PAGE_CACHE", "false")

import django  # noqa: E402
import pgtrigger  # noqa: E402

django.setup()

from django.db import transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

from decisions.models import ApprovedAgreement  # noqa: E402
from grants.models import GrantAgreement  # noqa: E402
from tests.decisions.public_data import WRITTEN_BEFORE_SIGNING, published  # noqa: E402
from tests.factories import OrganisationFactory, ProgrammeFactory  # noqa: E402

SIZES = (1000, 10000)


class RollbackError(Exception):
    """Raised to leave the benchmark's transaction without keeping anything."""


def add_grants(decision, programme, funder, recipient, start: int, stop: int) -> None:
    """Outgoing grants BENCH-<n> for n in [start, stop), approved by `decision` (bulk)."""
    agreements = GrantAgreement.objects.bulk_create(
        GrantAgreement(
            reference=f"BENCH-360-{number:05d}", title=f"Onward grant {number}",
            programme=programme, funder=funder, recipient=recipient,
            direction=GrantAgreement.Direction.OUTGOING, status=GrantAgreement.Status.ACTIVE,
            amount_awarded=Decimal("12345.67"), starts_on=date(2021, 4, 1),
            ends_on=date(2022, 3, 31), fund_name="Bench fund",
            conditions="Spend it on violence reduction in the borough. " * 3,
        )
        for number in range(start, stop)
    )  # fmt: skip
    with pgtrigger.ignore(*WRITTEN_BEFORE_SIGNING):  # as if recorded before it was signed
        ApprovedAgreement.objects.bulk_create(
            ApprovedAgreement(decision=decision, agreement=agreement) for agreement in agreements
        )


def _read(client: Client) -> int:
    response = client.get("/data/360giving.json", secure=True)
    assert response.status_code == 200
    return sum(len(chunk) for chunk in response.streaming_content)


def measure(client: Client) -> tuple[int, float, int]:
    """Bytes, seconds (untraced) and tracemalloc peak (a second run) of the streamed JSON."""
    _read(client)  # the shared data (series, version) warm
    started = time.perf_counter()
    size = _read(client)
    seconds = time.perf_counter() - started
    tracemalloc.start()
    _read(client)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return size, seconds, peak


def run() -> None:
    setup_test_environment()
    client = Client()
    results = {}
    try:
        with transaction.atomic():
            decision = published()
            programme = ProgrammeFactory(name="Bench 360", slug="bench-360")
            funder, recipient = OrganisationFactory(), OrganisationFactory()
            done = 0
            for size in SIZES:
                add_grants(decision, programme, funder, recipient, done, size)
                done = size
                results[size] = measure(client)
            raise RollbackError
    except RollbackError:
        pass
    for size, (body, seconds, peak) in results.items():
        print(f"{size:>6} grants: {body / 1e6:.1f} MB sent in {seconds:.2f} s, "
              f"peak {peak / 1e6:.2f} MB")  # fmt: skip
    (small_body, _, small_peak), (large_body, _, large_peak) = results.values()
    print(f"ratio 10,000 / 1,000: body {large_body / small_body:.1f}, "
          f"peak memory {large_peak / small_peak:.2f}")  # fmt: skip


if __name__ == "__main__":
    run()
