"""Fixtures and helpers the services' tests share.

A service loads them in its conftest.py with `from projects.core.testing import *`.
Importing this module does nothing else: keys are made and servers used only when a
test asks for a fixture.
"""

from __future__ import annotations

import functools
import secrets
import socket
from collections.abc import Callable, Iterator
from datetime import timedelta
from typing import Any, TypeVar

import pytest
import redis
from flask import Flask
from flask.testing import FlaskClient

from .keys import KeyPair, generate_key_pair, public_jwk
from .settings import Settings
from .tokens import TokenIssuer, TokenType

__all__ = [
    "TEST_AUDIENCE",
    "TEST_ISSUER",
    "api_client",
    "jwt_key_pair",
    "live_settings_factory",
    "redis_round_trips",
    "settings_factory",
    "token_for",
    "unreachable_postgres_url",
]

S = TypeVar("S", bound=Settings)
TEST_ISSUER = "test-issuer"
TEST_AUDIENCE = "test-audience"


@pytest.fixture(scope="session")
def jwt_key_pair() -> KeyPair:
    """Return an RSA key pair made once per test session (making one takes ~100 ms)."""
    return generate_key_pair()


@pytest.fixture
def settings_factory(jwt_key_pair: KeyPair) -> Callable[..., Any]:
    """Return `make(cls=Settings, **overrides)`: testing settings that ignore env and .env.

    Defaults: an in-memory SQLite database, no Redis, a random SECRET_KEY, and the
    session's key pair as JWT key, so `token_for` tokens are accepted.
    """

    def make(cls: type[S] = Settings, **overrides: Any) -> S:  # type: ignore[assignment]
        values: dict[str, Any] = {
            "environment": "testing",
            "secret_key": secrets.token_urlsafe(48),
            "log_level": "WARNING",  # keep test output to what matters
            "database_url": None,
            "redis_url": None,
            "jwt_private_key": jwt_key_pair.private_pem,
            "jwt_key_id": jwt_key_pair.kid,
            "jwt_jwks": {"keys": [public_jwk(jwt_key_pair.public_pem, kid=jwt_key_pair.kid)]},
            "jwt_jwks_url": None,
            "jwt_issuer": TEST_ISSUER,
            "jwt_audience": TEST_AUDIENCE,
        }
        return _isolated(cls)(**{**values, **overrides})

    return make


@functools.cache
def _isolated(cls: type[S]) -> type[S]:
    """Return a subclass of `cls` that reads its arguments only, never env or .env."""

    # The developer's shell (a DATABASE_URL, a LOG_LEVEL) must not change a test.
    def sources(_cls: type, _settings_cls: type, init_settings: Any, **_: Any) -> tuple[Any, ...]:
        return (init_settings,)

    namespace = {"settings_customise_sources": classmethod(sources), "__module__": __name__}
    return type(cls.__name__, (cls,), namespace)  # type: ignore[return-value]


@pytest.fixture
def live_settings_factory(
    settings_factory: Callable[..., Any], postgres_sqlalchemy_url: str, redis_url: str
) -> Callable[..., Any]:
    """Return `make(cls=Settings, **overrides)` pointing at a fresh PostgreSQL db and Redis."""

    def make(cls: type[S] = Settings, **overrides: Any) -> S:  # type: ignore[assignment]
        urls = {"database_url": postgres_sqlalchemy_url, "redis_url": redis_url}
        return settings_factory(cls, **{**urls, **overrides})

    return make


@pytest.fixture
def token_for(jwt_key_pair: KeyPair) -> Callable[..., str]:
    """Return `token_for(subject, roles=(), token_type="access", ttl=None, **claims)`."""

    def make(
        subject: str = "user-1",
        *,
        roles: tuple[str, ...] | list[str] = (),
        token_type: TokenType = "access",
        ttl: timedelta | None = None,
        **claims: Any,
    ) -> str:
        lifetime = ttl if ttl is not None else timedelta(minutes=5)
        issuer = TokenIssuer(
            jwt_key_pair.private_pem,
            issuer=TEST_ISSUER,
            audience=TEST_AUDIENCE,
            kid=jwt_key_pair.kid,
            access_ttl=lifetime,
            refresh_ttl=lifetime,
        )
        return issuer.issue(subject, token_type=token_type, roles=roles, claims=claims)

    return make


def api_client(app: Flask, *, token: str | None = None, **headers: str) -> FlaskClient:
    """Return a test client that asks for JSON and, given a token, sends it as a Bearer."""
    client = app.test_client()
    environ = {"HTTP_ACCEPT": "application/json"}
    if token is not None:
        environ["HTTP_AUTHORIZATION"] = f"Bearer {token}"
    # WSGI spells headers HTTP_X_API_KEY: `X-API-Key` and `x_api_key` both name that one.
    environ.update(
        {f"HTTP_{name.upper().replace('-', '_')}": value for name, value in headers.items()}
    )
    client.environ_base.update(environ)
    return client


def unreachable_postgres_url() -> str:
    """Return a PostgreSQL URL on a loopback port nothing listens on: a database that is down."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"postgresql+psycopg://nobody@127.0.0.1:{port}/down"


@pytest.fixture
def redis_round_trips(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Record every Redis round trip this test's code makes: a command, or a whole pipeline.

    Entries read "GET" or "pipeline of INCRBY EXPIREAT EXISTS": assert on them to keep a
    hot path at the number of round trips it was designed for.
    """
    seen: list[str] = []
    command = redis.Redis.execute_command
    pipeline = redis.client.Pipeline.execute

    def count_command(self: redis.Redis, *args: Any, **options: Any) -> Any:
        seen.append(str(args[0]))
        return command(self, *args, **options)

    def count_pipeline(self: redis.client.Pipeline, *args: Any, **options: Any) -> Any:
        seen.append("pipeline of " + " ".join(str(c[0][0]) for c in self.command_stack))
        return pipeline(self, *args, **options)

    monkeypatch.setattr(redis.Redis, "execute_command", count_command)
    monkeypatch.setattr(redis.client.Pipeline, "execute", count_pipeline)
    yield seen
