"""Events on registration, login and logout reach a real Celery worker over real Redis."""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import redis
from celery.contrib.testing.worker import start_worker
from flask import Flask
from flask.testing import FlaskClient

from projects.auth_service.api import create_app
from projects.auth_service.models import db
from projects.auth_service.services.events import EVENT_TASK, STREAM, emit
from projects.auth_service.settings import AuthSettings
from projects.core.testing import api_client

from .conftest import PASSWORD, bearer, login


@pytest.fixture
def worker(app: Flask) -> Iterator[None]:
    """Run one real Celery worker for the app, consuming its queue on the test Redis."""
    celery = app.extensions["celery"]
    with start_worker(celery, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        yield


def stream_events(redis_url: str, count: int, wait_seconds: float = 15) -> list[dict[str, Any]]:
    """Read the stream until it holds `count` events or the wait is over."""
    client = redis.Redis.from_url(redis_url)
    deadline = time.monotonic() + wait_seconds
    entries: list = []
    while len(entries) < count and time.monotonic() < deadline:
        entries = client.xrange(STREAM)
        if len(entries) < count:
            client.xread({STREAM: entries[-1][0] if entries else "0"}, block=500)
    return [json.loads(fields[b"event"]) for _, fields in entries]


@pytest.mark.slow
def test_account_events_reach_the_worker(
    app: Flask, client: FlaskClient, worker: None, redis_url: str
) -> None:
    """Registration, login and logout each become one event in the stream."""
    user_id = client.post(
        "/api/users/register",
        json={"email": "ann@example.com", "username": "ann", "password": PASSWORD},
    ).get_json()["id"]
    tokens = login(client, "ann@example.com")
    bearer(app, tokens["access_token"]).post("/api/auth/logout")
    events = stream_events(redis_url, 3)
    assert [e["type"] for e in events] == ["user.registered", "user.logged_in", "user.logged_out"]
    assert {e["user_id"] for e in events} == {user_id}
    assert events[1]["data"]["session_id"] == tokens["session_id"]
    assert all(e["request_id"] and e["id"] for e in events)


@pytest.mark.slow
def test_a_redelivered_event_is_published_once(app: Flask, worker: None, redis_url: str) -> None:
    """Late acks may run a task twice: the second run sees the id and adds nothing."""
    celery = app.extensions["celery"]
    event = {"id": "e-1", "type": "user.logged_in", "user_id": 1, "data": {}}
    first = celery.send_task(EVENT_TASK, args=[event]).get(timeout=10)
    second = celery.send_task(EVENT_TASK, args=[event]).get(timeout=10)
    assert second == "duplicate" and first != "duplicate"
    assert redis.Redis.from_url(redis_url).xlen(STREAM) == 1


def test_without_redis_events_are_skipped(light_app: Flask) -> None:
    """Development without a broker: emit does nothing and says so."""
    with light_app.test_request_context():
        assert emit("user.logged_in", user_id=1) is None


@pytest.mark.slow
def test_a_broker_outage_does_not_fail_the_login(
    live_settings_factory: Callable[..., AuthSettings], redis_server
) -> None:
    """With Redis down, the login still succeeds; the event is logged as lost."""
    app = create_app(live_settings_factory(AuthSettings, redis_url=redis_server.url, jwt_jwks=None))
    client = api_client(app)
    client.post(
        "/api/users/register",
        json={"email": "ann@example.com", "username": "ann", "password": PASSWORD},
    )
    redis_server.stop()
    assert login(client, "ann@example.com")["access_token"]
    with app.app_context():
        db.engine.dispose()
