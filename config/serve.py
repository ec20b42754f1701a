"""What `make serve` (scripts/serve.sh) does before gunicorn starts: check, decide, collect.

Run as `python -m config.serve`. It prints, one `export NAME=value` a line, the variables the
laptop trial sets for gunicorn (and nothing else on stdout), and says why on stderr:
- SECRET_KEY and ALLOWED_HOSTS must be set, and the settings must load (a missing
  DATABASE_URL, say), or it stops here with the settings' own message instead of a traceback;
- PDF signing: with no PDF_SIGNING_KEY/PDF_SIGNING_CERT and PDF_DEV_CA unset, a server database
  refuses to start. On the embedded database (EMBEDDED_DB=true, which no production host uses:
  docs/adr/0051) it signs with the development CA that `make demo` used, and says so;
- on the embedded database with HTTPS unset, plain HTTP, so that a browser on the laptop can
  open the site without a TLS proxy in front; it says so too;
- then `collectstatic`, under a lock so that two hosts of one checkout never write it at once.
"""

from __future__ import annotations

import fcntl
import os
import shlex
import sys
from pathlib import Path

import django
import environ
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command

BASE_DIR = Path(__file__).resolve().parent.parent
REQUIRED = ("SECRET_KEY", "ALLOWED_HOSTS")


class ServeRefusedError(Exception):
    """`make serve` cannot start as configured; the message says what to set."""


def _say(message: str) -> None:
    print(f"make serve: {message}", file=sys.stderr)


def trial_defaults(env: environ.Env) -> dict[str, str]:
    """The variables to set for the embedded-database trial; refuses what production lacks."""
    missing = [name for name in REQUIRED if not env(name, default="")]
    if missing:
        raise ServeRefusedError(
            f"set {' and '.join(missing)} (e.g. SECRET_KEY=$(openssl rand -hex 32) "
            "ALLOWED_HOSTS=localhost). See docs/deployment.md."
        )
    trial = not env("DATABASE_URL", default="") and env.bool("EMBEDDED_DB", default=False)
    return _signing_default(env, trial=trial) | _scheme_default(env, trial=trial)


def _signing_default(env: environ.Env, *, trial: bool) -> dict[str, str]:
    signing = env("PDF_SIGNING_KEY", default="") or env("PDF_SIGNING_CERT", default="")
    if signing:
        return {}
    if env("PDF_DEV_CA", default=""):
        if env.bool("PDF_DEV_CA"):
            _say("PDF_DEV_CA=true: signing with the development CA, never in production.")
        return {}
    if not trial:
        raise ServeRefusedError(
            "no PDF signing key. Set PDF_SIGNING_KEY and PDF_SIGNING_CERT to the body's key "
            "and certificate (PEM files), or PDF_DEV_CA=true to sign with a generated "
            "development CA that nobody outside trusts (never in production)."
        )
    _say(
        "no PDF_SIGNING_KEY: on the embedded database, decisions are signed with the "
        "development CA (PDF_DEV_CA=true), as `make demo` did. Nobody outside trusts it; a "
        "server names the body's key and certificate."
    )
    return {"PDF_DEV_CA": "true"}


def _scheme_default(env: environ.Env, *, trial: bool) -> dict[str, str]:
    if not trial or env("HTTPS", default=""):
        return {}
    _say(
        "plain HTTP on the embedded database (HTTPS=false), for a browser on this machine. "
        "Behind a TLS proxy, set HTTPS=true and TRUSTED_PROXIES to the proxy's address."
    )
    return {"HTTPS": "false"}


def collect_static() -> None:
    """`collectstatic --noinput` into STATIC_ROOT, one process of this checkout at a time."""
    try:
        django.setup()
    except ImproperlyConfigured as error:
        raise ServeRefusedError(str(error)) from error
    settings.DATA_DIR.mkdir(parents=True, exist_ok=True)
    with open(settings.DATA_DIR / "collectstatic.lock", "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        # stdout carries the exports for the shell: the command's report goes to stderr.
        call_command("collectstatic", interactive=False, verbosity=1, stdout=sys.stderr)


def main() -> int:
    env = environ.Env()
    if (BASE_DIR / ".env").exists():
        env.read_env(BASE_DIR / ".env")
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    os.environ["DEBUG"] = "false"
    try:
        defaults = trial_defaults(env)
        os.environ.update(defaults)
        collect_static()
    except ServeRefusedError as refused:
        _say(f"not starting: {refused}")
        return 2
    for name, value in defaults.items():
        print(f"export {name}={shlex.quote(value)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
