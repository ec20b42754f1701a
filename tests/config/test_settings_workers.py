"""TASKS_BACKEND, REDIS_URL and SITE_URL from the environment: clear refusals for bad values."""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PRINT = (
    "from django.conf import settings; import json;"
    " print(json.dumps([settings.SITE_URL, settings.TASKS['default']['BACKEND']]))"
)
VARIABLES = ("SITE_URL", "TASKS_BACKEND", "REDIS_URL", "ALLOWED_HOSTS", "DEBUG", "HTTPS")


def _settings(**variables: str) -> subprocess.CompletedProcess:
    """Load the production settings with these variables (the others empty or harmless)."""
    environment = {k: v for k, v in os.environ.items() if k not in VARIABLES}
    environment |= {
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DATABASE_URL": "postgres://nobody@127.0.0.1:1/unused",  # never connected to
        "SECRET_KEY": secrets.token_urlsafe(50),
        "PDF_DEV_CA": "true",
        # Empty rather than absent, so that a developer's .env cannot fill them in.
        **dict.fromkeys(VARIABLES, ""),
        "DEBUG": "false",
        "HTTPS": "true",
        "ALLOWED_HOSTS": "hub.example.org",
        **variables,
    }
    return subprocess.run(  # noqa: S603
        [sys.executable, "-c", PRINT], cwd=ROOT, env=environment, capture_output=True,
        text=True, check=False,
    )  # fmt: skip


def _loaded(**variables: str) -> list[str]:
    result = _settings(**variables)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_development_links_point_at_the_development_server():
    assert _loaded(DEBUG="true") == [
        "http://127.0.0.1:8000",
        "django_tasks.backends.immediate.ImmediateBackend",
    ]


def test_production_links_use_site_url_or_else_the_first_allowed_host():
    assert _loaded(SITE_URL="https://hub.example.org/")[0] == "https://hub.example.org"
    assert _loaded(SITE_URL="http://127.0.0.1:9000")[0] == "http://127.0.0.1:9000"
    assert _loaded(ALLOWED_HOSTS=".example.org,www.example.org")[0] == "https://www.example.org"


@pytest.mark.parametrize(
    ("variables", "message"),
    [
        ({"SITE_URL": "hub.example.org"}, "SITE_URL must be like https://example.org"),
        ({"SITE_URL": "https://hub.example.org/staff"}, "SITE_URL must be like"),
        ({"ALLOWED_HOSTS": "*"}, "Set SITE_URL to the site's address"),
        ({"TASKS_BACKEND": "celery"}, "TASKS_BACKEND must be one of immediate, database, rq"),
        ({"TASKS_BACKEND": "rq"}, "TASKS_BACKEND=rq needs REDIS_URL"),
        ({"TASKS_MAX_ATTEMPTS": "0"}, "TASKS_MAX_ATTEMPTS must be 1 or more"),
    ],
)
def test_a_bad_value_stops_the_site_with_what_to_set(variables, message):
    result = _settings(**variables)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert message in result.stderr


def test_rq_with_redis_url_is_the_rq_backend():
    loaded = _loaded(TASKS_BACKEND="rq", REDIS_URL="redis://127.0.0.1:6379/0")
    assert loaded[1] == "django_tasks_rq.RQBackend"
