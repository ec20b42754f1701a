"""The site's database role reads and writes rows, and cannot rewrite history by raw SQL."""

import re
import secrets

import psycopg
import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import override_settings

from alpha_hub.models import User

pytestmark = pytest.mark.django_db
HISTORY_TABLE = User.history.model._meta.db_table


def _session(user: str, password: str | None = None) -> psycopg.Connection:
    """A connection of its own to the test database, committing each statement."""
    database = connection.settings_dict
    return psycopg.connect(
        dbname=database["NAME"],
        host=database["HOST"] or None,
        port=database["PORT"] or None,
        user=user,
        password=password or database["PASSWORD"] or None,
        autocommit=True,
    )


def _drop(name: str) -> None:
    with _session(connection.settings_dict["USER"]) as owner:
        if owner.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [name]).fetchone():
            owner.execute(f'DROP OWNED BY "{name}"')
            owner.execute(f'DROP ROLE "{name}"')


@pytest.fixture(scope="module")
def application_role(django_db_setup, django_db_blocker):
    """A role on the test database made the application's by `manage.py grant_application_role`.

    Roles belong to the whole cluster, so the name is the test database's own. Granted before
    any test's transaction begins, so that the role's own connection sees the grants.
    """
    owner = connection.settings_dict
    name = re.sub(r"[^a-z0-9_]", "_", f"{owner['NAME']}_app".lower())[:63]
    role = {"USER": name, "PASSWORD": secrets.token_urlsafe(16)}
    with django_db_blocker.unblock():
        _drop(name)  # left over by a run that was killed
        with override_settings(APPLICATION_DATABASE=owner | role):
            call_command("grant_application_role")
        yield owner | role
        _drop(name)


@pytest.fixture
def as_application(application_role):
    """A connection to the test database as the application's role."""
    with _session(application_role["USER"], application_role["PASSWORD"]) as session:
        yield session


@pytest.mark.parametrize(
    "attack",
    [
        f"TRUNCATE {HISTORY_TABLE}",
        f"ALTER TABLE {HISTORY_TABLE} DISABLE TRIGGER ALL",
        "SET session_replication_role = replica",
        f"DROP TABLE {HISTORY_TABLE}",
    ],
    ids=["truncate", "disable-trigger", "replication-role", "drop-table"],
)
def test_the_application_role_cannot_get_round_the_append_only_history(as_application, attack):
    # Refused for want of the privilege: the triggers are never reached.
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        as_application.execute(attack)


def test_the_application_role_reads_and_writes_rows(as_application):
    created = as_application.execute(
        "INSERT INTO auth_group (name) VALUES (%s) RETURNING id", [secrets.token_hex(8)]
    ).fetchone()[0]
    as_application.execute("UPDATE auth_group SET name = name || '!' WHERE id = %s", [created])
    as_application.execute("DELETE FROM auth_group WHERE id = %s", [created])
    gone = as_application.execute("SELECT count(*) FROM auth_group WHERE id = %s", [created])
    assert gone.fetchone() == (0,)


def test_the_application_role_may_read_and_write_every_table_but_migrations(application_role):
    role = application_role["USER"]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tablename, array_agg(privilege ORDER BY privilege) FROM pg_tables,"
            " unnest(ARRAY['DELETE', 'INSERT', 'SELECT', 'TRUNCATE', 'UPDATE']) AS privilege"
            " WHERE schemaname = current_schema()"
            " AND has_table_privilege(%s, format('%%I.%%I', schemaname, tablename), privilege)"
            " GROUP BY tablename",
            [role],
        )
        granted = dict(cursor.fetchall())
        cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")
        tables = {table for (table,) in cursor.fetchall()}
    rows = ["DELETE", "INSERT", "SELECT", "UPDATE"]
    assert granted.pop("django_migrations") == ["SELECT"]
    # Sessions, django-axes, django-otp and the django-tasks-db queue among them.
    assert {"django_session", "axes_accessattempt", "otp_totp_totpdevice"} <= set(granted)
    assert "django_tasks_database_dbtaskresult" in granted
    assert granted == dict.fromkeys(tables - {"django_migrations"}, rows)


def test_tables_made_after_the_grant_are_granted_too(as_application):
    table = f"{as_application.info.user}_later"
    with _session(connection.settings_dict["USER"]) as owner:
        owner.execute(f"CREATE TABLE {table} (id bigserial PRIMARY KEY, note text)")  # a migration
        try:
            as_application.execute(f"INSERT INTO {table} (note) VALUES ('written by the site')")
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                as_application.execute(f"TRUNCATE {table}")
        finally:
            owner.execute(f"DROP TABLE {table}")


def test_a_role_that_is_a_member_of_the_owner_is_refused(application_role, settings):
    settings.APPLICATION_DATABASE = application_role
    owner = connection.settings_dict["USER"]
    with connection.cursor() as cursor:  # undone with the test's transaction
        cursor.execute(f'GRANT "{owner}" TO "{application_role["USER"]}"')
    with pytest.raises(CommandError, match=f"member of {owner}"):
        call_command("grant_application_role")


def test_the_command_refuses_to_run_as_the_application_role(settings):
    settings.DATABASE_AS_OWNER = False
    with pytest.raises(CommandError, match="DATABASE_AS_OWNER=true"):
        call_command("grant_application_role")
