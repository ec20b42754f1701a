"""The failed background tasks, for administrators to read (docs/adr/0055)."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from alpha_hub.access import allow, any_role
from alpha_hub.roles import Role
from alpha_hub.tasks import FAILED_TASKS_SHOWN, failed_tasks, failures_kept


@allow(any_role(Role.ADMINISTRATOR))
def failed_task_list(request: HttpRequest) -> HttpResponse:
    """Tasks that failed every attempt, newest first, with their last error; read only."""
    context = {
        "tasks": failed_tasks(),
        "kept": failures_kept(),
        "max_attempts": settings.TASKS_MAX_ATTEMPTS,
        "shown": FAILED_TASKS_SHOWN,
    }
    return render(request, "staff/failed_tasks.html", context)
