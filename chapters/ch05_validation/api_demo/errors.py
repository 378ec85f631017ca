"""One error hierarchy, one JSON error shape, and field errors flattened to dotted paths."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import Flask
from flask_restx import Api
from marshmallow import ValidationError
from werkzeug.exceptions import HTTPException

FieldErrors = dict[str, list[str]]


# --8<-- [start:hierarchy]
class ApiError(Exception):
    """Base of every error the demo raises on purpose; subclasses fix the status."""

    status_code = 500
    code = "internal_error"

    def __init__(self, message: str, *, fields: Mapping[str, list[str]] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.fields: FieldErrors = dict(fields or {})


class InvalidJson(ApiError):
    """The body is not JSON we can read: a syntax error, NaN, or absurd nesting."""

    status_code = 400
    code = "invalid_json"


class UnsupportedMediaType(ApiError):
    """The body was sent with a Content-Type other than JSON."""

    status_code = 415
    code = "unsupported_media_type"


class ValidationFailed(ApiError):
    """The body is well-formed JSON, but its content breaks the resource's rules."""

    status_code = 422
    code = "validation_failed"

    @classmethod
    def from_marshmallow(cls, error: ValidationError) -> ValidationFailed:
        """Turn marshmallow's nested messages into one error listing every field."""
        fields = flatten_errors(error.messages)
        noun = "field" if len(fields) == 1 else "fields"
        return cls(f"{len(fields)} {noun} failed validation; see `fields`.", fields=fields)


class NotFound(ApiError):
    """No resource has the identifier in the URL."""

    status_code = 404
    code = "not_found"


# --8<-- [end:hierarchy]


# --8<-- [start:flatten]
def flatten_errors(messages: Any, prefix: str = "") -> FieldErrors:
    """Flatten marshmallow's nested error dict to {"items.0.quantity": [...]}."""
    flat: FieldErrors = {}
    if isinstance(messages, Mapping):
        for key, value in messages.items():
            path = f"{prefix}.{key}" if prefix else str(key)
            for field, errors in flatten_errors(value, path).items():
                flat.setdefault(field, []).extend(errors)
    elif isinstance(messages, list | tuple):
        for item in messages:
            if isinstance(item, Mapping):  # a list may mix messages and nested dicts
                for field, errors in flatten_errors(item, prefix).items():
                    flat.setdefault(field, []).extend(errors)
            else:
                flat.setdefault(prefix or "_schema", []).append(str(item))
    else:
        flat.setdefault(prefix or "_schema", []).append(str(messages))
    return flat


# --8<-- [end:flatten]


# --8<-- [start:render]
def error_body(
    status: int, code: str, message: str, fields: FieldErrors | None = None
) -> dict[str, Any]:
    """Describe one error as {"error": {status, code, message[, fields]}}."""
    error: dict[str, Any] = {"status": status, "code": code, "message": message}
    if fields:
        error["fields"] = fields
    return {"error": error}


def from_http_exception(exc: HTTPException) -> dict[str, Any]:
    """Describe a werkzeug HTTP error (404, 405, 413, …) in the same shape."""
    code = (exc.name or "error").lower().replace(" ", "_")
    return error_body(exc.code or 500, code, exc.description or "")


def http_headers(exc: HTTPException) -> dict[str, str]:
    """Keep the headers an HTTP error must carry, such as Allow on a 405."""
    return {key: value for key, value in exc.get_headers() if key == "Allow"}


def init_app(app: Flask, api: Api) -> None:
    """Render every error as JSON, inside the API and for URLs outside it."""

    @api.errorhandler(ApiError)
    def service_error(exc: ApiError):
        return error_body(exc.status_code, exc.code, exc.message, exc.fields), exc.status_code

    @api.errorhandler(HTTPException)
    def http_error(exc: HTTPException):
        # flask-restx sends `exc.data` when an exception has it, whatever this handler
        # returns; so the rendered body goes there too.
        exc.data = from_http_exception(exc)
        return exc.data, exc.code, http_headers(exc)

    @api.errorhandler
    def unexpected_error(exc: Exception):
        # The last resort: restx logs the traceback of a 5xx, the client sees no internals.
        return error_body(500, "internal_error", "The server could not handle this request"), 500

    @app.errorhandler(HTTPException)
    def outside_api_error(exc: HTTPException):
        return from_http_exception(exc), exc.code, http_headers(exc)


# --8<-- [end:render]
