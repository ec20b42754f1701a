"""Log records as JSON lines, each carrying the id of the request it was written for.

A log collector reads one object a line, and the request id joins what the proxy, gunicorn and
the site wrote about the same request (alpha_hub/request_id.py sets it). LOG_FORMAT picks this
formatter (json, the default with DEBUG off) or a plain line (the default with DEBUG on).
"""

from __future__ import annotations

import json
import logging
from contextvars import ContextVar
from datetime import UTC, datetime

# "-" outside any request: commands, workers, start-up.
request_id: ContextVar[str] = ContextVar("request_id", default="-")


class RequestIdFilter(logging.Filter):
    """Puts the current request's id on every record, as `record.request_id`."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id.get()
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object a line: time, level, logger, message, request_id (and any exception)."""

    def format(self, record: logging.LogRecord) -> str:
        line = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            # Set by a filter (gunicorn's access log has its own), else the current request's.
            "request_id": getattr(record, "request_id", None) or request_id.get(),
        }
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        if record.stack_info:
            line["stack"] = self.formatStack(record.stack_info)
        # A message may hold anything a user typed: json.dumps escapes newlines and quotes, so
        # one record stays one line that nobody can forge a second record into.
        return json.dumps(line, ensure_ascii=False, default=str)
