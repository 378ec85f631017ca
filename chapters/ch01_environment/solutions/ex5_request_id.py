"""Exercise 5 — request ID tracking (reference solution)."""

from __future__ import annotations

import logging
import re
import uuid

from flask import Flask, Response, g, has_request_context, request

HEADER = "X-Request-ID"
_VALID = re.compile(r"[A-Za-z0-9._-]{1,64}")


def is_valid_request_id(value: str) -> bool:
    """Say whether a caller-supplied ID is safe to reuse."""
    return _VALID.fullmatch(value) is not None


def init_request_id(app: Flask) -> None:
    """Give each request of `app` an ID and echo it in the response."""

    @app.before_request
    def assign() -> None:
        incoming = request.headers.get(HEADER, "")
        g.request_id = incoming if is_valid_request_id(incoming) else uuid.uuid4().hex

    @app.after_request
    def echo(response: Response) -> Response:
        if "request_id" in g:
            response.headers[HEADER] = g.request_id
        return response


def current_request_id() -> str | None:
    """Return the current request's ID, or None outside a request."""
    if not has_request_context():
        return None
    return g.get("request_id")


def propagation_headers() -> dict[str, str]:
    """Return the headers that carry the ID on to calls to other services."""
    request_id = current_request_id()
    return {HEADER: request_id} if request_id else {}


class RequestIdFilter(logging.Filter):
    """Stamp each log record with the current request's ID ("-" outside requests)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = current_request_id() or "-"
        return True
