"""Rate limits: counted in Redis, one error shape for 429, and memory while Redis is down."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from typing import Any

import pydantic
import pytest
import redis
from flask import Flask
from flask_restx import Namespace, Resource

from projects.core import create_app, rate_limit
from testing.services.redis import RedisServer

ns = Namespace("limited", path="/limited")


@ns.route("/tight")
class Tight(Resource):
    @rate_limit("1/minute")
    def get(self):
        """Allow one call a minute."""
        return {"ok": True}

    def put(self):
        """Fall under the default limit."""
        return {"ok": True}


@pytest.fixture
def make_app(settings_factory: Callable[..., Any]) -> Callable[..., Flask]:
    def make(name: str = "projects.limit_demo", **overrides: Any) -> Flask:
        settings = settings_factory(rate_limit_default="2/minute", **overrides)
        app = create_app(name=name, settings=settings, namespaces=[ns])
        app.add_url_rule("/plain", "plain", rate_limit("3/minute")(lambda: {"ok": True}))
        return app

    return make


def statuses(app: Flask, method: str, path: str, times: int) -> list[int]:
    client = app.test_client()
    return [client.open(path, method=method).status_code for _ in range(times)]


def test_the_default_limit_answers_429_in_the_error_shape(
    make_app: Callable[..., Flask], redis_url: str
) -> None:
    app = make_app(redis_url=redis_url)
    assert statuses(app, "PUT", "/limited/tight", 2) == [200, 200]
    response = app.test_client().put("/limited/tight")
    error = response.get_json()["error"]
    assert (response.status_code, error["code"], error["status"]) == (429, "rate_limited", 429)
    assert "2 per 1 minute" in error["message"]
    assert 0 < int(response.headers["Retry-After"]) <= 60
    assert response.headers["X-RateLimit-Limit"] == "2"
    # The counters live in Redis, under the service's prefix, shared by its workers.
    assert redis.Redis.from_url(redis_url).keys("*projects.limit_demo*")


def test_marked_views_get_their_own_limit(make_app: Callable[..., Flask], redis_url: str) -> None:
    app = make_app(redis_url=redis_url)
    assert statuses(app, "GET", "/limited/tight", 2) == [200, 429]
    assert statuses(app, "PUT", "/limited/tight", 2) == [200, 200]  # the method's own budget
    assert statuses(app, "GET", "/plain", 4) == [200, 200, 200, 429]


def test_probes_metrics_and_docs_are_never_limited(make_app: Callable[..., Flask]) -> None:
    app = make_app()
    for path in ("/health/live", "/health/ready", "/metrics", "/swagger.json"):
        assert set(statuses(app, "GET", path, 4)) == {200}, path


def test_services_sharing_redis_count_apart(make_app: Callable[..., Flask], redis_url: str) -> None:
    first = make_app("projects.one", redis_url=redis_url)
    second = make_app("projects.two", redis_url=redis_url)
    assert statuses(first, "GET", "/limited/tight", 2) == [200, 429]
    assert statuses(second, "GET", "/limited/tight", 1) == [200]


def test_without_redis_limits_are_counted_in_memory(make_app: Callable[..., Flask]) -> None:
    assert statuses(make_app(), "GET", "/limited/tight", 2) == [200, 429]


def test_when_redis_goes_down_limits_fall_back_to_memory_with_a_warning(
    make_app: Callable[..., Flask], redis_server: RedisServer, capsys: pytest.CaptureFixture[str]
) -> None:
    app = make_app(redis_url=redis_server.url)
    assert statuses(app, "PUT", "/limited/tight", 1) == [200]
    redis_server.stop()
    # Still answered, still limited: the memory counter starts afresh.
    assert statuses(app, "PUT", "/limited/tight", 3) == [200, 200, 429]
    warnings = [json.loads(line) for line in capsys.readouterr().err.splitlines()]
    # One warning for the outage, not one per request.
    assert [w["message"] for w in warnings if w["level"] == "WARNING"] == [
        "rate limits are counted in memory while Redis is unreachable"
    ]


def test_every_answer_says_how_much_is_left(make_app: Callable[..., Flask], redis_url: str) -> None:
    client = make_app(redis_url=redis_url).test_client()
    first, second = client.get("/plain"), client.get("/plain")
    assert [r.headers["X-RateLimit-Remaining"] for r in (first, second)] == ["2", "1"]
    assert first.headers["X-RateLimit-Limit"] == "3"
    # Windows are aligned to the clock: the reset is the next whole minute.
    reset = int(first.headers["X-RateLimit-Reset"])
    assert reset % 60 == 0 and 0 < reset - time.time() <= 60


def test_limits_are_checked_when_they_are_written() -> None:
    with pytest.raises(ValueError, match="not a rate limit: 'often'"):
        rate_limit("often")


def test_a_bad_default_limit_is_a_settings_error(settings_factory: Callable[..., Any]) -> None:
    with pytest.raises(pydantic.ValidationError, match="300/minute"):
        settings_factory(rate_limit_default="lots")
