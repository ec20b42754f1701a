"""/healthz checks the database, and Redis and S3 when configured, naming whichever failed."""

import socket

import pytest
from django.db import connection

REDIS_CACHE = "django.core.cache.backends.redis.RedisCache"


def _closed_port() -> int:
    """A loopback port nothing listens on (it was free a moment ago)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _redis_cache(url: str) -> dict:
    options = {"socket_connect_timeout": 2, "socket_timeout": 2}
    return {"default": {"BACKEND": REDIS_CACHE, "LOCATION": url, "OPTIONS": options}}


@pytest.mark.django_db
def test_healthz_is_ok_when_the_database_redis_and_the_bucket_answer(
    client, settings, redis_url, s3_bucket
):
    settings.CACHES = _redis_cache(redis_url)
    response = client.get("/healthz")
    assert (response.status_code, response.content) == (200, b"ok\n")
    assert response["Content-Type"] == "text/plain"


@pytest.mark.django_db
def test_healthz_names_redis_when_it_does_not_answer(client, settings, caplog):
    settings.CACHES = _redis_cache(f"redis://127.0.0.1:{_closed_port()}/0")
    response = client.get("/healthz")
    assert (response.status_code, response.content) == (503, b"redis unavailable\n")
    assert "Health check: redis unavailable: ConnectionError" in caplog.text


@pytest.mark.django_db
def test_healthz_names_the_storage_when_the_bucket_is_gone(client, s3_bucket):
    s3_bucket.delete()  # e.g. AWS_STORAGE_BUCKET_NAME misspelt, or the bucket removed
    response = client.get("/healthz")
    assert (response.status_code, response.content) == (503, b"storage unavailable\n")


def test_healthz_names_every_dependency_that_failed(
    client, settings, django_db_blocker, monkeypatch, caplog
):
    settings.CACHES = _redis_cache(f"redis://127.0.0.1:{_closed_port()}/0")
    with django_db_blocker.unblock():
        # The database server gone: its address no longer answers.
        connection.close()
        monkeypatch.setitem(connection.settings_dict, "HOST", "127.0.0.1")
        monkeypatch.setitem(connection.settings_dict, "PORT", _closed_port())
        try:
            response = client.get("/healthz")
        finally:
            connection.close()
    assert response.status_code == 503
    assert response.content == b"database unavailable\nredis unavailable\n"
    assert "Health check: database unavailable: OperationalError" in caplog.text


@pytest.mark.django_db
def test_healthz_refuses_a_post(client):
    assert client.post("/healthz").status_code == 405
