"""JSON logs, one object per line, each stamped with the request's ID."""

from __future__ import annotations

import logging
import sys
import time

from flask import Flask, Response, g, has_request_context, request
from pythonjsonlogger.json import JsonFormatter

from .request_ids import current_request_id


# --8<-- [start:filter]
class RequestIdFilter(logging.Filter):
    """Copy the current request's ID onto every record logged while it is handled."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = current_request_id() if has_request_context() else "-"
        return True


# --8<-- [end:filter]


# --8<-- [start:configure]
def configure_logging(app: Flask) -> None:
    """Send the app's logs to stderr as JSON and log one line per request."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(
        JsonFormatter(
            "{levelname}{name}{message}{request_id}",
            style="{",
            timestamp="time",  # ISO 8601 in UTC, which log pipelines parse without a hint
            rename_fields={"levelname": "level", "name": "logger"},
        )
    )
    app.logger.handlers[:] = [handler]
    app.logger.addFilter(RequestIdFilter())
    app.logger.setLevel(app.config["LOG_LEVEL"])
    app.logger.propagate = False  # one line per event, not a second plain-text copy

    @app.before_request
    def start_timer() -> None:
        g.started = time.perf_counter()

    @app.after_request
    def log_request(response: Response) -> Response:
        elapsed = time.perf_counter() - g.get("started", time.perf_counter())
        app.logger.info(
            "request handled",
            extra={
                "method": request.method,
                "path": request.path,
                "status": response.status_code,
                "duration_ms": round(elapsed * 1000, 2),
            },
        )
        return response


# --8<-- [end:configure]
