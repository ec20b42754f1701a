"""The application's database role: reads and writes rows, owns nothing (docs/adr/0051).

Append-only tables (ADR 0004) are kept so by row triggers, which only the tables' owner or a
superuser can switch off (`ALTER TABLE ... DISABLE TRIGGER`, `SET session_replication_role`) or
get round (`TRUNCATE` needs its own privilege, `DROP TABLE` ownership). So the site connects as a
role granted SELECT, INSERT, UPDATE and DELETE and nothing else; migrations run as the owner.

Each function takes a DB-API cursor connected as the owner (or a superuser), so the management
command, the embedded database and the tests share one implementation.
"""

from __future__ import annotations

import re
from typing import Any

# Lower-case letters, digits and underscores: the role name goes into SQL as an identifier.
_ROLE_NAME = re.compile(r"[a-z_][a-z0-9_]{0,62}")
TABLE_PRIVILEGES = "SELECT, INSERT, UPDATE, DELETE"
SEQUENCE_PRIVILEGES = "USAGE, SELECT"
# Django's record of applied migrations: the application reads it (runserver's check) only.
MIGRATIONS_TABLE = "django_migrations"
_SAFE_ATTRIBUTES = "NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS"


class DatabaseRoleError(RuntimeError):
    """The application role cannot be made safe; the message says why."""


def quoted_role(name: str) -> str:
    """`name` as a quoted SQL identifier, refused unless it is a plain role name."""
    if not _ROLE_NAME.fullmatch(name or ""):
        raise DatabaseRoleError(
            f"{name!r} is not a usable role name: use lower-case letters, digits and underscores."
        )
    return f'"{name}"'


def _one(cursor: Any, sql: str, params: list[Any] | None = None) -> Any:
    if params:
        cursor.execute(sql, params)
    else:
        cursor.execute(sql)
    row = cursor.fetchone()
    return row[0] if row else None


def role_exists(cursor: Any, name: str) -> bool:
    """Whether the cluster has a role called `name`."""
    return bool(_one(cursor, "SELECT 1 FROM pg_roles WHERE rolname = %s", [name]))


def role_ensure(cursor: Any, name: str, password: str | None = None) -> None:
    """Create `name`, if missing, as a login role with no special attributes; set `password`."""
    role = quoted_role(name)
    if not role_exists(cursor, name):
        cursor.execute(f"CREATE ROLE {role} LOGIN {_SAFE_ATTRIBUTES}")
    if password:
        # A parameter, quoted by the driver: Django's cursor binds on the client side, as a
        # utility statement needs.
        cursor.execute(f"ALTER ROLE {role} LOGIN PASSWORD %s", [password])


def role_problems(cursor: Any, name: str) -> list[str]:
    """What would let `name` get round the append-only triggers; empty when nothing would."""
    cursor.execute(
        "SELECT rolsuper, rolcreaterole, rolbypassrls, rolreplication FROM pg_roles"
        " WHERE rolname = %s",
        [name],
    )
    row = cursor.fetchone()
    if row is None:
        return [f"there is no role {name}"]
    attributes = (
        "a superuser",
        "allowed to create roles",
        "exempt from row security",
        "a replication role",
    )
    problems = [f"{name} is {what}" for what, held in zip(attributes, row, strict=True) if held]
    owned = _one(
        cursor,
        "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
        " WHERE c.relowner = (SELECT oid FROM pg_roles WHERE rolname = %s)"
        " AND n.nspname = current_schema()",
        [name],
    )
    if owned:
        problems.append(f"{name} owns {owned} tables, sequences or indexes")
    owners = _one(
        cursor,
        "SELECT string_agg(DISTINCT pg_get_userbyid(c.relowner), ', ') FROM pg_class c"
        " JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = current_schema()"
        " AND c.relowner <> (SELECT oid FROM pg_roles WHERE rolname = %s)"
        " AND pg_has_role(%s, c.relowner, 'MEMBER')",
        [name, name],
    )
    if owners:
        problems.append(f"{name} is a member of {owners}, which owns tables")
    truncatable = _one(
        cursor,
        "SELECT count(*) FROM pg_tables WHERE schemaname = current_schema()"
        " AND (has_table_privilege(%s, format('%%I.%%I', schemaname, tablename), 'TRUNCATE')"
        " OR has_table_privilege(%s, format('%%I.%%I', schemaname, tablename), 'TRIGGER'))",
        [name, name],
    )
    if truncatable:
        problems.append(f"{name} may truncate or add triggers to {truncatable} tables")
    if int(_one(cursor, "SHOW server_version_num")) >= 150000 and _one(
        cursor, "SELECT has_parameter_privilege(%s, 'session_replication_role', 'SET')", [name]
    ):
        problems.append(f"{name} may set session_replication_role, which skips triggers")
    return problems


def application_role_grant(cursor: Any, name: str, password: str | None = None) -> None:
    """Make `name` the application's role: DML on every table, now and after later migrations.

    Run as the owner of the tables, inside one transaction. Privileges the role held before are
    revoked first, so it ends with exactly these; a role that is a superuser, owns tables or is a
    member of their owner is refused with DatabaseRoleError.
    """
    role = quoted_role(name)
    if name == _one(cursor, "SELECT current_user"):
        raise DatabaseRoleError(f"{name} is the role running this: it owns the tables.")
    role_ensure(cursor, name, password)
    database = _one(cursor, "SELECT quote_ident(current_database())")
    schema = _one(cursor, "SELECT quote_ident(current_schema())")
    for statement in (
        f"GRANT CONNECT ON DATABASE {database} TO {role}",
        f"GRANT USAGE ON SCHEMA {schema} TO {role}",
        f"REVOKE ALL ON ALL TABLES IN SCHEMA {schema} FROM {role}",
        f"REVOKE ALL ON ALL SEQUENCES IN SCHEMA {schema} FROM {role}",
        f"GRANT {TABLE_PRIVILEGES} ON ALL TABLES IN SCHEMA {schema} TO {role}",
        f"GRANT {SEQUENCE_PRIVILEGES} ON ALL SEQUENCES IN SCHEMA {schema} TO {role}",
        # Tables and sequences that later migrations create (as the owner) are granted alike.
        f"ALTER DEFAULT PRIVILEGES IN SCHEMA {schema} GRANT {TABLE_PRIVILEGES} ON TABLES TO {role}",
        f"ALTER DEFAULT PRIVILEGES IN SCHEMA {schema}"
        f" GRANT {SEQUENCE_PRIVILEGES} ON SEQUENCES TO {role}",
    ):
        cursor.execute(statement)
    if _one(cursor, "SELECT to_regclass(%s) IS NOT NULL", [MIGRATIONS_TABLE]):
        cursor.execute(f"REVOKE INSERT, UPDATE, DELETE ON {MIGRATIONS_TABLE} FROM {role}")
    problems = role_problems(cursor, name)
    if problems:
        raise DatabaseRoleError("; ".join(problems) + ". See docs/adr/0051-database-roles.md.")
