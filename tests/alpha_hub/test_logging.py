"""Logs as JSON lines (LOG_FORMAT=json, the production default) or plain lines for a person."""

import json
import logging
import os
import subprocess
import sys
from pathlib import Path

from django.core.management.utils import get_random_secret_key

from alpha_hub.logging import JsonFormatter, request_id

ROOT = Path(__file__).resolve().parents[2]
LOG_A_WARNING = (
    "import django; django.setup(); import logging;"
    " logging.getLogger('alpha_hub.example').warning('first line\\nsecond line')"
)


def _record(message: str, exc_info=None) -> logging.LogRecord:
    return logging.LogRecord(
        "alpha_hub.example", logging.WARNING, __file__, 1, message, (), exc_info
    )


def test_a_record_is_one_json_line_with_time_level_logger_message_and_request_id():
    token = request_id.set("req-1")
    try:
        line = JsonFormatter().format(_record('a "quoted"\nsecond line'))
    finally:
        request_id.reset(token)
    assert "\n" not in line  # a message cannot forge a second record
    record = json.loads(line)
    assert set(record) == {"time", "level", "logger", "message", "request_id"}
    assert record["time"].endswith("+00:00")
    assert (record["level"], record["logger"]) == ("WARNING", "alpha_hub.example")
    assert (record["message"], record["request_id"]) == ('a "quoted"\nsecond line', "req-1")


def test_outside_a_request_the_id_is_a_dash_and_an_exception_is_kept():
    try:
        raise ValueError("broken")
    except ValueError:
        record = _record("failed", exc_info=sys.exc_info())
    line = json.loads(JsonFormatter().format(record))
    assert line["request_id"] == "-"
    assert "ValueError: broken" in line["exception"]


def _log_a_warning(**variables: str) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if k != "LOG_FORMAT"} | {
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "SECRET_KEY": get_random_secret_key(),
        "DATABASE_URL": "postgres://nobody@127.0.0.1:1/none",  # never connected to
        "PDF_DEV_CA": "true",
        **variables,
    }
    return subprocess.run(  # noqa: S603
        [sys.executable, "-c", LOG_A_WARNING], cwd=ROOT, env=environment,
        capture_output=True, text=True, check=False,
    )  # fmt: skip


def test_production_logs_json_lines():
    result = _log_a_warning(DEBUG="false")
    assert result.returncode == 0, result.stderr
    [line] = result.stderr.splitlines()
    assert json.loads(line) | {"time": "-"} == {
        "time": "-",
        "level": "WARNING",
        "logger": "alpha_hub.example",
        "message": "first line\nsecond line",
        "request_id": "-",
    }


def test_development_logs_plain_lines():
    result = _log_a_warning(DEBUG="true")
    assert result.returncode == 0, result.stderr
    assert "WARNING alpha_hub.example [-] first line" in result.stderr


def test_an_unknown_log_format_is_refused():
    result = _log_a_warning(DEBUG="false", LOG_FORMAT="xml")
    assert result.returncode != 0
    assert "LOG_FORMAT must be json or plain, not 'xml'" in result.stderr
