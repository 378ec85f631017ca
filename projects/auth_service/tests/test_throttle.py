"""Login throttling: lockout per account and per IP, 429 with Retry-After, Redis and fallback."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
import redis
from flask import Flask
from flask.testing import FlaskClient

from projects.auth_service.api import create_app
from projects.auth_service.models import User, db
from projects.auth_service.services.throttle import LoginThrottle
from projects.auth_service.settings import AuthSettings
from projects.core import RateLimited
from projects.core.testing import api_client

from .conftest import PASSWORD, user_factory


def attempt(
    client: FlaskClient, email: str, password: str = "wrong-password!", ip: str = "10.0.0.1"
):
    """Try a login from `ip`."""
    return client.post(
        "/api/auth/login",
        json={"email": email, "password": password},
        environ_base={"REMOTE_ADDR": ip},
    )


def test_an_account_is_locked_after_too_many_failures(
    client: FlaskClient, make_user: Callable[..., User]
) -> None:
    """After 5 failures even the right password gets 429 with Retry-After."""
    make_user("ann@example.com")
    assert [attempt(client, "ann@example.com").status_code for _ in range(5)] == [401] * 5
    locked = attempt(client, "ann@example.com", PASSWORD)
    assert locked.status_code == 429
    assert locked.get_json()["error"]["code"] == "rate_limited"
    assert 0 < int(locked.headers["Retry-After"]) <= 15 * 60


def test_unknown_accounts_lock_out_the_same_way(client: FlaskClient) -> None:
    """A lockout reveals nothing: unknown names are locked exactly like real ones."""
    codes = [attempt(client, "ghost@example.com").status_code for _ in range(6)]
    assert codes == [401] * 5 + [429]


def test_the_lock_is_per_account(client: FlaskClient, make_user: Callable[..., User]) -> None:
    """Another account, from another address, is not affected."""
    make_user("ann@example.com")
    make_user("bob@example.com")
    for _ in range(5):
        attempt(client, "ann@example.com")
    assert attempt(client, "bob@example.com", PASSWORD, ip="10.0.0.2").status_code == 200


def test_a_success_clears_the_account_count(
    client: FlaskClient, make_user: Callable[..., User]
) -> None:
    """Failures before a successful login do not add up with later ones."""
    make_user("ann@example.com")
    for _ in range(4):
        attempt(client, "ann@example.com")
    assert attempt(client, "ann@example.com", PASSWORD).status_code == 200
    assert [attempt(client, "ann@example.com").status_code for _ in range(4)] == [401] * 4


def test_one_address_trying_many_accounts_is_locked(
    live_settings_factory: Callable[..., AuthSettings],
) -> None:
    """The per-IP count catches one client spraying passwords over many accounts."""
    app = create_app(live_settings_factory(AuthSettings, login_ip_max_failures=3))
    client = api_client(app)
    codes = [attempt(client, f"u{i}@example.com").status_code for i in range(4)]
    assert codes == [401, 401, 401, 429]
    assert attempt(client, "u9@example.com", ip="10.0.0.9").status_code == 401
    with app.app_context():
        db.engine.dispose()


def test_failures_are_counted_in_redis(
    client: FlaskClient, redis_url: str, make_user: Callable[..., User]
) -> None:
    """The counts live in Redis, so every worker process shares them; no email in the keys."""
    attempt(client, "ann@example.com")
    keys = [key.decode() for key in redis.Redis.from_url(redis_url).keys("*auth-login*")]
    assert len(keys) == 2
    assert not any("ann" in key for key in keys)


def test_without_redis_the_counts_stay_in_the_process(light_app: Flask) -> None:
    """Development without Redis still locks accounts out."""
    make_user = user_factory(light_app)
    make_user("ann@example.com")
    client = api_client(light_app)
    codes = [attempt(client, "ann@example.com").status_code for _ in range(6)]
    assert codes == [401] * 5 + [429]


def test_a_redis_outage_falls_back_to_counting_in_memory(redis_server) -> None:
    """While Redis is down, failures still count (in this process) and lock out."""
    throttle = LoginThrottle(
        storage_uri=redis_server.url,
        max_failures=2,
        ip_max_failures=100,
        window=timedelta(minutes=1),
        timeout=0.2,
    )
    throttle.record_failure(account="ann@example.com", ip="10.0.0.1")
    redis_server.stop()
    throttle.record_failure(account="ann@example.com", ip="10.0.0.1")
    throttle.record_failure(account="ann@example.com", ip="10.0.0.1")
    with pytest.raises(RateLimited):
        throttle.check(account="ann@example.com", ip="10.0.0.1")


def test_the_login_endpoint_has_its_own_request_limit(
    client: FlaskClient, make_user: Callable[..., User]
) -> None:
    """More than 20 login requests a minute from one address get core's rate-limit 429."""
    codes = [attempt(client, f"u{i}@example.com", ip="10.0.0.7").status_code for i in range(21)]
    assert codes[-1] == 429
