"""Admission: a request's rate-limit count and revocation check cost Redis one round trip."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import pytest
import redis
from flask import Flask
from flask_restx import Namespace, Resource

from projects.core import create_app, current_principal, prefetch, prefetched, require_auth
from projects.core.revocation import is_revoked, revoke
from projects.core.testing import api_client
from testing.services.redis import RedisServer

ns = Namespace("private", path="/private")


@ns.route("")
class Private(Resource):
    @require_auth
    def get(self):
        """Answer callers with a valid, unrevoked token."""
        return {"ok": True}


def greeting_key(claims) -> str:
    return f"greeting:{claims['sub']}"


@ns.route("/greeting")
class Greeting(Resource):
    @require_auth
    @prefetch(lambda claims: [("GET", greeting_key(claims))])
    def get(self):
        """Read the caller's greeting from Redis: prefetched, then again."""
        command = ("GET", greeting_key(current_principal().claims))
        first = prefetched(command)
        again = prefetched(command)  # a reply serves once
        return {"first": [first[0], first[1].decode()], "again": list(again)}


@pytest.fixture
def make_app(settings_factory: Callable[..., Any]) -> Callable[..., Flask]:
    def make(url: str) -> Flask:
        settings = settings_factory(redis_url=url, token_role="verifier")
        name = "projects.admission_demo"
        return create_app(name=name, settings=settings, namespaces=[ns], is_revoked=is_revoked)

    return make


def test_an_authenticated_request_costs_one_round_trip(
    make_app: Callable[..., Flask],
    redis_url: str,
    token_for: Callable[..., str],
    redis_round_trips: list[str],
) -> None:
    app = make_app(redis_url)
    response = api_client(app, token=token_for()).get("/private")
    assert response.status_code == 200
    assert redis_round_trips == ["pipeline of INCRBY EXPIREAT EXISTS"]
    assert response.headers["X-RateLimit-Remaining"] == "299"


def test_a_junk_token_is_not_looked_up(
    make_app: Callable[..., Flask], redis_url: str, redis_round_trips: list[str]
) -> None:
    response = api_client(make_app(redis_url), token="not.a.token").get("/private")
    assert response.status_code == 401
    assert redis_round_trips == ["pipeline of INCRBY EXPIREAT"]


def test_a_token_revoked_elsewhere_is_refused_on_the_next_request(
    make_app: Callable[..., Flask], redis_url: str, token_for: Callable[..., str]
) -> None:
    app, issuer_app = make_app(redis_url), make_app(redis_url)
    token = token_for()
    client = api_client(app, token=token)
    assert client.get("/private").status_code == 200
    with issuer_app.app_context():
        claims = app.extensions["core.token_verifier"].verify(token)
        revoke(claims["jti"], expires_at=claims["exp"])
    refused = client.get("/private")
    assert refused.status_code == 401
    assert refused.get_json()["error"]["message"] == "The token has been revoked."


def test_with_redis_down_limits_count_in_memory_but_tokens_fail_closed(
    make_app: Callable[..., Flask], redis_server: RedisServer, token_for: Callable[..., str]
) -> None:
    app = make_app(redis_server.url)
    client = api_client(app, token=token_for())
    assert client.get("/private").status_code == 200
    redis_server.stop()
    started = time.monotonic()
    answers = [client.get("/private") for _ in range(3)]
    # Revocation cannot be checked: 503, never a logged-out token let back in.
    assert {a.status_code for a in answers} == {503}
    assert answers[0].get_json()["error"]["code"] == "service_unavailable"
    # The limiter stopped asking Redis after the first failure, so no request waited
    # for a timeout twice (each Redis timeout here is 1 s).
    assert all("X-RateLimit-Remaining" in a.headers for a in answers)
    assert time.monotonic() - started < 5


def test_a_view_s_reads_ride_in_the_same_round_trip(
    make_app: Callable[..., Flask],
    redis_url: str,
    token_for: Callable[..., str],
    redis_round_trips: list[str],
) -> None:
    redis.Redis.from_url(redis_url).set("greeting:user-7", "hello")
    redis_round_trips.clear()
    response = api_client(make_app(redis_url), token=token_for("user-7")).get("/private/greeting")
    assert response.get_json() == {"first": [True, "hello"], "again": [False, None]}
    assert redis_round_trips == ["pipeline of INCRBY EXPIREAT EXISTS GET"]


def test_without_a_valid_token_nothing_is_prefetched(
    make_app: Callable[..., Flask], redis_url: str, redis_round_trips: list[str]
) -> None:
    response = api_client(make_app(redis_url), token="x.y.z").get("/private/greeting")
    assert response.status_code == 401
    assert redis_round_trips == ["pipeline of INCRBY EXPIREAT"]
