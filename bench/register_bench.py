"""Benchmark the public pages at 100 and at 10,000 published decisions under gunicorn.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/alpha_hub_bench \
        .venv/bin/python bench/register_bench.py

The database named in DATABASE_URL is dropped and made anew (its name must contain "bench", so
a real database is never touched); the script migrates it, loads the demo, then fills it with
`generate_demo_volume`. For each size it starts gunicorn (2 sync workers) on 127.0.0.1
(BENCH_PORT, default 8196) twice: with the public page cache off (every page rendered from the
database: "uncached") and on ("cached"). Each time it loads every page with wrk (the Debian
package; without it, a load loop of its own) for BENCH_SECONDS, with a bare Django view served
by the same gunicorn before and after each page, and prints requests per second and the ratio
bare / page (the bare view's rate around that page): how many times the bare view's cost. In
the cached run it also sends the pages' ETag back (If-None-Match) and counts the 304s. Ratios,
not requests per second, are the figures to compare: machines differ and this one is shared.
Not a test: nothing asserts a time.
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
SECONDS = int(os.environ.get("BENCH_SECONDS", "5"))
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
    bare_per_second: float = 0.0  # the bare view's, measured just before and just after
    cpu_ms: float = 0.0  # CPU per request: gunicorn's workers and the database's backends
    bare_cpu_ms: float = 0.0


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
        "CONN_MAX_AGE": "3600",  # one backend per worker for the whole run (CpuMeter)
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


class CpuMeter:
    """CPU time that serving takes: gunicorn's workers and the bench database's backends.

    Less at the mercy of other processes than requests per second (a shared machine's load
    slows every request but adds no CPU to ours). Linux (/proc), database on this machine.
    """

    def __init__(self, server: subprocess.Popen, database_url: str):
        self.server, self.config = server, environ.Env.db_url_config(database_url)
        self.ticks = os.sysconf("SC_CLK_TCK")

    def _pids(self) -> list[int]:
        workers = []
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == self.server.pid:
                workers.append(int(stat.parent.name))
        server = {"host": self.config["HOST"], "port": self.config["PORT"] or 5432}
        with psycopg.connect(
            dbname="postgres", user=self.config["USER"], password=self.config["PASSWORD"],
            autocommit=True, **server,
        ) as db:  # fmt: skip
            rows = db.execute(
                "SELECT pid FROM pg_stat_activity WHERE datname = %s", (self.config["NAME"],)
            )
            return workers + [pid for (pid,) in rows]

    def seconds(self, pids: list[int]) -> float:
        total = 0
        for pid in pids:
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:  # gone: its time is lost, so the figure errs low, never high
                continue
            total += int(fields[11]) + int(fields[12])
        return total / self.ticks

    def measure(self, run) -> tuple[Load, float]:
        """`run()`'s Load, and the CPU milliseconds each of its requests took."""
        pids = self._pids()
        before = self.seconds(pids)
        load = run()
        used = self.seconds(pids) - before
        return load, used * 1000 / max(load.per_second * SECONDS, 1)


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
        runs = [(name, path, {}) for name, path in PAGES.items()]
        if mode == "cached":
            runs += [
                (f"{name}, If-None-Match", PAGES[name], {"If-None-Match": _etag(PAGES[name])})
                for name in REVALIDATED
            ]
        # The bare view before and after every page: the machine's load drifts, and each page
        # is compared with the bare view under the same load.
        meter = CpuMeter(server, env["DATABASE_URL"])
        bare = [meter.measure(lambda: _load(BARE))]
        results = {}
        for name, path, headers in runs:
            load, cpu = meter.measure(lambda path=path, headers=headers: _load(path, headers))
            bare.append(meter.measure(lambda: _load(BARE)))
            (before, before_cpu), (after, after_cpu) = bare[-2], bare[-1]
            results[name] = Load(
                load.per_second, load.not_modified, (before.per_second + after.per_second) / 2,
                cpu, (before_cpu + after_cpu) / 2,
            )  # fmt: skip
        rate = sum(run.per_second for run, _cpu in bare) / len(bare)
        cpu = sum(cpu for _run, cpu in bare) / len(bare)
        results["bare Django view"] = Load(rate, 0.0, rate, cpu, cpu)
        return results
    finally:
        server.terminate()
        server.wait(timeout=30)


def _by_rate(load: Load) -> float:
    return load.bare_per_second / load.per_second


def _by_cpu(load: Load) -> float:
    return load.cpu_ms / load.bare_cpu_ms if load.bare_cpu_ms else float("nan")


def _table(results: dict, title: str, cell) -> None:
    print(f"\n{title}")
    columns = list(results)
    print(f"{'page':42}" + "".join(f"{f'{size:,} {mode}':>26}" for size, mode in columns))
    names = ["bare Django view", *(name for name in results[columns[-1]] if "bare" not in name)]
    for name in names:
        loads = [results[column].get(name) for column in columns]
        cells = [f"{cell(load, name) if load else '':>26}" for load in loads]
        print(f"{name:42}" + "".join(cells))


def _report(results: dict[tuple[int, str], dict[str, Load]]) -> None:
    tool = "wrk" if shutil.which("wrk") else "urllib load loop"
    print(f"{tool}, {CONNECTIONS} connections, {SECONDS} s a page, 2 gunicorn sync workers")

    def rate(load: Load, name: str) -> str:
        cell = f"{load.per_second:6.0f}/s ({_by_rate(load):4.1f}x)"
        return f"{load.not_modified:4.0%} 304, {cell}" if "If-None-Match" in name else cell

    def cpu(load: Load, name: str) -> str:
        return f"{load.cpu_ms:6.2f} ms ({_by_cpu(load):4.1f}x)"

    _table(results, "Requests per second (the bare view's around it / the page's)", rate)
    _table(results, "CPU per request, gunicorn + Postgres (the page's / the bare view's)", cpu)
    if len(SIZES) > 1:
        first, last = SIZES[0], SIZES[-1]
        print(f"\ngrowth from {first:,} to {last:,} decisions (ratio of the ratios: rate, CPU):")
        for mode in MODES:
            for name in PAGES:
                loads = [results[(size, mode)][name] for size in (first, last)]
                by_rate = _by_rate(loads[1]) / _by_rate(loads[0])
                by_cpu = _by_cpu(loads[1]) / _by_cpu(loads[0])
                print(f"  {mode:9} {name:32} {by_rate:5.2f}x {by_cpu:5.2f}x")


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
