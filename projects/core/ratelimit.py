"""Rate limits: a fixed window per client and view, counted in Redis by every worker.

Counting is Redis's own rate-limiter pattern (INCR the window's key, EXPIREAT its end),
sent in the one pipeline `core.admission` makes per request, so a limit costs no round
trip of its own and the answer carries exact `X-RateLimit-*` headers. Chapter 4 teaches
Flask-Limiter; core does not use it because, measured under load (testing/load), its
moving window spent two Redis round trips and about 0.1 ms of Python on every request,
a third of task_api's warm read. `limits` still parses the rules ("5/minute") and
counts in this process while Redis is down.

A fixed window lets a client spend up to twice its limit across a window boundary. For
an API's fair-use limit that is the usual trade; the login throttle, where it would
matter, keeps a moving window (projects/auth_service/services/throttle.py).
"""

from __future__ import annotations

import functools
import math
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from flask import Flask, Response, current_app, g, request
from limits import RateLimitItem, parse
from limits.storage import MemoryStorage

from .errors import RateLimited
from .settings import Settings
from .views import handler_for_request

F = TypeVar("F", bound=Callable[..., Any])
LIMITER_KEY = "core.limiter"
LIMIT_ATTRIBUTE = "__rate_limit__"
# A load balancer polling the probes, or Prometheus scraping, must never lock itself out.
EXEMPT_ENDPOINTS = frozenset({"health_liveness", "health_readiness", "metrics", "doc", "specs"})
REDIS_RETRY_SECONDS = 10.0  # after a Redis error, count in memory this long before retrying


def rate_limit(limit: str) -> Callable[[F], F]:
    """Give a view, or a Resource method, its own limit (e.g. "5/minute") instead of the default."""
    rule(limit)  # a typo fails at import, not on the first request

    def mark(view: F) -> F:
        setattr(view, LIMIT_ATTRIBUTE, limit)
        return view

    return mark


@functools.lru_cache(maxsize=256)
def rule(limit: str) -> RateLimitItem:
    """Parse a limit such as "300/minute"; ValueError naming it when it is not one."""
    try:
        return parse(limit)
    except ValueError:
        raise ValueError(f"not a rate limit: {limit!r} (write e.g. '300/minute')") from None


@dataclass(frozen=True)
class Window:
    """The window a request counts in: its Redis key, its rule and when it ends."""

    key: str
    rule: RateLimitItem
    reset_at: int  # Unix time


class Limiter:
    """An app's limits: which window a request falls in, and the in-memory fallback."""

    def __init__(self, app: Flask) -> None:
        self.prefix = f"core:ratelimit:{app.import_name}"  # services may share one Redis
        self.memory = MemoryStorage()
        self._redis_back_at = 0.0

    def window_for_request(self) -> Window | None:
        """Return the window this request counts in; None for views that are never limited."""
        if request.endpoint is None or request.endpoint in EXEMPT_ENDPOINTS:
            return None
        limit = rule(_limit_for_request())
        seconds = limit.get_expiry()
        start = int(time.time()) // seconds * seconds
        # Each view and method has its own budget, per client address (PROXY_HOPS makes
        # that the client's and not the load balancer's).
        key = f"{self.prefix}:{request.endpoint}:{request.method}:{request.remote_addr}:{start}"
        return Window(key=key, rule=limit, reset_at=start + seconds)

    def redis_usable(self) -> bool:
        return time.monotonic() >= self._redis_back_at

    def redis_failed(self, exc: Exception) -> None:
        # One warning per outage, not one per request: a down Redis must not flood the log.
        current_app.logger.warning(
            "rate limits are counted in memory while Redis is unreachable",
            extra={"error": repr(exc), "retry_in_seconds": REDIS_RETRY_SECONDS},
        )
        self._redis_back_at = time.monotonic() + REDIS_RETRY_SECONDS

    def count_in_memory(self, window: Window) -> int:
        return self.memory.incr(window.key, max(window.reset_at - time.time(), 1))


def queue_count(pipeline: Any, window: Window) -> None:
    """Add the window's INCR and EXPIREAT to a Redis pipeline (the count is its first reply)."""
    pipeline.incr(window.key)
    pipeline.expireat(window.key, window.reset_at + 1)  # the same every time: idempotent


def enforce(window: Window, count: int) -> None:
    """Record the request's place in its window; RateLimited once it is over the limit."""
    limit = window.rule.amount
    g.rate_limit_state = (limit, max(limit - count, 0), window.reset_at)
    if count > limit:
        wait = max(math.ceil(window.reset_at - time.time()), 1)
        raise RateLimited(f"Too many requests: the limit is {window.rule}.", retry_after=wait)


def init_app(app: Flask, settings: Settings) -> Limiter:
    """Give the app its limiter and the X-RateLimit-* headers (counting: core.admission)."""
    rule(settings.rate_limit_default)
    limiter = Limiter(app)
    app.extensions[LIMITER_KEY] = limiter
    app.after_request(_add_headers)
    if not settings.redis_url:
        app.logger.info("REDIS_URL is not set: rate limits are counted per process, in memory")
    return limiter


def limiter(app: Flask | None = None) -> Limiter:
    return (app or current_app).extensions[LIMITER_KEY]


def _add_headers(response: Response) -> Response:
    state = g.get("rate_limit_state")
    if state is not None:
        limit, remaining, reset_at = state
        response.headers["X-RateLimit-Limit"] = str(limit)
        response.headers["X-RateLimit-Remaining"] = str(remaining)
        response.headers["X-RateLimit-Reset"] = str(reset_at)
    return response


def _limit_for_request() -> str:
    """Return the limit marked on the view (or Resource method) handling this request."""
    marked = getattr(handler_for_request(), LIMIT_ATTRIBUTE, None)
    return marked or current_app.config["RATE_LIMIT_DEFAULT"]
