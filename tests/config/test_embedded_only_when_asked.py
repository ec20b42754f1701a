"""Database settings: the embedded database only when asked for, two roles, connection reuse."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management.utils import get_random_secret_key

ROOT = Path(__file__).resolve().parents[2]
DATABASE_VARIABLES = ("DATABASE_URL", "DATABASE_OWNER_URL", "EMBEDDED_DB", "DATABASE_AS_OWNER")
PRINT_DATABASE = (
    "from django.conf import settings; import json; d = settings.DATABASES['default'];"
    " print(json.dumps({k: d[k] for k in ('USER', 'HOST', 'CONN_MAX_AGE')}))"
)


def _run(args: list[str], **variables: str) -> subprocess.CompletedProcess:
    """Python in the checkout, with production-like settings and only these database variables."""
    environment = {k: v for k, v in os.environ.items() if k not in DATABASE_VARIABLES}
    environment |= {
        # Empty rather than absent, so that a developer's .env cannot fill them in.
        "DATABASE_URL": "",
        "DATABASE_OWNER_URL": "",
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DEBUG": "false",
        "SECRET_KEY": get_random_secret_key(),
        "PDF_DEV_CA": "true",
        **variables,
    }
    return subprocess.run(  # noqa: S603
        [sys.executable, *args], cwd=ROOT, env=environment, capture_output=True, text=True,
        check=False,
    )  # fmt: skip


def _database_settings(**variables: str) -> dict:
    result = _run(["-c", PRINT_DATABASE], **variables)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_production_without_database_url_refuses_to_start():
    result = _run(["manage.py", "check"])
    assert result.returncode != 0
    assert "ImproperlyConfigured: DATABASE_URL is not set" in result.stderr
    assert "EMBEDDED_DB=true" in result.stderr


def test_turning_the_embedded_database_off_refuses_even_in_development():
    result = _run(["manage.py", "check"], DEBUG="true", EMBEDDED_DB="false")
    assert "DATABASE_URL is not set" in result.stderr


@pytest.mark.skipif(
    bool(os.environ.get("DATABASE_URL")),
    reason="would start an embedded cluster beside the one in use",
)
def test_the_embedded_database_starts_when_asked_for_and_the_site_uses_its_own_role():
    database = _database_settings(EMBEDDED_DB="true")
    assert (database["USER"], Path(database["HOST"]).name) == ("alpha_hub_app", "run")
    assert _database_settings(EMBEDDED_DB="true", DATABASE_AS_OWNER="true")["USER"] == "postgres"
    # In development by default; an empty EMBEDDED_DB (as .env.example has it) is the default.
    assert _database_settings(DEBUG="true", EMBEDDED_DB="")["USER"] == "alpha_hub_app"


def test_the_site_connects_as_the_application_role_and_migrations_as_the_owner():
    urls = {
        "DATABASE_URL": "postgres://alpha_hub_app:secret@db.example.org/alpha_hub",
        "DATABASE_OWNER_URL": "postgres://alpha_hub_owner:other@db.example.org/alpha_hub",
    }
    assert _database_settings(**urls)["USER"] == "alpha_hub_app"
    assert _database_settings(**urls, DATABASE_AS_OWNER="true")["USER"] == "alpha_hub_owner"


@pytest.mark.parametrize(
    ("variables", "expected"),
    [
        ({"DEBUG": "true"}, 0),  # the development server: a connection per request thread
        ({"DEBUG": "false"}, 60),
        ({"DEBUG": "true", "CONN_MAX_AGE": "30"}, 30),
    ],
)
def test_connections_are_kept_open_only_outside_development(variables, expected):
    database = _database_settings(DATABASE_URL="postgres://app@db.example.org/x", **variables)
    assert database["CONN_MAX_AGE"] == expected
