"""Cached reads in Redis, invalidated on every write, and skipped while Redis is down.

Entries live in one Redis hash per *scope* (a task, or one user's list pages), so a hit
is a single HMGET and a write drops a whole scope at once. Each hash carries a
generation (`_gen`): a write replaces the hash by a new generation, and an entry is
stored only if the generation it was computed under is still current. So a slow
reader that fetched rows before a write committed can never put them back afterwards.
"""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Iterable

import redis
from flask import Flask, current_app

from projects.core import prefetched
from projects.core.admission import Command
from projects.core.redis_store import CLIENT_KEY

CACHE_KEY = "task_api.cache"
PREFIX = "task_api:cache:"
GENERATION = "_gen"
MAX_ENTRIES = 200  # per scope: queries with free text must not grow a hash without end
BREAK_SECONDS = 5.0  # after a Redis error, go straight to the database for this long

log = logging.getLogger(__name__)

# KEYS[1] scope; ARGV: expected generation ('' when there was none), field, value,
# new generation (used when there was none), ttl, max entries.
STORE = """
local current = redis.call('HGET', KEYS[1], '_gen') or ''
if current ~= ARGV[1] then return 0 end
if current == '' then redis.call('HSET', KEYS[1], '_gen', ARGV[4]) end
if redis.call('HLEN', KEYS[1]) > tonumber(ARGV[6]) then return 0 end
redis.call('HSET', KEYS[1], ARGV[2], ARGV[3])
redis.call('EXPIRE', KEYS[1], ARGV[5])
return 1
"""


class ReadCache:
    """Cache of serialised reads, by scope and key; a no-op without a Redis client."""

    def __init__(
        self, client: redis.Redis | None, *, ttl: int, shared_client: redis.Redis | None = None
    ) -> None:
        self.client = client
        self.shared_client = shared_client  # core's client: reads on it can be prefetched
        self.ttl = ttl
        self._store = client.register_script(STORE) if client is not None else None
        self._broken_until = 0.0

    def lookup(self, scope: str, key: str) -> Command | None:
        """Return the command `get` will send, for core's @prefetch to send it earlier.

        None when it cannot ride in core's pipeline: the cache is on another Redis
        (CACHE_REDIS_URL), or unusable right now.
        """
        if self.client is None or self.client is not self.shared_client or not self._usable():
            return None
        return self._command(scope, key)

    def get(self, scope: str, key: str) -> tuple[str, bytes | None]:
        """Return the scope's generation and the entry (None on a miss or when Redis is down)."""
        if not self._usable():
            return "", None
        command = self._command(scope, key)
        # Usually already fetched in the request's admission round trip (core.admission).
        found, reply = prefetched(command)
        if not found:
            try:
                reply = self.client.execute_command(*command)  # type: ignore[union-attr]
            except redis.RedisError as exc:
                self._broke(exc)
                return "", None
        generation, value = reply
        return (generation or b"").decode(), value

    def put(self, scope: str, key: str, value: bytes, *, generation: str) -> bool:
        """Store an entry computed under `generation`; False if a write came in between."""
        if not self._usable() or self._store is None:
            return False
        args = [generation, key, value, uuid.uuid4().hex, self.ttl, MAX_ENTRIES]
        try:
            return bool(self._store(keys=[PREFIX + scope], args=args))
        except redis.RedisError as exc:
            self._broke(exc)
            return False

    def invalidate(self, scopes: Iterable[str]) -> None:
        """Drop every entry of these scopes, and fence out readers still computing them."""
        names = sorted({PREFIX + scope for scope in scopes})
        if self.client is None or not names:
            return
        pipe = self.client.pipeline(transaction=True)
        for name in names:
            pipe.delete(name)
            pipe.hset(name, GENERATION, uuid.uuid4().hex)
            pipe.expire(name, self.ttl * 2)  # outlives any entry computed before it
        try:
            pipe.execute()
        except redis.RedisError as exc:
            # Entries already in Redis may then outlive this write by up to CACHE_TTL.
            log.warning("cache invalidation failed", extra={"scopes": names, "error": repr(exc)})
            self._broken_until = time.monotonic() + BREAK_SECONDS

    @staticmethod
    def _command(scope: str, key: str) -> Command:
        return ("HMGET", PREFIX + scope, GENERATION, key)

    def _usable(self) -> bool:
        return self.client is not None and time.monotonic() >= self._broken_until

    def _broke(self, exc: Exception) -> None:
        # One warning per break, not one per request: a down Redis must not flood the log.
        log.warning("cache unavailable, reading from the database", extra={"error": repr(exc)})
        self._broken_until = time.monotonic() + BREAK_SECONDS


def task_scope(task_id: int) -> str:
    """Return the scope of one task's cached representation."""
    return f"task:{task_id}"


def list_scope(subject: str | None) -> str:
    """Return the scope of a user's list pages (None: the admins' view of every task)."""
    return "list:*" if subject is None else f"list:{subject}"


def init_app(app: Flask, client: redis.Redis | None, *, ttl: int) -> ReadCache:
    """Give the app its cache."""
    cache = ReadCache(client, ttl=ttl, shared_client=app.extensions.get(CLIENT_KEY))
    app.extensions[CACHE_KEY] = cache
    return cache


def read_cache() -> ReadCache:
    """Return the current app's cache."""
    return current_app.extensions[CACHE_KEY]
