"""Give every request an ID: the caller's X-Request-ID if it is sane, else a new one."""

from __future__ import annotations

import re
import uuid

from flask import Flask, Response, g, request

HEADER = "X-Request-ID"
# Accepting any header value would let a caller inject newlines or megabytes into
# every log line; this keeps IDs that tracing systems actually produce.
_VALID = re.compile(r"[A-Za-z0-9._-]{1,64}")


# --8<-- [start:request_id]
def init_app(app: Flask) -> None:
    """Assign the request ID before the view runs and echo it in the response."""

    @app.before_request
    def assign_request_id() -> None:
        incoming = request.headers.get(HEADER, "")
        g.request_id = incoming if _VALID.fullmatch(incoming) else uuid.uuid4().hex

    @app.after_request
    def echo_request_id(response: Response) -> Response:
        response.headers[HEADER] = current_request_id()
        return response


def current_request_id() -> str:
    """Return the ID of the request being handled."""
    # A before_request hook that failed, or a 404 raised before hooks ran, leaves no ID.
    if "request_id" not in g:
        g.request_id = uuid.uuid4().hex
    return g.request_id


# --8<-- [end:request_id]
