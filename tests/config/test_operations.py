"""Health check, production settings and the embedded database."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management.utils import get_random_secret_key
from django.db import OperationalError

from alpha_hub import embedded_db

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


def test_production_settings_pass_the_deployment_checks():
    database = settings.DATABASES["default"]
    host = database["HOST"]
    url = f"postgres://{database['USER']}@{host if not host.startswith('/') else ''}"
    url += f":{database['PORT']}" if database["PORT"] and not host.startswith("/") else ""
    url += f"/{database['NAME']}" + (f"?host={host}" if host.startswith("/") else "")
    environment = os.environ | {
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DEBUG": "false",
        "HTTPS": "true",
        "SECRET_KEY": get_random_secret_key(),
        "ALLOWED_HOSTS": "alpha-hub.example.org",
        "DATABASE_URL": url,
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


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
