"""Every response carries a request id, taken from a trusted proxy or made, and so do the logs."""

import io
import json
import logging
import re

import pytest

from alpha_hub.logging import JsonFormatter, request_id

NEW_ID = re.compile(r"[0-9a-f]{32}")


@pytest.fixture
def json_log():
    """The JSON lines the django.request logger writes while this test runs."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    logger = logging.getLogger("django.request")
    logger.addHandler(handler)
    yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    logger.removeHandler(handler)


@pytest.fixture
def behind_the_proxy(settings):
    settings.TRUSTED_PROXIES = ["127.0.0.1"]  # the test client's REMOTE_ADDR


@pytest.mark.django_db
def test_a_request_without_an_id_gets_a_new_one(client):
    first, second = client.get("/decisions/"), client.get("/decisions/")
    assert NEW_ID.fullmatch(first["X-Request-ID"])
    assert first["X-Request-ID"] != second["X-Request-ID"]


@pytest.mark.django_db
def test_the_trusted_proxys_id_is_echoed(client, behind_the_proxy):
    response = client.get("/decisions/", HTTP_X_REQUEST_ID="7c1e0a52-proxy")
    assert response["X-Request-ID"] == "7c1e0a52-proxy"


@pytest.mark.django_db
def test_an_id_from_anyone_else_is_replaced(client, settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    response = client.get("/decisions/", HTTP_X_REQUEST_ID="7c1e0a52-forged")
    assert NEW_ID.fullmatch(response["X-Request-ID"])


@pytest.mark.django_db
@pytest.mark.parametrize("offered", ["two words", "x" * 129, 'a"}\n{"level": "ERROR"', ""])
def test_an_id_that_is_not_an_id_is_replaced_even_from_the_proxy(client, behind_the_proxy, offered):
    response = client.get("/decisions/", HTTP_X_REQUEST_ID=offered)
    assert NEW_ID.fullmatch(response["X-Request-ID"])


@pytest.mark.django_db
def test_the_log_records_of_a_request_carry_its_id(client, behind_the_proxy, json_log):
    response = client.get("/no-such-page/", HTTP_X_REQUEST_ID="req-404")
    assert response.status_code == 404
    # Django writes "Not Found" once every middleware has returned: the id is still there.
    [record] = json_log()
    assert record["request_id"] == "req-404"
    assert record["message"] == "Not Found: /no-such-page/"
    assert request_id.get() == "-"  # and gone once the response is closed


@pytest.mark.django_db
def test_a_health_probe_gets_an_id_too(client):
    assert NEW_ID.fullmatch(client.get("/healthz")["X-Request-ID"])
