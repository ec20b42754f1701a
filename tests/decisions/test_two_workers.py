"""Two worker processes on one queue and one database issue a decision's documents once."""

import contextlib
import time
from collections.abc import Iterator

import psycopg
import pytest
from django.db import connection
from django.test import override_settings
from django_tasks import TaskResult, TaskResultStatus

from decisions.models import Decision, DecisionDocument
from decisions.tasks import decision_documents_issue_task
from tests.task_workers import wait_finished, worker_environment, workers

TASK_BACKENDS = {
    "rq": {"BACKEND": "django_tasks_rq.RQBackend"},
    "database": {"BACKEND": "alpha_hub.task_backends.RetryingDatabaseBackend"},
}
# More copies of the task than workers: whichever worker takes which, each sees the others' work.
COPIES = 4


@contextlib.contextmanager
def _row_locked(decision: Decision) -> Iterator[None]:
    """Hold `decision`'s row lock from a connection of the test's own, as a slow issuer would."""
    database = connection.settings_dict
    with psycopg.connect(
        dbname=database["NAME"], host=database["HOST"] or None, port=database["PORT"] or None,
        user=database["USER"], password=database["PASSWORD"] or None,
    ) as other:  # fmt: skip
        table = Decision._meta.db_table
        other.execute(f"SELECT 1 FROM {table} WHERE id = %s FOR UPDATE", [decision.pk])
        yield
        other.rollback()


def _wait_started(results: list[TaskResult], *, count: int, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while True:
        for result in results:
            result.refresh()
        if sum(result.status != TaskResultStatus.READY for result in results) >= count:
            return
        assert time.monotonic() < deadline, [result.status for result in results]
        time.sleep(0.2)


@pytest.mark.parametrize("backend", ["rq", "database"])
@pytest.mark.django_db(transaction=True)
def test_two_workers_issue_the_documents_exactly_once(backend, demo, redis_url, tmp_path):
    decision = Decision.objects.get(series__code="PCD", number=867)
    assert decision.is_signed
    assert not decision.documents.exists()
    # One attempt each (RQ's retries are set as a job is queued, the database's by the worker):
    # a copy that lost a race must show as failed, not pass on a retry.
    environment = worker_environment(
        backend, redis_url=redis_url, media_root=tmp_path / "media", TASKS_MAX_ATTEMPTS="1"
    )
    rq_queues = {"default": {"URL": redis_url}}
    with (
        workers(environment, ["worker-a", "worker-b"], tmp_path),
        override_settings(
            TASKS={"default": TASK_BACKENDS[backend]}, RQ_QUEUES=rq_queues, TASKS_MAX_ATTEMPTS=1
        ),
    ):
        # The test holds the decision's row until both workers have taken a copy: they then
        # issue at the same moment, as two workers picking the task up at once would.
        with _row_locked(decision):
            results = [
                decision_documents_issue_task.enqueue(decision.pk, demo["dmpc"].pk)
                for _ in range(COPIES)
            ]
            _wait_started(results, count=2)
        wait_finished(results)

    assert [result.status for result in results] == [TaskResultStatus.SUCCESSFUL] * COPIES
    # Both workers took a copy while the row was held, so they issued at the same time.
    assert {worker for result in results for worker in result.worker_ids} == {
        "worker-a",
        "worker-b",
    }
    documents = DecisionDocument.objects.filter(decision=decision)
    assert sorted(documents.values_list("variant", flat=True)) == sorted(
        DecisionDocument.Variant.values
    )
    for document in documents:  # stored by the worker, on the disk it was given
        assert (tmp_path / "media" / document.file.name).read_bytes()[:5] == b"%PDF-"
