"""Task backends with bounded retries: TASKS_MAX_ATTEMPTS attempts, TASKS_RETRY_DELAY doubling.

Settings name these classes (TASKS, RQ): django-tasks-db's backend and django-rq's queue, each
with the retries added; alpha_hub/tasks.py lists what failed every attempt. A module of its own:
the @task decorator loads the backend, so the backend cannot live beside the tasks.
See docs/adr/0055-task-workers-and-redis.md.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django_rq.queues import DjangoRQ
from django_tasks import TaskResultStatus
from django_tasks.signals import task_finished
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.models import DBTaskResult
from rq.job import Retry

logger = logging.getLogger(__name__)


def retry_delays() -> list[int]:
    """Seconds to wait before each attempt after the first: TASKS_RETRY_DELAY, doubling."""
    first = settings.TASKS_RETRY_DELAY
    return [first * 2**retry for retry in range(settings.TASKS_MAX_ATTEMPTS - 1)]


class RetryingQueue(DjangoRQ):
    """django-rq's queue, giving every job it creates RQ's Retry for the attempts configured.

    Named by the RQ setting's QUEUE_CLASS, so django-tasks-rq's jobs get it without a fork of its
    backend. Delays need the worker's scheduler (`task_worker` starts RQ with it).
    """

    def create_job(self, *args, **kwargs):
        delays = retry_delays()
        if delays and kwargs.get("retry") is None:
            kwargs["retry"] = Retry(max=len(delays), interval=delays)
        return super().create_job(*args, **kwargs)


def database_task_retry(sender, task_result, **kwargs) -> None:
    """A failed database-queued task with attempts left is made ready again, later.

    django-tasks-db has no retries of its own; its rows count attempts as the workers that
    claimed them, so the same row runs again (its last error kept) until TASKS_MAX_ATTEMPTS.
    """
    if task_result.status != TaskResultStatus.FAILED:
        return
    attempts = task_result.attempts
    if attempts >= settings.TASKS_MAX_ATTEMPTS:
        logger.error(
            "Task %s (%s) failed %s times: given up; administrators see it in the failed tasks",
            task_result.id, task_result.task.module_path, attempts,
        )  # fmt: skip
        return
    delay = retry_delays()[attempts - 1]
    DBTaskResult.objects.filter(pk=task_result.id, status=TaskResultStatus.FAILED).update(
        status=TaskResultStatus.READY,
        run_after=timezone.now() + timedelta(seconds=delay),
        finished_at=None,
    )
    logger.warning(
        "Task %s failed (attempt %s): tried again in %ss", task_result.id, attempts, delay
    )


class RetryingDatabaseBackend(DatabaseBackend):
    """django-tasks-db's backend (TASKS_BACKEND=database), whose failed tasks are tried again.

    Its workers send task_finished with this class as sender; the backend, loaded in every
    process that queues or runs its tasks, connects the retry itself.
    """

    def __init__(self, alias: str, params: dict) -> None:
        super().__init__(alias, params)
        task_finished.connect(
            database_task_retry, sender=type(self), dispatch_uid="alpha_hub.task_backends.retry"
        )
