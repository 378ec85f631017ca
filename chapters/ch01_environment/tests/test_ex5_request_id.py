"""Exercise 5 — request ID tracking."""

from __future__ import annotations

import logging

import pytest
from flask import Flask


@pytest.fixture
def app(exercise) -> Flask:
    app = Flask(__name__)
    exercise.init_request_id(app)

    @app.get("/whoami")
    def whoami():
        return {"id": exercise.current_request_id(), "headers": exercise.propagation_headers()}

    return app


@pytest.mark.parametrize(
    "value", ["abc", "A-1_b.2", "x" * 64, "0f8fad5b-d9cb-469f-a165-70867728950e"]
)
def test_sane_ids_are_valid(exercise, value: str) -> None:
    """IDs made of letters, digits, dot, dash and underscore are kept."""
    assert exercise.is_valid_request_id(value) is True


@pytest.mark.parametrize(
    "value", ["", "x" * 65, "has space", "quote'", "new\nline", "trailing\n", "ümlaut"]
)
def test_unsafe_ids_are_invalid(exercise, value: str) -> None:
    """Empty, overlong or odd-character IDs are rejected."""
    assert exercise.is_valid_request_id(value) is False


def test_incoming_id_is_kept_and_echoed(app) -> None:
    """A valid X-Request-ID comes back unchanged and is visible to the view."""
    response = app.test_client().get("/whoami", headers={"X-Request-ID": "trace-7"})
    assert response.headers["X-Request-ID"] == "trace-7"
    assert response.get_json() == {"id": "trace-7", "headers": {"X-Request-ID": "trace-7"}}


@pytest.mark.parametrize("incoming", [None, "bad id"])
def test_missing_or_invalid_id_is_replaced(app, incoming) -> None:
    """Without a usable header, a fresh 32-character hex ID is made."""
    headers = {} if incoming is None else {"X-Request-ID": incoming}
    response = app.test_client().get("/whoami", headers=headers)
    generated = response.headers["X-Request-ID"]
    assert len(generated) == 32 and int(generated, 16) >= 0
    assert response.get_json()["id"] == generated


def test_each_request_gets_its_own_id(app) -> None:
    """Two requests without headers get two different IDs."""
    client = app.test_client()
    first, second = (client.get("/whoami").headers["X-Request-ID"] for _ in range(2))
    assert first != second


def test_outside_a_request_there_is_no_id(exercise) -> None:
    """current_request_id() is None and nothing is propagated outside a request."""
    assert (exercise.current_request_id(), exercise.propagation_headers()) == (None, {})


def test_log_records_carry_the_id(exercise, app) -> None:
    """The filter stamps records with the request's ID, or '-' outside one."""
    log_filter = exercise.RequestIdFilter()
    outside = logging.makeLogRecord({"msg": "boot"})
    assert log_filter.filter(outside) is True and outside.request_id == "-"
    with app.test_request_context(headers={"X-Request-ID": "trace-9"}):
        app.preprocess_request()
        inside = logging.makeLogRecord({"msg": "work"})
        log_filter.filter(inside)
    assert inside.request_id == "trace-9"
