"""Exercise 5 — request ID tracking.

Check your work with: nox -s chapter01 -- ex5
"""

from __future__ import annotations

import logging

from flask import Flask

HEADER = "X-Request-ID"


def is_valid_request_id(value: str) -> bool:
    """Say whether a caller-supplied ID is safe to reuse.

    1. Valid: 1 to 64 characters, each a letter, digit, ".", "_" or "-".
       Anything else (empty, too long, spaces, quotes, newlines) is not.
    """
    raise NotImplementedError("Exercise 5 (is_valid_request_id) is not done yet")


def init_request_id(app: Flask) -> None:
    """Give each request of `app` an ID and echo it in the response.

    2. Before each request, keep the incoming X-Request-ID header when it is valid;
       otherwise generate a new one with uuid4().hex. Store it in flask.g.
    3. After each request, set the X-Request-ID response header to that ID.
    """
    raise NotImplementedError("Exercise 5 (init_request_id) is not done yet")


def current_request_id() -> str | None:
    """Return the current request's ID, or None outside a request."""
    raise NotImplementedError("Exercise 5 (current_request_id) is not done yet")


def propagation_headers() -> dict[str, str]:
    """Return the headers that carry the ID on to calls to other services.

    5. Inside a request: {"X-Request-ID": <id>}. Outside one: {}.
    """
    raise NotImplementedError("Exercise 5 (propagation_headers) is not done yet")


class RequestIdFilter(logging.Filter):
    """Stamp each log record with the current request's ID ("-" outside requests)."""

    def filter(self, record: logging.LogRecord) -> bool:
        """4. Set record.request_id and keep the record (return True)."""
        raise NotImplementedError("Exercise 5 (RequestIdFilter.filter) is not done yet")
