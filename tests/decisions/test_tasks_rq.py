"""TASKS_BACKEND=rq: queued in Redis, run by an RQ worker, retried with backoff, then listed."""

import pytest
from django.test import override_settings
from django_tasks import TaskResultStatus
from django_tasks_rq import Job

from alpha_hub.roles import Role
from decisions.tasks import decision_documents_issue_task
from tests.decisions.test_workflow_support import complete_draft, make_people
from tests.task_workers import wait_finished, worker_environment, workers

FAILED_TASKS = "/staff/tasks/failed/"


@pytest.fixture
def rq_backend(redis_url):
    """The test process queues in the suite's Redis, as a web host with TASKS_BACKEND=rq would."""
    with override_settings(
        TASKS={"default": {"BACKEND": "django_tasks_rq.RQBackend"}},
        RQ_QUEUES={"default": {"URL": redis_url}},
    ):
        yield redis_url


@pytest.mark.django_db
@override_settings(TASKS_MAX_ATTEMPTS=4, TASKS_RETRY_DELAY=10)
def test_a_job_is_queued_with_its_retries_and_growing_delays(rq_backend):
    result = decision_documents_issue_task.enqueue(0, 0)
    job = Job.fetch(result.id, connection=_connection(rq_backend))
    try:
        assert job.retries_left == 3
        assert job.retry_intervals == [10, 20, 40]
    finally:
        job.delete()


@pytest.mark.django_db(transaction=True)
@override_settings(TASKS_MAX_ATTEMPTS=3, TASKS_RETRY_DELAY=1)
def test_a_failing_task_is_retried_then_shown_to_administrators(rq_backend, client_for, tmp_path):
    draft = complete_draft(make_people().drafter)  # unsigned: issuing its documents fails
    environment = worker_environment("rq", redis_url=rq_backend, media_root=tmp_path)
    with workers(environment, ["worker-a"], tmp_path):
        result = decision_documents_issue_task.enqueue(draft.pk, draft.drafted_by_id)
        wait_finished([result], timeout=120)

    assert result.status == TaskResultStatus.FAILED
    assert result.errors[-1].exception_class_path == "django.core.exceptions.ValidationError"
    page = client_for(Role.ADMINISTRATOR).get(FAILED_TASKS).text
    row = page.split(f'id="task-{result.id}"')[1].split("</tr>")[0]
    assert "decisions.tasks.decision_documents_issue_task" in row
    assert f"{draft.pk}, {draft.drafted_by_id}" in row
    assert "Only a signed decision has signed documents." in row
    # The first attempt and two retries, 1 then 2 seconds later.
    assert _attempts_cell(row) == "3"


def _attempts_cell(row: str) -> str:
    return row.split("govuk-table__cell--numeric")[1].split(">", 1)[1].split("<", 1)[0].strip()


def _connection(redis_url):
    import redis

    return redis.Redis.from_url(redis_url)
