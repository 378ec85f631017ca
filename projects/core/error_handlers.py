"""Render every exception, expected or not, in the one JSON error shape."""

from __future__ import annotations

import re
from typing import Any

from flask import Flask, current_app
from flask_restx import Api
from marshmallow import ValidationError as SchemaValidationError
from werkzeug.exceptions import HTTPException

from .errors import CODE_BY_STATUS, APIError, ValidationError
from .request_ids import current_request_id

Rendered = tuple[dict[str, Any], int, dict[str, str]]
# Headers of werkzeug's own error page that do not describe a JSON body.
_PAGE_HEADERS = {"content-type", "content-length"}
_NOT_A_WORD = re.compile(r"[^a-z0-9]+")


def error_body(
    status: int, code: str, message: str, details: dict[str, Any] | None = None
) -> dict[str, Any]:
    """Build the one error shape."""
    body: dict[str, Any] = {
        "status": status,
        "code": code,
        "message": message,
        "request_id": current_request_id(),
    }
    if details:
        body["details"] = details
    return {"error": body}


def render(exc: Exception) -> Rendered:
    """Return body, status and headers for any exception."""
    if isinstance(exc, APIError):
        body = error_body(exc.status_code, exc.code, exc.message, exc.details)
        return body, exc.status_code, exc.headers
    if isinstance(exc, HTTPException):
        return _render_http(exc)
    if isinstance(exc, SchemaValidationError):
        details = exc.messages if isinstance(exc.messages, dict) else {"_schema": exc.messages}
        return _render_api_error(ValidationError(details=details))
    # Anything else is a bug: say so without leaking its text, which may hold data.
    return _render_api_error(APIError())


def _render_api_error(exc: APIError) -> Rendered:
    return error_body(exc.status_code, exc.code, exc.message, exc.details), exc.status_code, {}


def _render_http(exc: HTTPException) -> Rendered:
    status = exc.code or 500
    headers = {
        name: value
        for name, value in exc.get_response().headers.items()
        if name.lower() not in _PAGE_HEADERS
    }
    # flask-restx's payload and argument validation put field errors on `exc.data`.
    field_errors = (getattr(exc, "data", None) or {}).get("errors")
    if status == 400 and field_errors:
        body = error_body(400, ValidationError.code, ValidationError.description, field_errors)
        return body, 400, headers
    code = CODE_BY_STATUS.get(status) or _NOT_A_WORD.sub("_", exc.name.lower()).strip("_")
    return error_body(status, code, exc.description or exc.name), status, headers


def init_app(app: Flask, api: Api) -> None:
    """Render errors raised in API resources and in plain Flask views alike."""

    @api.errorhandler(Exception)
    def api_error(exc: Exception) -> Rendered:
        body, status, headers = render(exc)
        # flask-restx sends `exc.data` when an exception has it, whatever this handler
        # returns; so the body goes there too. (It logs 5xx with the traceback itself.)
        exc.data = body  # type: ignore[attr-defined]
        return body, status, headers

    @app.errorhandler(Exception)
    def app_error(exc: Exception) -> tuple[dict[str, Any], int, dict[str, str]]:
        body, status, headers = render(exc)
        if status >= 500 and not isinstance(exc, APIError | HTTPException):
            current_app.logger.error("unhandled exception", exc_info=exc)
        return body, status, headers
