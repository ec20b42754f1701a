"""gunicorn's settings for `make serve` (scripts/serve.sh), from the environment as the site's are.

PORT, WEB_CONCURRENCY (worker processes) and GUNICORN_THREADS (threads in each) size the host:
each thread holds one database connection for up to CONN_MAX_AGE seconds, so a host opens up to
WEB_CONCURRENCY x GUNICORN_THREADS connections. BIND_ADDRESS is 127.0.0.1 unless the TLS proxy
runs on another machine. X-Forwarded-Proto is believed only from TRUSTED_PROXIES, the same list
alpha_hub/client_ip.py reads X-Forwarded-For from: gunicorn sets the request's scheme from it,
and Django (SECURE_PROXY_SSL_HEADER unset) reads nothing else. See docs/deployment.md.
"""

import ipaddress
import logging
from collections.abc import Mapping
from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parent.parent
env = environ.Env()
if (BASE_DIR / ".env").exists():
    env.read_env(BASE_DIR / ".env")


def _setting(name: str, default: str) -> str:
    # Empty, as in a copy of .env.example, is the default: an empty BIND_ADDRESS would otherwise
    # listen on every interface.
    return env(name, default="") or default


def _networks(entries: list[str]) -> str:
    # As alpha_hub/client_ip.py reads them: 10.0.0.5/8 means 10.0.0.0/8 (gunicorn would refuse it).
    networks = (
        ipaddress.ip_network(entry.strip(), strict=False) for entry in entries if entry.strip()
    )
    return ",".join(str(network) for network in networks)


wsgi_app = "config.wsgi:application"
bind = f"{_setting('BIND_ADDRESS', '127.0.0.1')}:{int(_setting('PORT', '8000'))}"
workers = int(_setting("WEB_CONCURRENCY", "2"))
threads = int(_setting("GUNICORN_THREADS", "4"))
worker_class = "gthread"
proc_name = "alpha-hub"
# Empty: nobody, not even 127.0.0.1 (gunicorn's own default trusts the loopback).
forwarded_allow_ips = _networks(env.list("TRUSTED_PROXIES", default=[]))
# Only the header the proxy sets: the others gunicorn knows would be more for it to overwrite.
secure_scheme_headers = {"X-FORWARDED-PROTO": "https"}
# A worker's heartbeat file in memory, not on a disk that may stall (containers, network disks).
worker_tmp_dir = "/dev/shm" if Path("/dev/shm").is_dir() else None  # noqa: S108
# gunicorn's control socket (gunicornc) is one path per user: two servers on one machine (two
# checkouts, the two-host test) would take it from each other, and nothing here uses it.
control_socket_disable = True
# Let a request in flight finish when a restart (an upgrade) asks the workers to stop.
graceful_timeout = 30


class _AccessRequestId(logging.Filter):
    """Puts on gunicorn's access record the request id the site sent back in X-Request-ID."""

    def filter(self, record: logging.LogRecord) -> bool:
        atoms = record.args if isinstance(record.args, Mapping) else {}
        record.request_id = atoms.get("{x-request-id}o", "-")
        return True


LOG_FORMAT = _setting("LOG_FORMAT", "plain" if env.bool("DEBUG", default=False) else "json")
accesslog = "-"
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms "%(a)s"'
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "request_id": {"()": "alpha_hub.logging.RequestIdFilter"},
        "access_request_id": {"()": _AccessRequestId},
    },
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
        "json": {"()": "alpha_hub.logging.JsonFormatter"},
    },
    "handlers": {
        "error": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stderr",
            "formatter": LOG_FORMAT,
            "filters": ["request_id"],
        },
        "access": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": LOG_FORMAT,
            "filters": ["access_request_id"],
        },
    },
    "root": {"level": "INFO", "handlers": ["error"]},
    "loggers": {
        "gunicorn.error": {"level": "INFO", "handlers": ["error"], "propagate": False},
        "gunicorn.access": {"level": "INFO", "handlers": ["access"], "propagate": False},
    },
}
