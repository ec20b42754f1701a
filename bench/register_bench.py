"""Benchmark the public pages at 100 and at 10,000 published decisions under gunicorn.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/alpha_hub_bench \
        .venv/bin/python bench/register_bench.py

The database named in DATABASE_URL is dropped and made anew (its name must contain "bench", so
a real database is never touched); the script migrates it, loads the demo, then fills it with
`generate_demo_volume`. For each size it starts gunicorn (2 sync workers) on 127.0.0.1
(BENCH_PORT, default 8196) twice: with the public page cache off (every page rendered from the
database: "uncached") and on ("cached"). Each time it loads every page with wrk (the Debian
package; without it, a load loop of its own) for BENCH_SECONDS, and a bare Django view served by
the same gunicorn before and after, and prints requests per second and the ratio bare / page:
how many times the page costs what the bare view does. In the cached run it also sends the
pages' ETag back (If-None-Match) and counts the 304s. Ratios, not requests per second, are the
figures to compare: machines differ and this one is shared. Not a test: nothing asserts a time.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import environ
import psycopg

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
PORT = int(os.environ.get("BENCH_PORT", "8196"))
SECONDS = int(os.environ.get("BENCH_SECONDS", "8"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "4"))
SIZES = [int(size) for size in os.environ.get("BENCH_SIZES", "100,10000").split(",")]
BARE = "/bench/bare/"
PAGES = {
    "register, first page": "/decisions/",
    "register, search": "/decisions/?q=violence+reduction",
    "register, search + filter": "/decisions/?q=funding&year=2019",
    "decision page (PCD 867)": "/decisions/pcd-867/",
    "decisions.json (100 a page)": "/data/decisions.json",
    "Atom feed": "/decisions/feed/",
}
REVALIDATED = ["register, first page", "decision page (PCD 867)"]
MODES = {"uncached": "false", "cached": "true"}


@dataclass(frozen=True)
class Load:
    """What one page answered under load: requests per second, and how many were 304."""

    per_second: float
    not_modified: float = 0.0  # share of the answers that were 304


def _environment(workdir: str) -> dict[str, str]:
    if not os.environ.get("DATABASE_URL"):
        sys.exit("Set DATABASE_URL to a disposable database (e.g. .../alpha_hub_bench).")
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
        "PDF_DEV_CA": "true",
        "CACHE_URL": os.environ.get("BENCH_CACHE_URL", "locmemcache://"),
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


def _url(path: str) -> str:
    return f"http://127.0.0.1:{PORT}{path}"


def _etag(path: str) -> str:
    with urllib.request.urlopen(_url(path), timeout=30) as response:  # noqa: S310 (loopback)
        response.read()
        return response.headers.get("ETag", "")


def _wait_until_up(server: subprocess.Popen) -> None:
    for _ in range(150):
        if server.poll() is not None:
            raise RuntimeError("gunicorn exited")
        try:
            _etag(BARE)
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("gunicorn did not start")


# Counts the 304s among wrk's answers (it reports 2xx and 3xx together).
_COUNT_304 = """
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) not_modified = 0 end
function response(status, headers, body)
  if status == 304 then not_modified = not_modified + 1 end
end
function done(summary, latency, requests)
  local total = 0
  for _, thread in ipairs(threads) do total = total + thread:get("not_modified") end
  io.write(string.format("304 responses: %d\\n", total))
end
"""


def _wrk(path: str, headers: dict[str, str]) -> Load:
    command = ["wrk", "-t1", f"-c{CONNECTIONS}", f"-d{SECONDS}s"]
    for name, value in headers.items():
        command += ["-H", f"{name}: {value}"]
    with tempfile.NamedTemporaryFile("w", suffix=".lua") as script:
        script.write(_COUNT_304)
        script.flush()
        output = subprocess.run(  # noqa: S603 (wrk, our arguments)
            [*command, "-s", script.name, _url(path)], check=True, capture_output=True, text=True
        ).stdout
    if "Non-2xx or 3xx responses" in output:
        raise RuntimeError(f"{path} answered errors under load:\n{output}")
    total = int(re.search(r"(\d+) requests in", output).group(1))
    not_modified = int(re.search(r"304 responses: (\d+)", output).group(1))
    per_second = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    return Load(per_second, not_modified / max(total, 1))


def _loop(path: str, headers: dict[str, str]) -> Load:
    """wrk's job, done by CONNECTIONS threads of urllib: slower, but ratios still compare."""
    counts, not_modified = [0] * CONNECTIONS, [0] * CONNECTIONS
    stop = time.monotonic() + SECONDS

    def client(slot: int) -> None:
        request = urllib.request.Request(_url(path), headers=headers)  # noqa: S310 (loopback)
        while time.monotonic() < stop:
            try:
                with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
                    response.read()
            except urllib.error.HTTPError as answer:
                if answer.code != 304:
                    raise
                not_modified[slot] += 1
            counts[slot] += 1

    threads = [threading.Thread(target=client, args=(slot,)) for slot in range(CONNECTIONS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return Load(sum(counts) / SECONDS, sum(not_modified) / max(sum(counts), 1))


def _load(path: str, headers: dict[str, str] | None = None) -> Load:
    return (_wrk if shutil.which("wrk") else _loop)(path, headers or {})


def _measure(env: dict[str, str], mode: str) -> dict[str, Load]:
    server = subprocess.Popen(  # noqa: S603 (our own interpreter and arguments)
        [PYTHON, "-m", "gunicorn", "config.wsgi:application", "--bind", f"127.0.0.1:{PORT}",
         "--workers", "2", "--log-level", "warning"],
        cwd=ROOT, env={**env, "BENCH_PAGE_CACHE": MODES[mode]},
    )  # fmt: skip
    try:
        _wait_until_up(server)
        for path in [BARE, *PAGES.values()]:  # warm: imports, templates, connections, cache
            for _ in range(4):
                _etag(path)
        before = _load(BARE)
        results = {name: _load(path) for name, path in PAGES.items()}
        if mode == "cached":
            for name in REVALIDATED:
                path = PAGES[name]
                results[f"{name}, If-None-Match"] = _load(path, {"If-None-Match": _etag(path)})
        after = _load(BARE)
        results["bare Django view"] = Load((before.per_second + after.per_second) / 2)
        return results
    finally:
        server.terminate()
        server.wait(timeout=30)


def _report(results: dict[tuple[int, str], dict[str, Load]]) -> None:
    tool = "wrk" if shutil.which("wrk") else "urllib load loop"
    print(f"{tool}, {CONNECTIONS} connections, {SECONDS} s a page, 2 gunicorn sync workers")
    print("requests per second (bare view / page: how many times the bare view's cost)")
    columns = list(results)
    print(f"{'page':42}" + "".join(f"{f'{size:,} {mode}':>24}" for size, mode in columns))
    names = ["bare Django view"] + [
        name for name in results[columns[-1]] if name != "bare Django view"
    ]
    for name in names:
        cells = []
        for column in columns:
            load, bare = results[column].get(name), results[column]["bare Django view"]
            if load is None:
                cells.append(f"{'':>24}")
                continue
            cell = f"{load.per_second:7.0f} ({bare.per_second / load.per_second:4.1f}x)"
            if "If-None-Match" in name:
                cell = f"{load.not_modified:4.0%} 304, " + cell
            cells.append(f"{cell:>24}")
        print(f"{name:42}" + "".join(cells))
    if len(SIZES) > 1:
        first, last = SIZES[0], SIZES[-1]
        print(f"\ngrowth from {first:,} to {last:,} decisions (ratio of bare-view ratios):")
        for mode in MODES:
            for name in PAGES:
                ratios = []
                for size in (first, last):
                    run = results[(size, mode)]
                    ratios.append(run["bare Django view"].per_second / run[name].per_second)
                print(f"  {mode:9} {name:32} {ratios[1] / ratios[0]:5.2f}x")


def main() -> None:
    results = {}
    with tempfile.TemporaryDirectory(prefix="register-bench-") as workdir:
        env = _environment(workdir)
        _recreate_database(env["DATABASE_URL"])
        _manage(env, "migrate", "--noinput")
        _manage(env, "load_demo")
        for size in SIZES:
            _manage(env, "generate_demo_volume", "--total", str(size))
            for mode in MODES:
                results[(size, mode)] = _measure(env, mode)
    _report(results)


if __name__ == "__main__":
    main()
