"""JSON logs, one object per line, each stamped with the request's ID."""

from __future__ import annotations

import logging
import sys
import time

from flask import Flask, Response, g, request
from pythonjsonlogger.json import JsonFormatter

from .request_ids import current_request_id


class RequestIdFilter(logging.Filter):
    """Copy the current request's ID onto every record logged while it is handled."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = current_request_id()
        return True


class StderrHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """Write to whatever sys.stderr is when a record comes (pytest swaps it per test)."""

    @property  # type: ignore[override]
    def stream(self) -> object:
        return sys.stderr

    @stream.setter
    def stream(self, value: object) -> None:
        pass  # always sys.stderr; StreamHandler.__init__ tries to set it


def init_app(app: Flask) -> None:
    """Send the app's logs to stderr as JSON and log one line per request."""
    handler = StderrHandler()
    handler.setFormatter(
        JsonFormatter(
            "{levelname}{name}{message}{request_id}",
            style="{",
            timestamp="time",  # ISO 8601 in UTC, which log pipelines parse without a hint
            rename_fields={"levelname": "level", "name": "logger"},
        )
    )
    # app.logger is named after the service's package, so the loggers of its modules
    # (logging.getLogger(__name__)) propagate here and come out as JSON too.
    # On the handler, not the logger: a logger's filters skip records its children pass up.
    handler.addFilter(RequestIdFilter())
    app.logger.handlers[:] = [handler]
    app.logger.setLevel(app.config["LOG_LEVEL"])
    app.logger.propagate = False  # one line per event, not a second plain-text copy
    app.logger.disabled = False  # Alembic's fileConfig() disables loggers that existed before

    @app.before_request
    def start_timer() -> None:
        g.log_started = time.perf_counter()

    @app.after_request
    def log_request(response: Response) -> Response:
        elapsed = time.perf_counter() - g.get("log_started", time.perf_counter())
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
