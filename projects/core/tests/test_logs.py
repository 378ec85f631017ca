"""Logs: one JSON object per line, with the request ID, from the service and its libraries."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask

from projects.core import create_app


@pytest.fixture
def app(settings_factory: Callable[..., Any]) -> Flask:
    app = create_app(name="projects.logdemo", settings=settings_factory(log_level="INFO"))

    @app.get("/work")
    def work() -> dict[str, bool]:
        logging.getLogger("projects.logdemo.service").warning("stock low", extra={"sku": "A1"})
        return {"ok": True}

    return app


def json_lines(text: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def test_each_request_is_logged_as_json_with_its_id(
    app: Flask, capsys: pytest.CaptureFixture[str]
) -> None:
    response = app.test_client().get("/work", headers={"X-Request-ID": "req-7"})
    lines = json_lines(capsys.readouterr().err)
    service, handled = lines[-2], lines[-1]
    assert service["message"] == "stock low"
    assert (service["logger"], service["level"], service["sku"]) == (
        "projects.logdemo.service",
        "WARNING",
        "A1",
    )
    assert handled["message"] == "request handled"
    assert handled["request_id"] == service["request_id"] == response.headers["X-Request-ID"]
    assert (handled["method"], handled["path"], handled["status"]) == ("GET", "/work", 200)
    assert "time" in handled and handled["duration_ms"] >= 0


def test_the_level_comes_from_settings(
    settings_factory: Callable[..., Any], capsys: pytest.CaptureFixture[str]
) -> None:
    app = create_app(name="projects.quiet", settings=settings_factory(log_level="WARNING"))
    app.test_client().get("/health/live")
    assert capsys.readouterr().err == ""
