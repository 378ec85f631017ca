"""Chapter 4's demo against a real Redis: shared limits and revocations, and Redis going away.

The outage test stops a private redis-server in the middle of the test and starts it
again on the same port, so every step is the real thing: refused connections, the
fallback to in-process limits, and the return to Redis.
"""

from __future__ import annotations

import io
import logging

import redis

from chapters.ch04_auth.api_demo.logs import LIMITER_LOGGER

WRONG = {"username": "carol", "password": "guess"}
RIGHT = {"username": "carol", "password": "correct-horse-viewer"}


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def limit_keys(url: str) -> list[bytes]:
    """Return the rate-limit counters stored in the Redis at `url`."""
    client = redis.Redis.from_url(url)
    try:
        return client.keys("LIMITS:*")
    finally:
        client.close()


def capture_limiter_log() -> io.StringIO:
    """Point Flask-Limiter's log handler (set up by the demo) at a buffer."""
    stream = io.StringIO()
    logging.getLogger(LIMITER_LOGGER).handlers[0].setStream(stream)
    return stream


def make_backend_check_due(limiter) -> None:
    """Let the next request ask Redis whether it is back, instead of after a pause.

    Flask-Limiter re-checks a storage it marked dead at most once per 1, 2, 4 … 32
    seconds after its last check (Limiter.__should_check_backend). Moving that last
    check into the past makes the very next request do it, so the test needs no sleep.
    """
    assert hasattr(limiter, "_Limiter__last_check_backend"), "Flask-Limiter internals changed"
    limiter._Limiter__last_check_backend = 0.0


def test_limits_are_counted_in_redis(make_app, redis_url) -> None:
    client = make_app(REDIS_URL=redis_url, RATELIMIT_LOGIN="2 per minute").test_client()
    statuses = [client.post("/auth/login", json=WRONG).status_code for _ in range(3)]
    assert statuses == [401, 401, 429]
    assert limit_keys(redis_url) == [b"LIMITS:LIMITER/ch04/127.0.0.1/auth_login/2/1/minute"]


def test_two_workers_share_one_budget(make_app, redis_url) -> None:
    first, second = (
        make_app(REDIS_URL=redis_url, RATELIMIT_LOGIN="2 per minute").test_client()
        for _ in range(2)
    )
    statuses = [c.post("/auth/login", json=WRONG).status_code for c in (first, second, first)]
    assert statuses == [401, 401, 429]


def test_a_logout_on_one_worker_holds_on_every_worker(make_app, redis_url) -> None:
    first, second = (make_app(REDIS_URL=redis_url).test_client() for _ in range(2))
    access = first.post("/auth/login", json=RIGHT).get_json()["access_token"]
    assert second.get("/auth/me", headers=bearer(access)).status_code == 200
    assert first.post("/auth/logout", headers=bearer(access)).status_code == 204
    assert second.get("/auth/me", headers=bearer(access)).status_code == 401


def test_limits_survive_a_redis_outage_and_return_to_redis(make_app, redis_server) -> None:
    app = make_app(REDIS_URL=redis_server.url, RATELIMIT_LOGIN="3 per minute")
    client = app.test_client()
    log = capture_limiter_log()
    access = client.post("/auth/login", json=RIGHT).get_json()["access_token"]
    assert limit_keys(redis_server.url) != []
    assert client.get("/health").get_json()["status"] == "ok"

    redis_server.stop()
    # Logging in still works, limited by this process's own count, and says why.
    statuses = [client.post("/auth/login", json=RIGHT).status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    assert "Rate limit storage unreachable - falling back to in-memory storage" in log.getvalue()
    assert client.get("/health").get_json() == {
        "status": "degraded",
        "rate_limits": "memory-fallback",
        "token_denylist": "unavailable",
    }
    # Revocation cannot be checked, so Bearer tokens are refused rather than trusted.
    refused = client.get("/auth/me", headers=bearer(access))
    assert (refused.status_code, "Retry-After" in refused.headers) == (503, True)
    assert refused.get_json()["error"]["code"] == "service_unavailable"

    redis_server.start()  # same port, empty: it kept nothing on disk
    make_backend_check_due(app.extensions["rate_limiter"])
    assert client.post("/auth/login", json=RIGHT).status_code == 200
    assert "Rate limit storage recovered" in log.getvalue()
    assert limit_keys(redis_server.url) == [b"LIMITS:LIMITER/ch04/127.0.0.1/auth_login/3/1/minute"]
    assert client.get("/auth/me", headers=bearer(access)).status_code == 200
    assert client.get("/health").get_json()["status"] == "ok"
