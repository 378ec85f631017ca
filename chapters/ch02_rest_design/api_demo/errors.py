"""The demo's errors: one exception hierarchy and one handler that renders them all."""

from __future__ import annotations

from collections.abc import Mapping

from flask import Flask, request
from flask_restx import Api
from werkzeug.exceptions import HTTPException

# The Posts API was specified with its own response envelope, and its clients already
# parse it; every other path uses the error shape below.
ENVELOPE_PREFIX = "/api/posts"


# --8<-- [start:hierarchy]
class ApiError(Exception):
    """Base of every error a service raises on purpose; subclasses fix the status."""

    status_code = 500
    code = "internal_error"

    def __init__(self, message: str, *, fields: Mapping[str, str] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.fields = dict(fields or {})


class ValidationFailed(ApiError):
    """The request is well-formed HTTP but its content breaks the resource's rules."""

    status_code = 400
    code = "validation_failed"


class NotFound(ApiError):
    """No resource has the identifier in the URL."""

    status_code = 404
    code = "not_found"


class Conflict(ApiError):
    """The request clashes with the current state, such as a taken username."""

    status_code = 409
    code = "conflict"


# --8<-- [end:hierarchy]


# --8<-- [start:render]
def error_body(
    status: int, code: str, message: str, fields: Mapping[str, str] | None = None
) -> dict[str, object]:
    """Describe one error in the shape of the API the request was sent to."""
    if request.path == ENVELOPE_PREFIX or request.path.startswith(ENVELOPE_PREFIX + "/"):
        return {"success": False, "message": message, "errors": dict(fields or {})}
    error: dict[str, object] = {"status": status, "code": code, "message": message}
    if fields:
        error["fields"] = dict(fields)
    return {"error": error}


def from_http_exception(exc: HTTPException) -> dict[str, object]:
    """Describe a werkzeug or flask-restx HTTP error, keeping restx's per-field errors."""
    data = getattr(exc, "data", None) or {}
    status = exc.code or 500
    # restx's payload validation aborts with per-field `errors`: call it what it is.
    fields = data.get("errors")
    code = "validation_failed" if fields else (exc.name or "error").lower().replace(" ", "_")
    message = data.get("message") or exc.description or ""
    return error_body(status, code, message, fields)


def error_headers(exc: HTTPException) -> dict[str, str]:
    """Keep the headers an error must carry, such as Allow on a 405, but not its HTML type."""
    return {name: value for name, value in exc.get_headers() if name.lower() != "content-type"}


def init_app(app: Flask, api: Api) -> None:
    """Render every error as JSON, inside the API and for URLs outside it."""

    @api.errorhandler(ApiError)
    def service_error(exc: ApiError):
        return error_body(exc.status_code, exc.code, exc.message, exc.fields), exc.status_code

    @api.errorhandler(HTTPException)
    def http_error(exc: HTTPException):
        # flask-restx sends `exc.data` when an exception has it, whatever this handler
        # returns (its own abort() sets it); so the rendered body goes there.
        exc.data = from_http_exception(exc)
        return exc.data, exc.code, error_headers(exc)

    @api.errorhandler
    def unexpected_error(exc: Exception):
        # The last resort: restx logs the traceback of any 5xx, the client sees no internals.
        return error_body(500, "internal_error", "The server could not handle this request"), 500

    @app.errorhandler(HTTPException)
    def outside_api_error(exc: HTTPException):
        return from_http_exception(exc), exc.code, error_headers(exc)


# --8<-- [end:render]
