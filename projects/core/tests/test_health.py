"""Health: liveness always answers; readiness runs each check with a deadline."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask, current_app

from projects.core import add_check, create_app
from testing.services.redis import RedisServer


@pytest.fixture
def app(settings_factory: Callable[..., Any]) -> Flask:
    return create_app(name="health_demo", settings=settings_factory(health_check_timeout=0.3))


def ready(app: Flask) -> tuple[int, dict[str, Any]]:
    response = app.test_client().get("/health/ready")
    assert response.headers["Cache-Control"] == "no-store"
    return response.status_code, response.get_json()


def test_liveness_checks_nothing(app: Flask) -> None:
    add_check(app, "broken", lambda: 1 / 0)
    response = app.test_client().get("/health/live")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "checks": {}}
    assert response.headers["Cache-Control"] == "no-store"


def test_ready_when_every_check_passes(app: Flask) -> None:
    add_check(app, "one", lambda: None)
    add_check(app, "uses_app_context", lambda: current_app.config["SECRET_KEY"])
    status, body = ready(app)
    assert status == 200
    assert body["status"] == "ok"
    assert {name: c["status"] for name, c in body["checks"].items()} == {
        "one": "ok",
        "uses_app_context": "ok",
    }


def test_a_failing_check_is_a_503_that_names_the_error_type_only(app: Flask) -> None:
    def broken() -> None:
        raise ConnectionError("password=hunter2 host=db.internal")

    add_check(app, "ok", lambda: None)
    add_check(app, "db", broken)
    status, body = ready(app)
    assert status == 503
    assert body["status"] == "fail"
    assert body["checks"]["db"] == {"status": "fail", "error": "ConnectionError"}
    assert body["checks"]["ok"]["status"] == "ok"


def test_a_hung_check_times_out_and_the_probe_still_answers(app: Flask) -> None:
    release = threading.Event()
    add_check(app, "hung", lambda: release.wait(5))
    started = time.monotonic()
    try:
        status, body = ready(app)
    finally:
        release.set()
    assert status == 503
    assert body["checks"]["hung"] == {"status": "fail", "error": "timed out after 0.3s"}
    assert time.monotonic() - started < 2


def test_redis_check_follows_the_server(
    settings_factory: Callable[..., Any], redis_server: RedisServer
) -> None:
    app = create_app(name="health_redis", settings=settings_factory(redis_url=redis_server.url))
    assert ready(app)[0] == 200
    redis_server.stop()
    status, body = ready(app)
    assert status == 503
    assert body["checks"]["redis"]["status"] == "fail"
    redis_server.start()
    assert ready(app)[0] == 200
