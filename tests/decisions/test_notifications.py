"""Notifications are email tasks with absolute links: sent by a worker, tried again if refused."""

import re

import pytest
from django.conf import settings
from django.core import mail
from django.core.management import call_command
from django.test import override_settings
from django_tasks_db.models import DBTaskResult

from decisions import services
from tests.decisions.test_workflow_support import complete_draft, make_people

DATABASE_TASKS = {"default": {"BACKEND": "alpha_hub.task_backends.RetryingDatabaseBackend"}}


def _submit(django_capture_on_commit_callbacks):
    people = make_people()
    decision = complete_draft(people.drafter)
    with django_capture_on_commit_callbacks(execute=True):
        services.decision_submit(decision=decision, user=people.drafter)
    return decision, people


@pytest.mark.django_db
def test_the_link_in_an_email_is_absolute(django_capture_on_commit_callbacks):
    decision, _people = _submit(django_capture_on_commit_callbacks)
    link = f"{settings.SITE_URL}/staff/decisions/{decision.pk}/"
    assert re.match(r"https?://[^/]+$", settings.SITE_URL)
    assert link in mail.outbox[-1].body


@pytest.mark.django_db
@override_settings(SITE_URL="https://hub.example.org")
def test_the_link_uses_site_url(django_capture_on_commit_callbacks):
    decision, _people = _submit(django_capture_on_commit_callbacks)
    assert f"https://hub.example.org/staff/decisions/{decision.pk}/" in mail.outbox[-1].body


@pytest.mark.django_db(transaction=True)
@override_settings(TASKS=DATABASE_TASKS, SITE_URL="https://hub.example.org")
def test_the_email_waits_for_a_worker_which_sends_it(django_capture_on_commit_callbacks):
    decision, people = _submit(django_capture_on_commit_callbacks)
    assert mail.outbox == []  # the move is done; the message is queued
    queued = DBTaskResult.objects.get(task_path="alpha_hub.tasks.send_email")
    assert queued.args_kwargs["args"][2] == [people.clearer.email]

    call_command("task_worker", burst=True, verbosity=0)

    assert [message.to for message in mail.outbox] == [[people.clearer.email]]
    assert f"https://hub.example.org/staff/decisions/{decision.pk}/" in mail.outbox[0].body
    queued.refresh_from_db()
    assert queued.status == "SUCCESSFUL"
