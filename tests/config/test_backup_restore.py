"""The backup and restore of docs/deployment.md, tried: pg_dump, pg_restore, grant_application_role.

The test database is dumped as the owner (custom format), restored into a fresh database, and
the site's role is granted it again: the decision and its history are there, the site's role
reads them, and the restored history is still append-only. The scratch database and role are
dropped afterwards.
"""

import os
import re
import secrets
import shutil
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest
from django.conf import settings

from decisions.models import Decision
from tests.config.database import database_url
from tests.decisions.public_data import published

ROOT = Path(__file__).resolve().parents[2]
HISTORY_TABLE = Decision.history.model._meta.db_table


def _client_binary(name: str) -> str:
    """The newest Postgres client of that name (as alpha_hub.embedded_db picks the server)."""
    versions = sorted(
        Path("/usr/lib/postgresql").glob(f"*/bin/{name}"),
        key=lambda p: int(p.parents[1].name) if p.parents[1].name.isdigit() else 0,
    )
    found = str(versions[-1]) if versions else shutil.which(name)
    if not found:
        pytest.skip(f"{name} is not installed (apt-get install postgresql-client)")
    return found


def _libpq(database: dict) -> tuple[list[str], dict[str, str]]:
    """Connection arguments for pg_dump and pg_restore, and the environment with the password."""
    arguments = ["--username", database["USER"]]
    if database["HOST"]:
        arguments += ["--host", database["HOST"]]
    if database["PORT"]:
        arguments += ["--port", str(database["PORT"])]
    password = {"PGPASSWORD": database["PASSWORD"]} if database["PASSWORD"] else {}
    return arguments, os.environ | password


def _connect(database: dict, **overrides) -> psycopg.Connection:
    database = database | overrides
    return psycopg.connect(
        dbname=database["NAME"],
        host=database["HOST"] or None,
        port=database["PORT"] or None,
        user=database["USER"],
        password=database["PASSWORD"] or None,
        autocommit=True,
    )


@pytest.fixture
def scratch():
    """A fresh, empty database beside the test database, and a role for the site; both dropped."""
    owner = settings.DATABASES["default"]
    name = re.sub(r"[^a-z0-9_]", "_", f"{owner['NAME']}_restore".lower())[:55]
    role = f"{name}_app"
    with _connect(owner) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')  # left by a killed run
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        yield owner | {"NAME": name}, {"USER": role, "PASSWORD": secrets.token_urlsafe(16)}
    finally:
        with _connect(owner) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            connection.execute(f'DROP ROLE IF EXISTS "{role}"')


@pytest.mark.django_db(transaction=True)
def test_a_restored_dump_keeps_the_decisions_and_their_history(scratch, tmp_path):
    decision = published(title="Funding for the violence reduction unit")
    history = list(decision.history.order_by("history_id").values_list("history_type", "title"))
    assert len(history) >= 2
    restored, role = scratch
    dump = tmp_path / "alpha_hub.dump"
    arguments, environment = _libpq(settings.DATABASES["default"])

    # The backup: the owner's view of the whole database, in pg_dump's custom format.
    subprocess.run(  # noqa: S603
        [_client_binary("pg_dump"), *arguments, "--format=custom", "--file", str(dump),
         settings.DATABASES["default"]["NAME"]],
        env=environment, check=True, capture_output=True,
    )  # fmt: skip
    # The restore: into an empty database, owned by whoever restores, grants left out...
    subprocess.run(  # noqa: S603
        [_client_binary("pg_restore"), *arguments, "--no-owner", "--no-acl", "--exit-on-error",
         "--dbname", restored["NAME"], str(dump)],
        env=environment, check=True, capture_output=True,
    )  # fmt: skip
    # ...and given back to the site's role by the command that made them.
    granted = subprocess.run(
        [sys.executable, "manage.py", "grant_application_role"],
        cwd=ROOT, capture_output=True, text=True, check=False,
        env=os.environ | {
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DATABASE_URL": database_url(restored | role),
            "DATABASE_OWNER_URL": database_url(restored),
            "DATABASE_AS_OWNER": "true",
        },
    )  # fmt: skip
    assert granted.returncode == 0, granted.stdout + granted.stderr

    with _connect(restored, **role) as site:
        title = site.execute("SELECT title FROM decisions_decision WHERE id = %s", [decision.pk])
        assert title.fetchone() == ("Funding for the violence reduction unit",)
        rows = site.execute(
            f"SELECT history_type, title FROM {HISTORY_TABLE} WHERE id = %s ORDER BY history_id",
            [decision.pk],
        )
        assert rows.fetchall() == history
        # The append-only triggers came back with the schema: history cannot be rewritten.
        with pytest.raises(psycopg.errors.RaiseException):
            site.execute(f"UPDATE {HISTORY_TABLE} SET title = 'rewritten'")
