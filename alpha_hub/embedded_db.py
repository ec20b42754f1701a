"""The project's own Postgres cluster, for a machine where no DATABASE_URL is set.

The cluster lives in `.data/postgres/` in the checkout and listens only on a Unix socket in that
folder, so it never collides with a server on a TCP port. Postgres refuses to run as root, so as
root it runs as the `postgres` user; when that user cannot reach the checkout (a clone under
/root, say) the cluster lives in a per-checkout folder under the system temp directory instead.
Postgres binaries on the machine are preferred; the `pgserver` wheel is the fallback.
The site connects as `alpha_hub_app`, which owns nothing; migrations run as the superuser.
See docs/adr/0003-embedded-database.md and docs/adr/0051-database-roles.md.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

import environ
from django.core.exceptions import ImproperlyConfigured

from alpha_hub import db_roles

BASE_DIR = Path(__file__).resolve().parent.parent
DATABASE_NAME = "alpha_hub"
SUPERUSER = "postgres"
# The role the site connects as; `manage.py grant_application_role` grants it the tables.
APPLICATION_ROLE = "alpha_hub_app"
# A Unix socket path may be at most 107 bytes; ".s.PGSQL.5432" takes 13 of them.
MAX_SOCKET_DIR_LENGTH = 90


class EmbeddedDatabaseError(RuntimeError):
    """The embedded cluster could not be prepared; the message says what to do."""


class Urls(NamedTuple):
    """The embedded cluster's two DATABASE_URLs: the application's role and the owner's."""

    application: str
    owner: str


def _is_root() -> bool:
    return os.geteuid() == 0


def _owner_prefix() -> list[str]:
    return ["runuser", "-u", SUPERUSER, "--"] if _is_root() else []


def _postgres_bindir() -> Path | None:
    """The newest Postgres server binaries on this machine, if any."""
    found = shutil.which("pg_ctl")
    if found:
        return Path(found).parent
    versions = sorted(
        Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"),
        key=lambda p: int(p.parent.parent.name) if p.parent.parent.name.isdigit() else 0,
    )
    return versions[-1].parent if versions else None


def _prepare_folder(folder: Path) -> bool:
    """Create `folder` for the cluster's owner; say whether that owner can write in it."""
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    except OSError:
        return False
    if not _is_root():
        return os.access(folder, os.W_OK | os.X_OK)
    shutil.chown(folder, user=SUPERUSER, group=SUPERUSER)
    check = subprocess.run(  # noqa: S603
        [*_owner_prefix(), "test", "-w", str(folder), "-a", "-x", str(folder)], check=False
    )
    return check.returncode == 0


def cluster_home() -> Path:
    """The folder that holds the cluster's data, socket and log for this checkout."""
    preferred = BASE_DIR / ".data" / "postgres"
    if len(str(preferred / "run")) <= MAX_SOCKET_DIR_LENGTH and _prepare_folder(preferred):
        return preferred
    digest = hashlib.sha256(str(BASE_DIR).encode()).hexdigest()[:12]
    fallback = Path(tempfile.gettempdir()) / f"alpha-hub-{digest}" / "postgres"
    if _is_root():
        fallback.parent.mkdir(parents=True, exist_ok=True)
        fallback.parent.chmod(0o755)
    if not _prepare_folder(fallback):
        raise EmbeddedDatabaseError(f"Cannot create a folder for the database at {fallback}.")
    return fallback


@contextlib.contextmanager
def _locked(home: Path) -> Iterator[None]:
    """Serialise set-up between processes (make, pytest-xdist workers) starting at once."""
    with open(home.parent / ".postgres.lock", "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _run(bindir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603
        [*_owner_prefix(), str(bindir / args[0]), *args[1:]],
        capture_output=True,
        text=True,
        check=False,
    )


def _start_with_binaries(bindir: Path, home: Path) -> Path:
    data, socket_dir, log = home / "data", home / "run", home / "postgres.log"
    if not (data / "PG_VERSION").exists():
        done = _run(bindir, "initdb", "-D", str(data), "-U", SUPERUSER, "-A", "trust",
                    "-E", "UTF8", "--no-locale")  # fmt: skip
        if done.returncode:
            raise EmbeddedDatabaseError(f"initdb failed:\n{done.stdout}{done.stderr}")
    if _run(bindir, "pg_ctl", "status", "-D", str(data)).returncode == 0:
        return socket_dir
    socket_dir.mkdir(exist_ok=True)
    if _is_root():
        shutil.chown(socket_dir, user=SUPERUSER, group=SUPERUSER)
    socket_dir.chmod(0o755)
    options = f"-c listen_addresses='' -k {socket_dir}"
    done = _run(bindir, "pg_ctl", "start", "-w", "-D", str(data), "-l", str(log), "-o", options)
    if done.returncode:
        tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
        raise EmbeddedDatabaseError(f"pg_ctl start failed:\n{done.stdout}{done.stderr}\n{tail}")
    return socket_dir


def _start_with_pgserver(home: Path) -> Path:
    try:
        import pgserver
    except ImportError as missing:
        raise EmbeddedDatabaseError(
            "No Postgres binaries found and the pgserver wheel is not installed. "
            "Install one: `apt-get install postgresql` or `pip install pgserver`, "
            "or set DATABASE_URL."
        ) from missing
    server = pgserver.get_server(str(home), cleanup_mode=None)
    return Path(server.get_uri().split("host=")[-1].split("&")[0])


def _create_database(socket_dir: Path) -> None:
    import psycopg

    with psycopg.connect(host=str(socket_dir), user=SUPERUSER, dbname="postgres",
                         autocommit=True) as connection:  # fmt: skip
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [DATABASE_NAME]
        ).fetchone()
        if not exists:
            connection.execute(f'CREATE DATABASE "{DATABASE_NAME}"')
        # The role exists from the start, so the site's connection opens even before the
        # grants: it then fails on a table with "permission denied", which names the cause.
        db_roles.role_ensure(connection.cursor(), APPLICATION_ROLE)


def database_url(socket_dir: Path, user: str = SUPERUSER) -> str:
    """The DATABASE_URL for `user` on the cluster whose socket is in `socket_dir`."""
    return f"postgres://{user}@/{DATABASE_NAME}?host={socket_dir}"


def ensure_running() -> Urls:
    """Start the embedded cluster if it is not running, and return its two DATABASE_URLs."""
    home = cluster_home()
    with _locked(home):
        bindir = _postgres_bindir()
        socket_dir = _start_with_binaries(bindir, home) if bindir else _start_with_pgserver(home)
        _create_database(socket_dir)
    return Urls(
        application=database_url(socket_dir, APPLICATION_ROLE), owner=database_url(socket_dir)
    )


def urls_from_environment(env: environ.Env, *, debug: bool) -> Urls:
    """DATABASE_URL and DATABASE_OWNER_URL, or the embedded cluster's when development asks."""
    application = env("DATABASE_URL", default="")
    owner = env("DATABASE_OWNER_URL", default="")
    if application:
        return Urls(application=application, owner=owner or application)
    # Empty (as .env.example leaves it) means the default, as DEBUG says.
    asked = env.bool("EMBEDDED_DB") if env("EMBEDDED_DB", default="") else debug
    if owner or not asked:
        # A production host that lost its DATABASE_URL must not start an empty database of its own.
        raise ImproperlyConfigured(
            "DATABASE_URL is not set. Set it to the Postgres URL of the application's role (and "
            "DATABASE_OWNER_URL to the owner's, for migrations), or set EMBEDDED_DB=true to run "
            "the project's own development database. See docs/adr/0051-database-roles.md."
        )
    return ensure_running()


def stop() -> None:
    """Stop the embedded cluster if it runs."""
    home, bindir = cluster_home(), _postgres_bindir()
    if bindir and (home / "data" / "PG_VERSION").exists():
        _run(bindir, "pg_ctl", "stop", "-D", str(home / "data"), "-m", "fast")


def main(argv: list[str]) -> int:
    command = argv[1] if len(argv) > 1 else "start"
    if command == "stop":
        stop()
        return 0
    if command in {"start", "url", "owner-url"}:
        print(_configured_url(owner=command == "owner-url") or _embedded_url(command))
        return 0
    print("usage: python -m alpha_hub.embedded_db [start|url|owner-url|stop]", file=sys.stderr)
    return 2


def _configured_url(*, owner: bool) -> str:
    application = os.environ.get("DATABASE_URL", "")
    if owner and application:
        return os.environ.get("DATABASE_OWNER_URL", "") or application
    return application


def _embedded_url(command: str) -> str:
    urls = ensure_running()
    return urls.owner if command == "owner-url" else urls.application


if __name__ == "__main__":
    sys.exit(main(sys.argv))
