"""Health check, what production settings refuse to start without, the embedded database."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.management.utils import get_random_secret_key
from django.db import OperationalError

from alpha_hub import embedded_db
from alpha_hub.pdf.pki import development_material, signing_material
from tests.factories import UserFactory

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.django_db
def test_healthz_answers_ok_when_the_database_answers(client):
    response = client.get("/healthz")
    assert (response.status_code, response.content) == (200, b"ok\n")


@pytest.mark.django_db
def test_healthz_answers_503_when_the_database_does_not(client, monkeypatch):
    def unreachable(*args, **kwargs):
        raise OperationalError("connection refused")

    # Stand-in for a database server that has gone away: the connection cannot open a cursor.
    monkeypatch.setattr("django.db.backends.base.base.BaseDatabaseWrapper.cursor", unreachable)
    response = client.get("/healthz")
    assert response.status_code == 503


@pytest.mark.django_db
def test_healthz_answers_503_to_a_probe_with_a_session_cookie_when_the_database_is_down(
    client, monkeypatch
):
    client.force_login(UserFactory())  # a probe replaying a browser's cookie, or a signed-in user

    def unreachable(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr("django.db.backends.base.base.BaseDatabaseWrapper.cursor", unreachable)
    response = client.get("/healthz")
    assert (response.status_code, response.content) == (503, b"database unavailable\n")


@pytest.mark.django_db
def test_healthz_leaves_the_session_alone(client):
    client.force_login(UserFactory())
    response = client.get("/healthz")
    assert response.status_code == 200
    # Saving it would also keep an idle session alive for as long as a probe sends its cookie.
    assert settings.SESSION_COOKIE_NAME not in response.cookies


def _database_url() -> str:
    database = settings.DATABASES["default"]
    host = database["HOST"]
    url = f"postgres://{database['USER']}@{host if not host.startswith('/') else ''}"
    url += f":{database['PORT']}" if database["PORT"] and not host.startswith("/") else ""
    return url + f"/{database['NAME']}" + (f"?host={host}" if host.startswith("/") else "")


def _production_environment(**variables: str) -> dict[str, str]:
    """The environment of a production host: DEBUG off and none of the test run's conveniences."""
    inherited = {
        name: value
        for name, value in os.environ.items()
        if name not in {"SECRET_KEY", "PDF_DEV_CA"} and not name.startswith("PDF_SIGNING")
    }
    return (
        inherited
        | {
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DEBUG": "false",
            "HTTPS": "true",
            "ALLOWED_HOSTS": "alpha-hub.example.org",
            "DATABASE_URL": _database_url(),
            "PDF_TRUST_ROOT": "",
        }
        | variables
    )


def _deploy_check(environment: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.fixture(scope="module")
def signing_files(tmp_path_factory) -> dict[str, str]:
    """A key and certificate as production would name them (made like the development CA's)."""
    material = development_material(tmp_path_factory.mktemp("pki"))
    return {
        "PDF_SIGNING_KEY": str(material.key_path),
        "PDF_SIGNING_CERT": str(material.cert_path),
        "PDF_TRUST_ROOT": str(material.trust_root_path),
    }


def test_production_settings_pass_the_deployment_checks(signing_files):
    environment = _production_environment(SECRET_KEY=get_random_secret_key(), **signing_files)
    result = _deploy_check(environment)
    assert result.returncode == 0, result.stdout + result.stderr


def test_without_debug_the_site_refuses_to_start_without_a_secret_key(signing_files):
    result = _deploy_check(_production_environment(**signing_files))
    assert result.returncode != 0
    assert "ImproperlyConfigured: SECRET_KEY is not set" in result.stderr
    # The WSGI application, as gunicorn loads it, refuses as well.
    wsgi = subprocess.run(
        [sys.executable, "-c", "import config.wsgi"],
        cwd=ROOT, env=_production_environment(**signing_files), capture_output=True, text=True,
        check=False,
    )  # fmt: skip
    assert wsgi.returncode != 0
    assert "SECRET_KEY is not set" in wsgi.stderr


@pytest.mark.parametrize("missing", ["PDF_SIGNING_KEY", "PDF_SIGNING_CERT"])
def test_without_debug_the_site_refuses_to_start_without_the_signing_files(signing_files, missing):
    environment = _production_environment(
        SECRET_KEY=get_random_secret_key(), **(signing_files | {missing: ""})
    )
    result = _deploy_check(environment)
    assert result.returncode != 0
    assert f"ImproperlyConfigured: {missing} is not set" in result.stderr


def test_without_debug_a_signing_file_that_is_not_there_is_refused(signing_files, tmp_path):
    absent = str(tmp_path / "nowhere.pem")
    environment = _production_environment(
        SECRET_KEY=get_random_secret_key(), **(signing_files | {"PDF_SIGNING_CERT": absent})
    )
    result = _deploy_check(environment)
    assert result.returncode != 0
    assert f"PDF_SIGNING_CERT names {absent}, which is not a readable file" in result.stderr


def test_without_debug_the_development_ca_needs_pdf_dev_ca(tmp_path):
    environment = _production_environment(
        SECRET_KEY=get_random_secret_key(), PDF_DEV_CA="true", PDF_PKI_DIR=str(tmp_path)
    )
    assert _deploy_check(environment).returncode == 0


def test_development_needs_none_of_them():
    # Empty, as in a copy of .env.example: DEBUG on generates the key and allows the dev CA.
    environment = _production_environment(
        DEBUG="true", HTTPS="false", SECRET_KEY="", PDF_DEV_CA="", PDF_SIGNING_KEY=""
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT, env=environment, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr


def test_signing_refuses_the_development_ca_when_it_is_not_allowed(settings):
    settings.PDF_DEV_CA = False  # e.g. settings changed after start-up
    with pytest.raises(ImproperlyConfigured, match="PDF_SIGNING_KEY and PDF_SIGNING_CERT"):
        signing_material()


def test_the_embedded_database_listens_only_on_a_socket_in_its_folder():
    url = embedded_db.database_url(Path("/srv/checkout/.data/postgres/run"))
    assert url == "postgres://postgres@/alpha_hub?host=/srv/checkout/.data/postgres/run"


@pytest.mark.skipif(os.geteuid() != 0, reason="only root hands the cluster to the postgres user")
def test_the_cluster_moves_to_the_temp_folder_when_postgres_cannot_reach_the_checkout(
    tmp_path, monkeypatch
):
    private = tmp_path / "private"
    checkout = private / "checkout"
    checkout.mkdir(parents=True)
    private.chmod(0o700)  # like a clone under /root: the postgres user cannot enter it
    monkeypatch.setattr(embedded_db, "BASE_DIR", checkout)
    home = embedded_db.cluster_home()
    try:
        assert not str(home).startswith(str(checkout))
        assert home.parent.name.startswith("alpha-hub-")
        assert home == embedded_db.cluster_home()  # the same folder for this checkout, every time
    finally:
        shutil.rmtree(home.parent)
