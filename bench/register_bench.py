"""Benchmark the public register at 100 and at 10,000 published decisions under gunicorn.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/h6bench .venv/bin/python bench/register_bench.py

The database named in DATABASE_URL is dropped and made anew (its name must contain "bench", so
a real database is never touched); the script migrates it, loads the demo, then fills it with
`generate_demo_volume`. For each size it starts gunicorn on
127.0.0.1 (BENCH_PORT, default 8196), times a bounded number of sequential requests to each page
and to a bare Django view served by the same gunicorn in the same run, and prints medians and
the ratio page / bare. Ratios, not milliseconds, are the figures to compare: machines differ and
this one is shared. Not a test: nothing here asserts a time.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import environ
import psycopg

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
PORT = int(os.environ.get("BENCH_PORT", "8196"))
REQUESTS = int(os.environ.get("BENCH_REQUESTS", "40"))
WARM_UP = 5
SIZES = [int(size) for size in os.environ.get("BENCH_SIZES", "100,10000").split(",")]
PAGES = {
    "bare Django view": "/bench/bare/",
    "register, first page": "/decisions/",
    "register, search": "/decisions/?q=violence+reduction",
    "register, search + filter": "/decisions/?q=funding&year=2019",
    "decision page": "/decisions/pcd-867/",
    "decisions.json page": "/data/decisions.json",
}


def _environment(workdir: str) -> dict[str, str]:
    if not os.environ.get("DATABASE_URL"):
        sys.exit("Set DATABASE_URL to a disposable database (e.g. .../h6bench).")
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.register_settings",
        "DEBUG": "false",
        "HTTPS": "false",
        "SECRET_KEY": "benchmark-only-not-secret",
        "DEMO_PASSWORD": "benchmark-only-password",
        "DEMO_ISSUE_DOCUMENTS": "false",
        "MEDIA_ROOT": workdir,
        "PDF_PKI_DIR": workdir,
        "CACHE_URL": "locmemcache://",
        "CONN_MAX_AGE": "60",
        "LOG_LEVEL": "WARNING",
    }


def _recreate_database(url: str) -> None:
    """Drop and create the benchmark database, through the server's `postgres` database."""
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


def _manage(env: dict[str, str], *args: str) -> None:
    command = [PYTHON, "manage.py", *args]
    subprocess.run(command, cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)  # noqa: S603


def _get(path: str) -> float:
    started = time.perf_counter()
    with urllib.request.urlopen(f"http://127.0.0.1:{PORT}{path}", timeout=30) as response:
        response.read()
        if response.status != 200:
            raise RuntimeError(f"{path} answered {response.status}")
    return (time.perf_counter() - started) * 1000


def _wait_until_up(server: subprocess.Popen) -> None:
    for _ in range(100):
        if server.poll() is not None:
            raise RuntimeError("gunicorn exited")
        try:
            _get("/bench/bare/")
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("gunicorn did not start")


def _measure(env: dict[str, str]) -> dict[str, float]:
    server = subprocess.Popen(  # noqa: S603 (our own interpreter and arguments)
        [PYTHON, "-m", "gunicorn", "config.wsgi:application", "--bind", f"127.0.0.1:{PORT}",
         "--workers", "2", "--log-level", "warning"],
        cwd=ROOT, env=env,
    )  # fmt: skip
    try:
        _wait_until_up(server)
        medians = {}
        for name, path in PAGES.items():
            for _ in range(WARM_UP):
                _get(path)
            medians[name] = statistics.median(_get(path) for _ in range(REQUESTS))
        return medians
    finally:
        server.terminate()
        server.wait(timeout=30)


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="register-bench-") as workdir:
        env = _environment(workdir)
        _recreate_database(env["DATABASE_URL"])
        _manage(env, "migrate", "--noinput")
        _manage(env, "load_demo")
        results = {}
        for size in SIZES:
            _manage(env, "generate_demo_volume", "--total", str(size))
            results[size] = _measure(env)
    print(f"{REQUESTS} sequential requests per page after {WARM_UP} warm-up; median ms "
          f"(ratio to the bare view)")  # fmt: skip
    print(f"{'page':28}" + "".join(f"{f'{size:,} decisions':>26}" for size in SIZES))
    for name in PAGES:
        cells = []
        for size in SIZES:
            median, bare = results[size][name], results[size]["bare Django view"]
            cells.append(f"{median:9.1f} ms ({median / bare:5.1f}x)")
        print(f"{name:28}" + "".join(f"{cell:>26}" for cell in cells))
    if len(SIZES) > 1:
        first, last = SIZES[0], SIZES[-1]
        print(f"\ngrowth from {first:,} to {last:,} decisions, in bare-view ratios:")
        for name in list(PAGES)[1:]:
            before = results[first][name] / results[first]["bare Django view"]
            after = results[last][name] / results[last]["bare Django view"]
            print(f"  {name:28} {after / before:5.2f}x")


if __name__ == "__main__":
    main()
