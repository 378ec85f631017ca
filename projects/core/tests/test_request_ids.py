"""Request IDs: a sane incoming X-Request-ID is kept, anything else is replaced."""

from __future__ import annotations

import re

import pytest
from flask import Flask

from projects.core import create_app, current_request_id

GENERATED = re.compile(r"[0-9a-f]{32}")


@pytest.fixture
def app(settings_factory) -> Flask:
    return create_app(name="ids", settings=settings_factory())


@pytest.mark.parametrize("incoming", ["abc", "trace-1.2_3:4", "A" * 128])
def test_a_sane_id_is_echoed(app: Flask, incoming: str) -> None:
    response = app.test_client().get("/health/live", headers={"X-Request-ID": incoming})
    assert response.headers["X-Request-ID"] == incoming


@pytest.mark.parametrize(
    "incoming",
    ["", "A" * 129, "has space", "new\\nline", "semi;colon", 'quote"', "ünïcode"],
)
def test_anything_else_is_replaced(app: Flask, incoming: str) -> None:
    response = app.test_client().get("/health/live", headers={"X-Request-ID": incoming})
    assert GENERATED.fullmatch(response.headers["X-Request-ID"])


def test_each_request_gets_its_own_id(app: Flask) -> None:
    client = app.test_client()
    ids = {client.get("/health/live").headers["X-Request-ID"] for _ in range(3)}
    assert len(ids) == 3


def test_outside_a_request_the_id_is_a_dash(app: Flask) -> None:
    with app.app_context():
        assert current_request_id() == "-"
    with app.test_request_context():
        assert GENERATED.fullmatch(current_request_id())
