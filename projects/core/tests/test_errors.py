"""Errors: the hierarchy, and one JSON shape for everything a view can raise."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from typing import Any

import marshmallow
import pytest
from flask import Flask, abort
from flask_restx import Namespace, Resource, fields
from flask_restx import abort as restx_abort

from projects.core import (
    APIError,
    BadRequest,
    Conflict,
    Forbidden,
    NotFound,
    PayloadTooLarge,
    PreconditionFailed,
    RateLimited,
    ServiceUnavailable,
    Unauthorized,
    UnsupportedMediaType,
    ValidationError,
    create_app,
)

ns = Namespace("boom", path="/boom")
thing = ns.model("Thing", {"name": fields.String(required=True), "size": fields.Integer})
RAISERS: dict[str, Callable[[], Any]] = {
    "api_error": lambda: (_ for _ in ()).throw(Conflict("Taken.", details={"name": "taken"})),
    "werkzeug": lambda: abort(418),
    "restx_abort": lambda: restx_abort(404, "gone"),
    "schema": lambda: marshmallow.Schema.from_dict({"n": marshmallow.fields.Int()})().load(
        {"n": "x"}
    ),
    "bug": lambda: {}["secret-internal-key"],
}


@ns.route("/<kind>")
class Boom(Resource):
    def get(self, kind: str):
        """Raise the error named `kind`."""
        return RAISERS[kind]()

    @ns.expect(thing, validate=True)
    def post(self, kind: str):
        """Accept a valid thing."""
        return {"ok": True}


@pytest.fixture
def app(settings_factory: Callable[..., Any]) -> Flask:
    app = create_app(name="errors_demo", settings=settings_factory(), namespaces=[ns])
    app.add_url_rule("/plain/<kind>", "plain", lambda kind: RAISERS[kind]())
    return app


def error_of(response) -> dict[str, Any]:
    body = response.get_json()
    assert set(body) == {"error"}
    assert {"status", "code", "message", "request_id"} <= set(body["error"])
    assert body["error"]["status"] == response.status_code
    assert body["error"]["request_id"] == response.headers["X-Request-ID"]
    return body["error"]


@pytest.mark.parametrize(
    ("cls", "status", "code"),
    [
        (APIError, 500, "internal_error"),
        (BadRequest, 400, "bad_request"),
        (ValidationError, 400, "validation_error"),
        (Unauthorized, 401, "unauthorized"),
        (Forbidden, 403, "forbidden"),
        (NotFound, 404, "not_found"),
        (Conflict, 409, "conflict"),
        (PreconditionFailed, 412, "precondition_failed"),
        (PayloadTooLarge, 413, "request_entity_too_large"),
        (UnsupportedMediaType, 415, "unsupported_media_type"),
        (RateLimited, 429, "rate_limited"),
        (ServiceUnavailable, 503, "service_unavailable"),
    ],
)
def test_each_class_has_its_status_and_code(cls: type[APIError], status: int, code: str) -> None:
    error = cls()
    assert (error.status_code, error.code) == (status, code)
    assert error.message == cls.description
    assert issubclass(cls, APIError)


def test_headers_that_clients_rely_on() -> None:
    assert Unauthorized().headers["WWW-Authenticate"] == 'Bearer realm="api"'
    challenge = Unauthorized(token_error="invalid_token").headers["WWW-Authenticate"]
    assert challenge == 'Bearer realm="api", error="invalid_token"'
    assert RateLimited(retry_after=7).headers["Retry-After"] == "7"
    assert "Retry-After" not in ServiceUnavailable().headers


@pytest.mark.parametrize("prefix", ["/boom", "/plain"])
@pytest.mark.parametrize(
    ("kind", "status", "code"),
    [
        ("api_error", 409, "conflict"),
        ("werkzeug", 418, "i_m_a_teapot"),
        ("restx_abort", 404, "not_found"),
        ("schema", 400, "validation_error"),
        ("bug", 500, "internal_error"),
    ],
)
def test_restx_and_plain_views_share_the_shape(
    app: Flask, prefix: str, kind: str, status: int, code: str
) -> None:
    response = app.test_client().get(f"{prefix}/{kind}")
    assert response.status_code == status
    assert error_of(response)["code"] == code


def test_details_are_kept(app: Flask) -> None:
    assert error_of(app.test_client().get("/boom/api_error"))["details"] == {"name": "taken"}
    schema_error = error_of(app.test_client().get("/boom/schema"))
    assert schema_error["details"] == {"n": ["Not a valid integer."]}


def test_payload_validation_is_a_400_with_field_details(app: Flask) -> None:
    response = app.test_client().post("/boom/x", json={"size": "big"})
    error = error_of(response)
    assert (response.status_code, error["code"]) == (400, "validation_error")
    assert set(error["details"]) == {"name", "size"}


def test_malformed_json_is_a_bad_request(app: Flask) -> None:
    response = app.test_client().post(
        "/boom/x", data="{not json", headers={"Content-Type": "application/json"}
    )
    assert (response.status_code, error_of(response)["code"]) == (400, "bad_request")


def test_unknown_url_and_wrong_method(app: Flask) -> None:
    missing = app.test_client().get("/nowhere")
    wrong = app.test_client().delete("/boom/x")
    assert error_of(missing)["code"] == "not_found"
    assert error_of(wrong)["code"] == "method_not_allowed"
    assert "GET" in wrong.headers["Allow"]


@pytest.mark.parametrize("prefix", ["/boom", "/plain"])
def test_a_bug_is_logged_with_traceback_but_not_leaked(
    app: Flask, prefix: str, caplog: pytest.LogCaptureFixture
) -> None:
    app.logger.addHandler(caplog.handler)  # the app's logger does not propagate to root
    try:
        response = app.test_client().get(f"{prefix}/bug")
    finally:
        app.logger.removeHandler(caplog.handler)
    assert "secret-internal-key" not in response.get_data(as_text=True)
    assert error_of(response)["message"] == APIError.description
    errors = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert len(errors) == 1
    assert errors[0].exc_info and "secret-internal-key" in str(errors[0].exc_info[1])
    assert errors[0].request_id == response.headers["X-Request-ID"]


def test_error_bodies_are_json(app: Flask) -> None:
    response = app.test_client().get("/plain/werkzeug")
    assert response.mimetype == "application/json"
    assert json.loads(response.get_data(as_text=True))["error"]["status"] == 418
