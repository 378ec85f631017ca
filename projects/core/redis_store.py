"""The app's Redis client, with short timeouts, and its readiness check."""

from __future__ import annotations

import redis
from flask import Flask, current_app
from redis.backoff import NoBackoff
from redis.retry import Retry

from .health import Check, add_check

CLIENT_KEY = "core.redis"


def init_app(app: Flask, url: str, *, timeout: float) -> redis.Redis:
    """Create the app's client (it connects on first use) and check it for readiness."""
    client = redis.Redis.from_url(
        url,
        socket_timeout=timeout,
        socket_connect_timeout=timeout,
        # redis-py retries with backoff by default; one quick retry keeps a request
        # from stalling for seconds when Redis is down.
        retry=Retry(NoBackoff(), 1),
        health_check_interval=30,
    )
    app.extensions[CLIENT_KEY] = client
    add_check(app, "redis", redis_check(client))
    return client


def redis_client(app: Flask | None = None) -> redis.Redis:
    """Return the app's Redis client; RuntimeError if REDIS_URL is not set."""
    client = (app or current_app).extensions.get(CLIENT_KEY)
    if client is None:
        raise RuntimeError("this app has no Redis: set REDIS_URL")
    return client


def redis_check(client: redis.Redis) -> Check:
    """Return a readiness check that PINGs Redis."""

    def check() -> None:
        client.ping()

    return check
