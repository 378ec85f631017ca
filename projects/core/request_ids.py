"""Give every request an ID: the caller's X-Request-ID if it is sane, else a new one."""

from __future__ import annotations

import re
import uuid

from flask import Flask, Response, g, has_request_context, request

HEADER = "X-Request-ID"
# Accepting any header value would let a caller inject newlines or megabytes into
# every log line; this keeps the IDs that proxies and tracing systems produce.
VALID_REQUEST_ID = re.compile(r"[A-Za-z0-9._:-]{1,128}")


def init_app(app: Flask) -> None:
    """Assign the request ID before the view runs and echo it in the response."""

    @app.before_request
    def assign_request_id() -> None:
        incoming = request.headers.get(HEADER, "")
        g.request_id = incoming if VALID_REQUEST_ID.fullmatch(incoming) else uuid.uuid4().hex

    @app.after_request
    def echo_request_id(response: Response) -> Response:
        response.headers[HEADER] = current_request_id()
        return response


def current_request_id() -> str:
    """Return the ID of the request being handled, or "-" outside a request."""
    if not has_request_context():
        return "-"
    # An error raised before the before_request hooks ran (a 404, a 405) leaves no ID yet.
    if "request_id" not in g:
        g.request_id = uuid.uuid4().hex
    return g.request_id
