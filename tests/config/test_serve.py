"""`make serve`: scripts/serve.sh starts the production configuration on gunicorn.

The server is the real one, started as the Makefile starts it, on a free loopback port against
the test database. It trusts one proxy, 127.0.0.2: the test speaks as that proxy by sending
from that address, and as anyone else from 127.0.0.1.
"""

import http.client
import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import environ
import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client, override_settings

from alpha_hub.pdf.pki import development_material
from alpha_hub.roles import Role
from config.serve import ServeRefusedError, trial_defaults
from tests.config.database import database_url
from tests.decisions.public_data import published
from tests.factories import UserFactory

ROOT = Path(__file__).resolve().parents[2]
HOST = "alpha-hub.example.org"
PROXY, STRANGER = "127.0.0.2", "127.0.0.1"
# Whatever a developer's .env says, the server sees these (an empty value beats the file's).
CLEARED = ("DATABASE_OWNER_URL", "EMBEDDED_DB", "DATABASE_AS_OWNER", "REDIS_URL", "HTTPS",
           "PDF_DEV_CA", "PDF_TRUST_ROOT", "CACHE_URL", "STATIC_ROOT", "TASKS_BACKEND")  # fmt: skip
SERVE = str(ROOT / "scripts" / "serve.sh")
# The rate limits' counters, in the database table `make database` creates.
DATABASE_CACHE = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "alpha_hub_cache",
    }
}


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _server_environment(**variables: str) -> dict[str, str]:
    """A production host's environment: what serve needs, and none of the test run's settings."""
    kept = {
        name: os.environ[name] for name in ("PATH", "HOME", "LANG", "TMPDIR") if name in os.environ
    }
    return kept | dict.fromkeys(CLEARED, "") | {
        "SECRET_KEY": settings.SECRET_KEY,  # the test's own, so that its sessions are valid
        "ALLOWED_HOSTS": HOST,
        "DATABASE_URL": database_url(settings.DATABASES["default"]),
        "TRUSTED_PROXIES": PROXY,
        "WEB_CONCURRENCY": "1",
        "GUNICORN_THREADS": "2",
    } | variables  # fmt: skip


@pytest.fixture(scope="module")
def production(tmp_path_factory) -> dict[str, str]:
    """The environment `make serve` runs with on a server: signing files of the body's own."""
    material = development_material(tmp_path_factory.mktemp("pki"))
    return _server_environment(
        PDF_SIGNING_KEY=str(material.key_path),
        PDF_SIGNING_CERT=str(material.cert_path),
        PDF_TRUST_ROOT=str(material.trust_root_path),
        MEDIA_ROOT=str(tmp_path_factory.mktemp("media")),
    )


def _get(port: int, path: str, *, peer: str, **headers: str) -> http.client.HTTPResponse:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30, source_address=(peer, 0))
    connection.request("GET", path, headers={"Host": HOST} | headers)
    response = connection.getresponse()
    response.body = response.read()
    connection.close()
    return response


def _as_proxy(port: int, path: str, **headers: str) -> http.client.HTTPResponse:
    """GET `path` as the TLS proxy forwards a browser's request."""
    return _get(port, path, peer=PROXY, **{"X-Forwarded-Proto": "https"} | headers)


def _wait_until_up(server: subprocess.Popen, port: int, log: Path) -> None:
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"make serve stopped ({server.returncode}):\n{log.read_text()[-3000:]}")
        try:
            if _get(port, "/healthz", peer=PROXY).status == 200:
                return
        except OSError:
            time.sleep(0.2)
    pytest.fail(f"make serve did not answer in time:\n{log.read_text()[-3000:]}")


@pytest.fixture(scope="module")
def server(production, django_db_setup, django_db_blocker, tmp_path_factory):
    """scripts/serve.sh on a free port against the test database; yields the port."""
    with django_db_blocker.unblock(), override_settings(CACHES=DATABASE_CACHE):
        call_command("createcachetable")
    port = _free_port()
    log = tmp_path_factory.mktemp("serve") / "serve.log"
    with open(log, "w") as output:
        server = subprocess.Popen(  # noqa: S603
            [SERVE], cwd=ROOT, env=production | {"PORT": str(port)},
            stdout=output, stderr=subprocess.STDOUT,
        )  # fmt: skip
    try:
        _wait_until_up(server, port, log)
        yield port
    finally:
        server.send_signal(signal.SIGINT)  # gunicorn's quick shutdown
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


@pytest.mark.django_db(transaction=True)
def test_a_public_page_is_served_with_its_css(server):
    published(title="Funding for the violence reduction unit")
    page = _as_proxy(server, "/decisions/")
    assert page.status == 200
    assert b"Funding for the violence reduction unit" in page.body
    stylesheets = re.findall(rb'<link[^>]+href="(/static/[^"]+\.css)"', page.body)
    assert stylesheets, page.body[:2000]
    # The manifest's name, with the content's hash: collectstatic ran before gunicorn started.
    assert re.search(rb"\.[0-9a-f]{12}\.css$", stylesheets[0])
    css = _as_proxy(server, stylesheets[0].decode())
    assert css.status == 200
    assert css.getheader("Content-Type").startswith("text/css")


@pytest.mark.django_db(transaction=True)
def test_staff_pages_are_never_stored(server):
    browser = Client()
    browser.force_login(UserFactory(roles=[Role.OFFICER]))
    cookie = f"{settings.SESSION_COOKIE_NAME}={browser.cookies[settings.SESSION_COOKIE_NAME].value}"
    page = _as_proxy(server, "/staff/", Cookie=cookie)
    assert page.status == 200
    assert page.getheader("Cache-Control") == "no-store, private"


def test_x_forwarded_proto_is_believed_only_from_the_trusted_proxy(server):
    spoofed = _get(server, "/decisions/", peer=STRANGER, **{"X-Forwarded-Proto": "https"})
    # Still plain HTTP to Django: it sends the client to HTTPS and sets no HSTS.
    assert spoofed.status == 301
    assert spoofed.getheader("Location") == f"https://{HOST}/decisions/"
    assert spoofed.getheader("Strict-Transport-Security") is None
    forwarded = _as_proxy(server, "/decisions/")
    assert forwarded.status == 200
    assert forwarded.getheader("Strict-Transport-Security").startswith("max-age=31536000")


def test_the_request_id_is_taken_only_from_the_trusted_proxy(server):
    assert (
        _as_proxy(server, "/healthz", **{"X-Request-ID": "proxy-1"}).getheader("X-Request-ID")
        == "proxy-1"
    )
    forged = _get(server, "/healthz", peer=STRANGER, **{"X-Request-ID": "proxy-1"})
    assert re.fullmatch(r"[0-9a-f]{32}", forged.getheader("X-Request-ID"))


def test_the_production_settings_pass_the_deployment_checks(production):
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT, env=production | {"DEBUG": "false", "DJANGO_SETTINGS_MODULE": "config.settings"},
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_server_without_a_signing_key_refuses_to_start_and_says_what_to_set():
    result = subprocess.run(  # noqa: S603
        [SERVE], cwd=ROOT, env=_server_environment(PDF_SIGNING_KEY="", PORT="1"),
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode == 2
    assert "not starting: no PDF signing key. Set PDF_SIGNING_KEY and PDF_SIGNING_CERT" in (
        result.stderr
    )


def test_serve_refuses_to_start_without_a_secret_key():
    result = subprocess.run(  # noqa: S603
        [SERVE], cwd=ROOT, env=_server_environment(SECRET_KEY="", PORT="1"),
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode == 2
    assert "not starting: set SECRET_KEY" in result.stderr


@pytest.fixture
def trial_environment(monkeypatch):
    """`EMBEDDED_DB=true make serve` on a laptop, with only the two variables it needs."""
    for name in (*CLEARED, "DATABASE_URL", "PDF_SIGNING_KEY", "PDF_SIGNING_CERT"):
        monkeypatch.setenv(name, "")
    monkeypatch.setenv("EMBEDDED_DB", "true")
    monkeypatch.setenv("SECRET_KEY", "a-key")
    monkeypatch.setenv("ALLOWED_HOSTS", "localhost")
    return monkeypatch


def test_the_laptop_trial_signs_with_the_development_ca_and_says_so(trial_environment, capsys):
    assert trial_defaults(environ.Env()) == {"PDF_DEV_CA": "true", "HTTPS": "false"}
    said = capsys.readouterr().err
    assert "signed with the development CA (PDF_DEV_CA=true)" in said
    assert "plain HTTP on the embedded database (HTTPS=false)" in said


def test_the_laptop_trial_keeps_what_it_is_told(trial_environment):
    trial_environment.setenv("HTTPS", "true")
    trial_environment.setenv("PDF_DEV_CA", "false")  # the settings then refuse, as on a server
    assert trial_defaults(environ.Env()) == {}


def test_serve_names_what_is_missing(trial_environment):
    trial_environment.setenv("ALLOWED_HOSTS", "")
    with pytest.raises(ServeRefusedError, match="set ALLOWED_HOSTS"):
        trial_defaults(environ.Env())
