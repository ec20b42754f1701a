"""Benchmark: the public programme page at 50 decisions / 200 agreements against 5 / 20.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/<a migrated database> \
        .venv/bin/python bench/programme_bench.py

Builds two programmes inside one transaction that is rolled back at the end (the database is left
as it was): 5 published decisions approving 4 agreements each, and 50 approving 4 each (200
agreements); each decision after the first also varies one of the previous decision's
agreements, and a quarter of the agreements are onward grants of the first one. Renders each
programme page with the page cache off (bench/register_settings.py, BENCH_PAGE_CACHE=false),
REPEATS times in-process, and prints the median time, the query count, and the ratios large /
small and page / bare view. Ratios, not seconds, are the figures to compare.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.register_settings")
os.environ.setdefault("BENCH_PAGE_CACHE", "false")

import django  # noqa: E402

django.setup()

from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

from grants.models import GrantAgreement  # noqa: E402
from tests.budget.programme_data import agreement, signed_on, vary  # noqa: E402
from tests.decisions.public_data import approve, published  # noqa: E402
from tests.factories import OrganisationFactory, ProgrammeFactory  # noqa: E402

REPEATS = int(os.environ.get("BENCH_REPEATS", "15"))


class RollbackError(Exception):
    """Raised to leave the benchmark's transaction without keeping anything."""


def build(decisions: int, per_decision: int, slug: str) -> str:
    """A programme of `decisions` x `per_decision` agreements; its page's path."""
    programme = ProgrammeFactory(name=f"Bench {slug}", slug=f"bench-{slug}")
    funder, recipient = OrganisationFactory(), OrganisationFactory()
    first = previous = None
    for number in range(decisions):
        decision = published(signed=signed_on(2020, 4, 1 + number % 28))
        if previous is not None:
            vary(decision, previous, "1100.00", before=Decimal("1000.00"))
        for index in range(per_decision):
            onward = first is not None and index == 0
            previous = agreement(
                programme, funder=funder, recipient=recipient,
                amount_awarded=Decimal("1000.00"), parent=first if onward else None,
                direction=GrantAgreement.Direction.OUTGOING if onward else "incoming",
            )  # fmt: skip
            approve(decision, previous)
            first = first or previous
    return f"/programmes/{programme.slug}/"


def measure(client: Client, path: str) -> tuple[float, int]:
    """The median seconds of REPEATS renders, and the queries of one (the shared data warm)."""
    client.get(path, secure=True)
    queries = []

    def count(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    # Not CaptureQueriesContext: its log keeps the last 9,000 queries, which building fills.
    with connection.execute_wrapper(count):
        assert client.get(path, secure=True).status_code == 200
    times = []
    for _ in range(REPEATS):
        started = time.perf_counter()
        client.get(path, secure=True)
        times.append(time.perf_counter() - started)
    return statistics.median(times), len(queries)


def run() -> None:
    setup_test_environment()
    client = Client()
    try:
        with transaction.atomic():
            small = build(5, 4, "small")
            large = build(50, 4, "large")
            bare, _ = measure(client, "/bench/bare-outside-transaction/")
            results = {"5 decisions / 20 agreements": measure(client, small)}
            results["50 decisions / 200 agreements"] = measure(client, large)
            raise RollbackError
    except RollbackError:
        pass
    print(f"bare view: {bare * 1000:.2f} ms")
    for name, (seconds, queries) in results.items():
        print(f"{name}: {seconds * 1000:.1f} ms, {queries} queries, {seconds / bare:.0f}x bare")
    (small_s, small_q), (large_s, large_q) = results.values()
    print(f"ratio large / small: time {large_s / small_s:.2f}, queries {large_q}/{small_q}")


if __name__ == "__main__":
    run()
