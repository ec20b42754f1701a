"""manage.py task_worker: run the background tasks of the configured backend (`make worker`).

TASKS_BACKEND=database runs django-tasks-db's `db_worker`; `rq` runs django-rq's `rqworker` on
the queue in REDIS_URL, with its scheduler (retries wait in it); `immediate` has nothing to run.
Start as many as the work needs, on any host: each task goes to one worker.
See docs/adr/0055-task-workers-and-redis.md.
"""

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django_tasks import task_backends
from django_tasks_db.backend import DatabaseBackend
from django_tasks_rq import RQBackend


class Command(BaseCommand):
    help = "Run the worker for TASKS_BACKEND (database or rq); with immediate, say so and stop."

    def add_arguments(self, parser):
        parser.add_argument(
            "--burst", action="store_true", help="Run the tasks already queued, then stop."
        )
        parser.add_argument("--name", default="", help="The worker's name (unique per worker).")

    def handle(self, *args, burst: bool, name: str, **options):
        backend = task_backends["default"]
        verbosity = options["verbosity"]
        if isinstance(backend, DatabaseBackend):
            extra = {"worker_id": name} if name else {}
            call_command("db_worker", batch=burst, verbosity=verbosity, **extra)
        elif isinstance(backend, RQBackend):
            extra = {"name": name} if name else {}
            call_command(
                "rqworker", *sorted(backend.queues), burst=burst, with_scheduler=True,
                verbosity=verbosity, **extra,
            )  # fmt: skip
        else:
            self.stdout.write(
                f"TASKS_BACKEND is {settings.TASKS_BACKEND}: each task runs in the web process "
                "as it is queued, so there is no worker to start. Set TASKS_BACKEND=database, or "
                "rq with REDIS_URL, to queue tasks for workers."
            )
