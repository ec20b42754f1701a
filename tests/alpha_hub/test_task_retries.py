"""A task that fails is tried again, later each time, a bounded number of times, then listed."""

import socket

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from alpha_hub.roles import Role
from alpha_hub.tasks import email_enqueue

# The worker runs here, in the test's process, and commits as it goes: transactional tests.
WORKER_RUNS = pytest.mark.django_db(transaction=True)
DATABASE_TASKS = {"default": {"BACKEND": "alpha_hub.task_backends.RetryingDatabaseBackend"}}
FAILED_TASKS = "/staff/tasks/failed/"


@pytest.fixture
def mail_server_down():
    """An SMTP backend pointed at a loopback port nothing listens on: every send is refused."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with override_settings(
        EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=port,
        EMAIL_TIMEOUT=5,
    ):
        yield


def _run_worker():
    call_command("task_worker", burst=True, verbosity=0)


def _queue_email() -> DBTaskResult:
    email_enqueue(subject="Awaiting you", body="Please look.", recipients=["a@example.org"])
    return DBTaskResult.objects.get(task_path="alpha_hub.tasks.send_email")


@WORKER_RUNS
@override_settings(TASKS=DATABASE_TASKS, TASKS_MAX_ATTEMPTS=3, TASKS_RETRY_DELAY=0)
def test_a_refused_email_is_tried_three_times_then_shown_to_administrators(
    mail_server_down, client_for
):
    task = _queue_email()
    _run_worker()

    task.refresh_from_db()
    assert task.status == "FAILED"
    assert len(task.worker_ids) == 3
    assert task.exception_class_path == "builtins.ConnectionRefusedError"
    assert mail.outbox == []
    page = client_for(Role.ADMINISTRATOR).get(FAILED_TASKS)
    assert page.status_code == 200
    row = page.content.decode().split(f'id="task-{task.pk}"')[1].split("</tr>")[0]
    assert "alpha_hub.tasks.send_email" in row
    assert "ConnectionRefusedError" in row
    assert "&#x27;a@example.org&#x27;" in row
    assert row.split("govuk-table__cell--numeric")[1].split(">", 1)[1].split("<")[0].strip() == "3"


@WORKER_RUNS
@override_settings(TASKS=DATABASE_TASKS, TASKS_MAX_ATTEMPTS=3, TASKS_RETRY_DELAY=30)
def test_each_attempt_waits_twice_as_long_as_the_last(mail_server_down, client_for):
    task = _queue_email()
    waits = []
    for _attempt in range(2):
        _run_worker()  # one attempt, then the task waits: nothing is ready
        task.refresh_from_db()
        assert task.status == "READY"
        waits.append(round((task.run_after - timezone.now()).total_seconds() / 10) * 10)
        DBTaskResult.objects.filter(pk=task.pk).update(run_after=timezone.now())  # time passes
    assert waits == [30, 60]
    assert f'id="task-{task.pk}"' not in client_for(Role.ADMINISTRATOR).get(FAILED_TASKS).text

    _run_worker()

    task.refresh_from_db()
    assert task.status == "FAILED"
    assert len(task.worker_ids) == 3
    assert f'id="task-{task.pk}"' in client_for(Role.ADMINISTRATOR).get(FAILED_TASKS).text


@pytest.mark.django_db
def test_only_administrators_see_the_failed_tasks(client_for):
    assert client_for(Role.OFFICER).get(FAILED_TASKS).status_code == 403
    assert client_for(Role.AUDITOR).get(FAILED_TASKS).status_code == 403


@pytest.mark.django_db
def test_with_tasks_run_inline_the_page_says_failures_are_in_the_log(client_for):
    page = client_for(Role.ADMINISTRATOR).get(FAILED_TASKS)
    assert "a failure is in the site's log" in page.text


def test_the_worker_with_tasks_run_inline_says_there_is_nothing_to_run(capsys):
    call_command("task_worker")
    assert "there is no worker to start" in capsys.readouterr().out
