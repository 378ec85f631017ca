"""One error hierarchy and one JSON shape: {"error": {"status", "code", "message"}}."""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar

from flask import Flask
from flask_restx import Api
from werkzeug.exceptions import HTTPException

REALM = "ch04-demo"


# --8<-- [start:hierarchy]
class ApiError(Exception):
    """An error the API reports to its caller; subclasses fix the status and code."""

    status_code: ClassVar[int] = 500
    code: ClassVar[str] = "internal_error"

    def __init__(self, message: str, *, headers: Mapping[str, str] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.headers = dict(headers or {})


class BadRequest(ApiError):
    status_code = 400
    code = "bad_request"


class Unauthorized(ApiError):
    """401: no credentials, or credentials we do not accept. Says how to authenticate."""

    status_code = 401
    code = "unauthorized"

    def __init__(self, message: str, *, error: str | None = None) -> None:
        # RFC 9110 §15.5.2: a 401 MUST carry a WWW-Authenticate challenge.
        # RFC 6750 §3: add error="invalid_token" when a token was sent but is no good.
        challenge = f'Bearer realm="{REALM}"'
        if error:
            challenge += f', error="{error}", error_description="{message}"'
        super().__init__(message, headers={"WWW-Authenticate": challenge})


class InvalidToken(Unauthorized):
    code = "invalid_token"

    def __init__(self, message: str) -> None:
        super().__init__(message, error="invalid_token")


class Forbidden(ApiError):
    """403: we know who you are, and you may not do this. Logging in again will not help."""

    status_code = 403
    code = "forbidden"


class NotFound(ApiError):
    status_code = 404
    code = "not_found"


class ServiceUnavailable(ApiError):
    status_code = 503
    code = "service_unavailable"

    def __init__(self, message: str, *, retry_after: int = 5) -> None:
        super().__init__(message, headers={"Retry-After": str(retry_after)})


# --8<-- [end:hierarchy]


def _http_error_body(exc: HTTPException) -> dict[str, object]:
    body: dict[str, object] = {
        "status": exc.code,
        "code": (exc.name or "error").lower().replace(" ", "_"),
        "message": exc.description,
    }
    # flask-restx puts per-field validation errors on `exc.data`; keep them.
    field_errors = (getattr(exc, "data", None) or {}).get("errors")
    if field_errors:
        body["fields"] = field_errors
    return {"error": body}


def init_app(app: Flask, api: Api) -> None:
    """Render ApiError and every HTTP error as the one JSON shape, in and outside the API."""

    def render_api_error(exc: ApiError):
        body = {"error": {"status": exc.status_code, "code": exc.code, "message": exc.message}}
        # flask-restx sends `exc.data` when an exception has it, whatever we return.
        exc.data = body
        return body, exc.status_code, exc.headers

    def render_http_error(exc: HTTPException):
        body = _http_error_body(exc)
        exc.data = body
        # Keep headers such as Allow (405) and Retry-After; the body is JSON now.
        headers = {k: v for k, v in exc.get_headers() if k.lower() != "content-type"}
        return body, exc.code, headers

    api.errorhandler(ApiError)(render_api_error)
    api.errorhandler(HTTPException)(render_http_error)
    app.register_error_handler(ApiError, render_api_error)
    app.register_error_handler(HTTPException, render_http_error)
