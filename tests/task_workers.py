"""Real worker processes for the tests: `manage.py task_worker` on the test database.

A worker is another process, so it sees only what the test has committed: tests that use one are
transactional (`django_db(transaction=True)`). Each runs the production settings (config.settings)
from the environment, as a worker host would.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.db import connection
from django_tasks import TaskResult, TaskResultStatus

ROOT = Path(__file__).resolve().parents[1]
# What each worker prints once it waits for tasks.
READY = {"rq": "Listening on", "database": "Starting worker"}
OWN_VARIABLES = ("DATABASE_", "REDIS_", "AWS_")
# Starting Django and WeasyPrint takes seconds, more on a busy machine.
START_TIMEOUT_SECONDS = 120


def database_url() -> str:
    """The test database's URL, for another process."""
    database = connection.settings_dict
    user = quote(database["USER"] or "")
    password = f":{quote(database['PASSWORD'])}" if database["PASSWORD"] else ""
    host = database["HOST"] or ""
    if host.startswith("/"):  # a Unix socket (the embedded cluster)
        return f"postgres://{user}{password}@/{database['NAME']}?host={host}"
    port = f":{database['PORT']}" if database["PORT"] else ""
    return f"postgres://{user}{password}@{host}{port}/{database['NAME']}"


def worker_environment(backend: str, *, redis_url: str = "", media_root: Path, **extra) -> dict:
    """A worker host's environment: production settings, the test database, `backend`'s queue."""
    return {
        # Local disk for files, and no database, Redis or bucket but the ones given here.
        **{k: v for k, v in os.environ.items() if not k.startswith(OWN_VARIABLES)},
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "PYTHONUNBUFFERED": "1",
        "DEBUG": "false",
        # Letters and digits: django-environ reads a value starting with "$" as a reference.
        "SECRET_KEY": secrets.token_urlsafe(50),
        "DATABASE_URL": database_url(),
        "DATABASE_OWNER_URL": "",
        "EMBEDDED_DB": "false",
        "TASKS_BACKEND": backend,
        "REDIS_URL": redis_url,
        "CACHE_URL": "locmemcache://",
        "MEDIA_ROOT": str(media_root),
        "PDF_DEV_CA": "true",
        "PDF_PKI_DIR": str(settings.PDF_PKI_DIR),
        "LOG_LEVEL": "INFO",
        **extra,
    }


@contextlib.contextmanager
def workers(environment: dict, names: list[str], log_dir: Path) -> Iterator[list[Path]]:
    """Start one `task_worker` per name and wait until each waits for tasks; stop them after.

    Yields the workers' log files.
    """
    backend = environment["TASKS_BACKEND"]
    logs, processes = [log_dir / f"{name}.log" for name in names], []
    try:
        for name, log in zip(names, logs, strict=True):
            command = [sys.executable, "manage.py", "task_worker", "--name", name]
            with log.open("w") as output:
                processes.append(
                    subprocess.Popen(  # noqa: S603
                        command, cwd=ROOT, env=environment, stdout=output, stderr=subprocess.STDOUT
                    )
                )
        for log, process in zip(logs, processes, strict=True):
            _wait_ready(log, process, READY[backend])
        yield logs
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def _wait_ready(log: Path, process: subprocess.Popen, marker: str) -> None:
    deadline = time.monotonic() + START_TIMEOUT_SECONDS
    while marker not in log.read_text(errors="replace"):
        if process.poll() is not None or time.monotonic() > deadline:
            raise AssertionError(f"The worker did not start:\n{log.read_text(errors='replace')}")
        time.sleep(0.2)


def wait_finished(results: list[TaskResult], timeout: float = 180) -> None:
    """Wait until every one of `results` has finished, successfully or not."""
    deadline = time.monotonic() + timeout
    for result in results:
        result.refresh()
        while result.status not in {TaskResultStatus.SUCCESSFUL, TaskResultStatus.FAILED}:
            if time.monotonic() > deadline:
                raise AssertionError(f"Task {result.id} did not finish: {result.status}")
            time.sleep(0.3)
            result.refresh()
