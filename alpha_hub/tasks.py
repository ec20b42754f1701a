"""Background work shared by every app: the email task, and the list of tasks that failed.

Tasks go through the django_tasks API to the backend TASKS_BACKEND names: inline (immediate),
Postgres (django-tasks-db's `db_worker`) or Redis (RQ through django-tasks-rq). A task that raises
is tried again (alpha_hub/task_backends.py), then stays failed and is listed for administrators
(failed_tasks()). See docs/adr/0055-task-workers-and-redis.md.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

import django_rq
from django.core.mail import send_mail
from django.utils import timezone
from django_tasks import task, task_backends
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.models import DBTaskResult
from django_tasks_rq import Job as RQJob
from django_tasks_rq import RQBackend
from rq.registry import FailedJobRegistry

logger = logging.getLogger(__name__)

# How many failed tasks the administrators' page shows, newest first.
FAILED_TASKS_SHOWN = 200


@task()
def send_email(subject: str, body: str, recipients: list[str]) -> None:
    """Send one message to `recipients`; a failure raises, so the worker tries it again."""
    send_mail(subject, body, None, recipients)


def email_enqueue(*, subject: str, body: str, recipients: list[str]) -> None:
    """Queue one message; a queue that cannot be reached is logged, never raised.

    Called after commit: a decision already made must not fail, nor seem to, for its email.
    """
    if not recipients:
        return
    try:
        send_email.enqueue(subject, body, recipients)
    except Exception:
        logger.exception("Could not queue the email %r to %s", subject, recipients)


@dataclass(frozen=True)
class FailedTask:
    """A task that failed its last attempt, as the administrators' page shows it."""

    id: str
    name: str
    arguments: str
    attempts: int
    failed_at: datetime | None
    error: str
    traceback: str


def failures_kept() -> bool:
    """Whether the default backend keeps failed tasks (a queue does; inline running does not)."""
    return isinstance(task_backends["default"], DatabaseBackend | RQBackend)


def failed_tasks(limit: int = FAILED_TASKS_SHOWN) -> list[FailedTask]:
    """The tasks of the default backend that failed every attempt, newest first.

    Inline tasks (TASKS_BACKEND=immediate) are not kept anywhere: their failures are in the log.
    """
    backend = task_backends["default"]
    if isinstance(backend, DatabaseBackend):
        rows = DBTaskResult.objects.failed().filter(backend_name=backend.alias)
        found = [_from_database(row) for row in rows.order_by("-finished_at")[:limit]]
    elif isinstance(backend, RQBackend):
        found = _from_rq(backend, limit)
    else:
        return []
    return sorted(found, key=lambda t: t.failed_at or timezone.now(), reverse=True)[:limit]


def _arguments(args: list, kwargs: dict) -> str:
    return ", ".join([*(repr(value) for value in args), *(f"{k}={v!r}" for k, v in kwargs.items())])


def _last_line(traceback: str) -> str:
    """The exception and its message: a traceback's last line."""
    lines = [line for line in traceback.splitlines() if line.strip()]
    return lines[-1] if lines else ""


def _from_database(row: DBTaskResult) -> FailedTask:
    return FailedTask(
        id=str(row.id),
        name=row.task_path,
        arguments=_arguments(row.args_kwargs.get("args", []), row.args_kwargs.get("kwargs", {})),
        attempts=len(row.worker_ids),
        failed_at=row.finished_at,
        error=_last_line(row.traceback) or row.exception_class_path,
        traceback=row.traceback,
    )


def _from_rq(backend: RQBackend, limit: int) -> list[FailedTask]:
    found = []
    for name in sorted(backend.queues):
        queue = django_rq.get_queue(name, job_class=RQJob)
        # Newest first (the score is when it failed plus RQ's failure TTL), and only read.
        job_ids = FailedJobRegistry(queue=queue).get_job_ids(0, limit - 1, desc=True, cleanup=False)
        found += [_from_rq_job(job) for job in RQJob.fetch_many(job_ids, queue.connection) if job]
    return found


def _from_rq_job(job: RQJob) -> FailedTask:
    failures = [result for result in job.results() if result.type == result.Type.FAILED]
    # RQ keeps a result for the last attempt only; django-tasks-rq's failure callback, which runs
    # after every attempt, notes each one's exception class in the job's meta.
    exceptions = job.meta.get("_django_tasks_rq_exceptions", [])
    traceback = failures[0].exc_string or "" if failures else ""
    return FailedTask(
        id=job.id,
        name=job.func_name,
        arguments=_arguments(list(job.args), job.kwargs),
        attempts=len(exceptions) or len(failures),
        failed_at=job.ended_at,
        error=_last_line(traceback) or (exceptions[-1] if exceptions else ""),
        traceback=traceback,
    )
