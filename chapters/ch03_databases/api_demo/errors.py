"""One error hierarchy and one JSON shape for every error the demo returns."""

from __future__ import annotations

from flask import Flask
from flask_restx import Api, Model, Namespace, fields
from sqlalchemy.exc import IntegrityError, OperationalError
from werkzeug.exceptions import HTTPException

from .database import db

ERROR_BODY = Model(
    "ErrorBody",
    {
        "status": fields.Integer(example=409),
        "code": fields.String(example="conflict"),
        "message": fields.String(example="an author with email 'ada@example.com' already exists"),
        "fields": fields.Raw(description="Per-field problems, when the input is invalid"),
    },
)
ERROR_MODEL = Model("Error", {"error": fields.Nested(ERROR_BODY)})


def register_error_model(ns: Namespace) -> Model:
    """Register the error models on a namespace, for its @ns.response documentation."""
    ns.add_model(ERROR_BODY.name, ERROR_BODY)
    return ns.add_model(ERROR_MODEL.name, ERROR_MODEL)


# --8<-- [start:errors]
class APIError(Exception):
    """An error the API reports to its caller; subclasses set the status and code."""

    status_code = 500
    code = "internal_error"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class BadInput(APIError):
    status_code, code = 400, "bad_request"


class NotFound(APIError):
    status_code, code = 404, "not_found"


class Conflict(APIError):
    status_code, code = 409, "conflict"


class DatabaseUnavailable(APIError):
    status_code, code = 503, "database_unavailable"


def error_body(status: int, code: str, message: str, field_errors: object = None) -> dict:
    """Describe an error as `{"error": {status, code, message[, fields]}}`."""
    body: dict[str, object] = {"status": status, "code": code, "message": message}
    if field_errors:
        body["fields"] = field_errors
    return {"error": body}


def init_app(app: Flask, api: Api) -> None:
    """Render API errors, HTTP errors and database failures in the one shape."""

    @api.errorhandler(APIError)
    def api_error(exc: APIError):
        return error_body(exc.status_code, exc.code, exc.message), exc.status_code

    @api.errorhandler(IntegrityError)
    def integrity_error(exc: IntegrityError):
        # Services translate the conflicts they expect; this net catches the rest as 409.
        db.session.rollback()
        return api_error(Conflict("the change conflicts with data already stored"))

    @api.errorhandler(OperationalError)
    def operational_error(exc: OperationalError):
        db.session.rollback()
        app.logger.error("database error: %s", exc.orig)
        return api_error(DatabaseUnavailable("the database is unavailable; try again later"))

    @api.errorhandler(HTTPException)
    def http_error(exc: HTTPException):
        # flask-restx sends `exc.data` when an exception has it, whatever this handler
        # returns; so the body goes there too (its validation errors are on `exc.data`).
        data = getattr(exc, "data", None) or {}
        message = data.get("message") or exc.description
        exc.data = error_body(exc.code, _code(exc), message, data.get("errors"))
        headers = {k: v for k, v in exc.get_headers() if k.lower() != "content-type"}
        return exc.data, exc.code, headers

    @app.errorhandler(HTTPException)
    def app_error(exc: HTTPException):
        return error_body(exc.code, _code(exc), exc.description), exc.code


def _code(exc: HTTPException) -> str:
    return (exc.name or "error").lower().replace(" ", "_")


# --8<-- [end:errors]
