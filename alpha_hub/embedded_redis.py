"""A redis-server of the project's own, for a machine where no REDIS_URL is set.

Like the embedded Postgres (alpha_hub/embedded_db.py) it listens only on a Unix socket, in
`.data/redis/<name>/` in the checkout (or a per-checkout folder under the system temp directory
when that path is too long for a socket), so it never collides with a server on a TCP port. It
keeps nothing on disk: it is for tests and trying things out, not for data. The test suite starts
one per test process (tests/conftest.py). Needs Debian's `redis-server` (scripts/system-deps.sh).
See docs/adr/0055-task-workers-and-redis.md.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
# A Unix socket path may be at most 107 bytes.
MAX_SOCKET_PATH_LENGTH = 100
SOCKET = "redis.sock"
START_TIMEOUT_SECONDS = 10


class EmbeddedRedisError(RuntimeError):
    """The embedded redis-server could not be started; the message says what to do."""


def server_home(name: str = "default") -> Path:
    """The folder that holds the server `name`'s socket, pid file and log for this checkout."""
    preferred = BASE_DIR / ".data" / "redis" / name
    if len(str(preferred / SOCKET)) <= MAX_SOCKET_PATH_LENGTH:
        with contextlib.suppress(OSError):
            preferred.mkdir(parents=True, exist_ok=True, mode=0o700)
            return preferred
    digest = hashlib.sha256(str(BASE_DIR).encode()).hexdigest()[:12]
    fallback = Path(tempfile.gettempdir()) / f"alpha-hub-{digest}" / "redis" / name
    fallback.mkdir(parents=True, exist_ok=True, mode=0o700)
    return fallback


def url(home: Path) -> str:
    """The REDIS_URL of the server whose folder is `home`."""
    return f"unix://{home / SOCKET}?db=0"


@contextlib.contextmanager
def _locked(home: Path) -> Iterator[None]:
    """Serialise start and stop between processes that ask at once."""
    with open(home / ".lock", "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _answers(home: Path) -> bool:
    import redis

    if not (home / SOCKET).exists():
        return False
    try:
        return bool(redis.Redis(unix_socket_path=str(home / SOCKET), socket_timeout=1).ping())
    except redis.RedisError:
        return False


def _binary() -> str:
    found = shutil.which("redis-server") or (
        "/usr/bin/redis-server" if Path("/usr/bin/redis-server").exists() else None
    )
    if not found:
        raise EmbeddedRedisError(
            "redis-server is not installed. Install it (`apt-get install redis-server`, or run "
            "scripts/system-deps.sh), or set REDIS_URL to a running Redis."
        )
    return found


def start(name: str = "default") -> str:
    """Start the embedded server `name` if it is not running, and return its REDIS_URL."""
    home = server_home(name)
    with _locked(home):
        if _answers(home):
            return url(home)
        (home / SOCKET).unlink(missing_ok=True)
        options = {
            "port": "0",  # no TCP at all: the socket only
            "unixsocket": str(home / SOCKET),
            "unixsocketperm": "700",
            "dir": str(home),
            "pidfile": str(home / "redis.pid"),
            "logfile": str(home / "redis.log"),
            "save": "",  # nothing written to disk
            "appendonly": "no",
            "daemonize": "yes",
        }
        arguments = [item for key, value in options.items() for item in (f"--{key}", value)]
        done = subprocess.run(  # noqa: S603
            [_binary(), *arguments], capture_output=True, text=True, check=False
        )
        deadline = time.monotonic() + START_TIMEOUT_SECONDS
        while not _answers(home):
            if done.returncode or time.monotonic() > deadline:
                log = home / "redis.log"
                tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
                raise EmbeddedRedisError(
                    f"redis-server did not start:\n{done.stdout}{done.stderr}\n{tail}"
                )
            time.sleep(0.05)
    return url(home)


def stop(name: str = "default", *, remove: bool = False) -> None:
    """Stop the embedded server `name` if it runs; with `remove`, delete its folder too."""
    import redis

    home = server_home(name)
    with _locked(home):
        if _answers(home):
            with contextlib.suppress(redis.ConnectionError):  # it closes the connection as it goes
                redis.Redis(unix_socket_path=str(home / SOCKET)).shutdown(nosave=True)
            deadline = time.monotonic() + START_TIMEOUT_SECONDS
            while (home / SOCKET).exists() and time.monotonic() < deadline:
                time.sleep(0.05)
    if remove:
        shutil.rmtree(home, ignore_errors=True)


def main(argv: list[str]) -> int:
    command = argv[1] if len(argv) > 1 else "start"
    if command == "stop":
        stop()
        return 0
    if command in {"start", "url"}:
        print(start())
        return 0
    print("usage: python -m alpha_hub.embedded_redis [start|url|stop]", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
