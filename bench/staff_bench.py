"""Benchmark: the staff decision list, the staff search and a decision's timeline at 10,000
decisions against 100, in one run.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/alpha_hub_bench DEBUG=true \
        .venv/bin/python bench/staff_bench.py

The database named in DATABASE_URL is dropped and made anew (its name must contain "bench", so a
real database is never touched); the script migrates it and loads the demo, then, for each size
(BENCH_SIZES, default 100,10000), fills it to that many published decisions with
`generate_demo_volume` (as bench/register_bench.py does) and renders each page in-process,
signed in as the demo auditor (who may open all three), REPEATS times: it prints the median
time and the query count of each page at each size, and the ratio of the times. The ratio, not
the milliseconds, is the figure to compare; the query counts must not grow. Not a test.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

import environ
import psycopg

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.register_settings")
os.environ.setdefault("DEMO_ISSUE_DOCUMENTS", "false")
os.environ.setdefault("DEMO_PASSWORD", "benchmark-only-password")
os.environ.setdefault("CACHE_URL", "locmemcache://")  # no cache table in a fresh database
os.environ.setdefault("LOG_LEVEL", "WARNING")
REPEATS = int(os.environ.get("BENCH_REPEATS", "9"))
SIZES = [int(size) for size in os.environ.get("BENCH_SIZES", "100,10000").split(",")]
PAGES = {
    "staff decision list": "/staff/decisions/",
    "staff decision list, filtered and sorted": "/staff/decisions/?status=published&sort=signed",
    "staff search": "/staff/search/?q=violence",
    "decision timeline (PCD 867)": "/staff/decisions/{pcd867}/history/",
}


def _recreate_database(url: str) -> None:
    config = environ.Env.db_url_config(url)
    name = config["NAME"]
    if "bench" not in name:
        sys.exit(f"Refusing to drop {name!r}: the benchmark database's name must contain 'bench'.")
    server = {"host": config["HOST"], "port": config["PORT"] or 5432, "user": config["USER"]}
    with psycopg.connect(
        dbname="postgres", autocommit=True, password=config["PASSWORD"], **server
    ) as db:
        db.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        db.execute(f'CREATE DATABASE "{name}"')


def _manage(*args: str) -> None:
    command = [sys.executable, "manage.py", *args]
    subprocess.run(command, cwd=ROOT, check=True, stdout=subprocess.DEVNULL)  # noqa: S603


def _measure(client, path: str) -> tuple[float, int]:
    """The median seconds of REPEATS renders, and the queries of one (after a warm-up)."""
    from django.db import connection

    assert client.get(path).status_code == 200, path
    queries = []

    def count(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        client.get(path)
    times = []
    for _ in range(REPEATS):
        started = time.perf_counter()
        client.get(path)
        times.append(time.perf_counter() - started)
    return statistics.median(times), len(queries)


def main() -> None:
    if not os.environ.get("DATABASE_URL"):
        sys.exit("Set DATABASE_URL to a disposable database (e.g. .../alpha_hub_bench).")
    _recreate_database(os.environ["DATABASE_URL"])
    _manage("migrate", "--noinput")
    _manage("load_demo")

    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment

    from alpha_hub.models import User
    from decisions.models import Decision

    setup_test_environment()
    client = Client()
    client.force_login(User.objects.get(username="auditor"))
    pcd867 = Decision.objects.get(series__code="PCD", number=867).pk
    results: dict[int, dict[str, tuple[float, int]]] = {}
    for size in SIZES:
        connection.close()  # the command below writes; read afresh afterwards
        _manage("generate_demo_volume", "--total", str(size))
        total = Decision.objects.count()
        results[size] = {
            name: _measure(client, path.format(pcd867=pcd867)) for name, path in PAGES.items()
        }
        print(f"{size:,} published decisions ({total:,} in all):")
        for name, (seconds, queries) in results[size].items():
            print(f"  {name:42} {seconds * 1000:8.1f} ms  {queries:3} queries")
    first, last = SIZES[0], SIZES[-1]
    print(f"\nratio {last:,} / {first:,}:")
    for name in PAGES:
        (small_s, small_q), (large_s, large_q) = results[first][name], results[last][name]
        print(f"  {name:42} time {large_s / small_s:5.2f}x  queries {large_q}/{small_q}")


if __name__ == "__main__":
    main()
