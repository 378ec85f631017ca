"""Revoked token IDs (`jti`), kept only until the token would have expired anyway."""

from __future__ import annotations

import threading
import time
from typing import Protocol

import redis
from redis.backoff import NoBackoff
from redis.retry import Retry

from .errors import ServiceUnavailable

KEY_PREFIX = "ch04:revoked:"


class Denylist(Protocol):
    """Where revoked token IDs live until their token expires."""

    backend: str

    def add(self, jti: str, *, expires_at: int) -> None: ...

    def __contains__(self, jti: str) -> bool: ...

    def ping(self) -> bool: ...


class MemoryDenylist:
    """One process's denylist: right for a single worker and for tests."""

    backend = "memory"

    def __init__(self) -> None:
        self._revoked: dict[str, int] = {}
        self._lock = threading.Lock()

    def add(self, jti: str, *, expires_at: int) -> None:
        now = int(time.time())
        with self._lock:
            # Drop entries whose tokens have expired: nobody can present them any more.
            self._revoked = {k: exp for k, exp in self._revoked.items() if exp > now}
            self._revoked[jti] = expires_at

    def __contains__(self, jti: str) -> bool:
        return jti in self._revoked

    def ping(self) -> bool:
        return True


# --8<-- [start:redis]
class RedisDenylist:
    """A denylist every worker shares. When Redis is down it fails closed, with a 503."""

    backend = "redis"

    def __init__(self, url: str) -> None:
        # Fail fast: the default client retries with backoff for seconds per call.
        self._client = redis.Redis.from_url(
            url, socket_connect_timeout=0.5, socket_timeout=0.5, retry=Retry(NoBackoff(), 1)
        )

    def add(self, jti: str, *, expires_at: int) -> None:
        ttl = max(expires_at - int(time.time()), 1)
        try:
            self._client.set(KEY_PREFIX + jti, 1, ex=ttl)
        except redis.RedisError:
            raise ServiceUnavailable("cannot record the revocation right now") from None

    def __contains__(self, jti: str) -> bool:
        try:
            return bool(self._client.exists(KEY_PREFIX + jti))
        except redis.RedisError:
            # A revoked token must never be accepted because Redis blinked: refuse
            # instead. Rate limits may degrade; revocation may not.
            raise ServiceUnavailable("cannot check token revocation right now") from None

    def ping(self) -> bool:
        try:
            return bool(self._client.ping())
        except redis.RedisError:
            return False


# --8<-- [end:redis]


def create_denylist(redis_url: str) -> Denylist:
    """Return a Redis denylist when a URL is configured, else an in-process one."""
    return RedisDenylist(redis_url) if redis_url else MemoryDenylist()
