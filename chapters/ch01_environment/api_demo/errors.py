"""One JSON shape for every error the demo returns."""

from __future__ import annotations

from flask import Flask
from flask_restx import Api
from werkzeug.exceptions import HTTPException

from .request_ids import current_request_id


# --8<-- [start:errors]
def error_body(exc: HTTPException) -> dict[str, object]:
    """Describe an HTTP error as `{"error": {status, code, message, request_id}}`."""
    body: dict[str, object] = {
        "status": exc.code,
        "code": (exc.name or "error").lower().replace(" ", "_"),
        "message": exc.description,
        "request_id": current_request_id(),
    }
    # flask-restx puts per-field validation errors on `exc.data`; keep them.
    field_errors = (getattr(exc, "data", None) or {}).get("errors")
    if field_errors:
        body["fields"] = field_errors
    return {"error": body}


def init_app(app: Flask, api: Api) -> None:
    """Render HTTP errors as JSON, both inside the API and for unknown URLs."""

    @api.errorhandler(HTTPException)
    def api_error(exc: HTTPException):
        # flask-restx sends `exc.data` when an exception has it, whatever this
        # handler returns; so the body goes there too.
        exc.data = error_body(exc)
        return exc.data, exc.code

    @app.errorhandler(HTTPException)
    def app_error(exc: HTTPException):
        return error_body(exc), exc.code


# --8<-- [end:errors]
