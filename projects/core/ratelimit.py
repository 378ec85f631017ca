"""Rate limits counted in Redis by every worker, and in memory while Redis is down."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from flask import Flask, current_app, request
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from redis.backoff import NoBackoff
from redis.retry import Retry

from .logs import forward_library_logs
from .settings import Settings

F = TypeVar("F", bound=Callable[..., Any])
LIMITER_KEY = "core.limiter"
LIMIT_ATTRIBUTE = "__rate_limit__"
# A load balancer polling the probes, or Prometheus scraping, must never lock itself out.
EXEMPT_ENDPOINTS = frozenset({"health_liveness", "health_readiness", "metrics", "doc", "specs"})


def rate_limit(limit: str) -> Callable[[F], F]:
    """Give a view, or a Resource method, its own limit (e.g. "5/minute") instead of the default."""

    def mark(view: F) -> F:
        # A mark, not a Limiter.limit() wrapper: that would bind the view to one Limiter,
        # and each app built by create_app has its own.
        setattr(view, LIMIT_ATTRIBUTE, limit)
        return view

    return mark


def init_app(app: Flask, settings: Settings) -> Limiter:
    """Attach a Limiter of this app's own (Flask-Limiter keeps its state on the instance)."""
    in_redis = settings.redis_url is not None
    limiter = Limiter(
        key_func=get_remote_address,  # behind a proxy, set PROXY_HOPS so this is the client
        default_limits=[_limit_for_request],
        storage_uri=settings.redis_url or "memory://",
        storage_options=(
            {
                "socket_connect_timeout": settings.redis_timeout,
                "socket_timeout": settings.redis_timeout,
                "retry": Retry(NoBackoff(), 1),  # fail fast, then fall back to memory
            }
            if in_redis
            else {}
        ),
        strategy="moving-window",  # no burst of twice the limit across a window boundary
        headers_enabled=True,  # X-RateLimit-* on every answer, Retry-After on a 429
        # When Redis fails, count in this process instead of failing the request; the
        # limiter logs a warning and tries Redis again with growing pauses.
        in_memory_fallback_enabled=in_redis,
        swallow_errors=True,  # a limiter fault is logged, never turned into a 500
        key_prefix=app.import_name,  # services may share one Redis
    )
    limiter.request_filter(lambda: request.endpoint in EXEMPT_ENDPOINTS)
    limiter.init_app(app)
    app.extensions[LIMITER_KEY] = limiter
    forward_library_logs("flask-limiter")
    if not in_redis:
        app.logger.info("REDIS_URL is not set: rate limits are counted per process, in memory")
    return limiter


def _limit_for_request() -> str:
    """Return the limit marked on the view (or Resource method) handling this request."""
    view = current_app.view_functions.get(request.endpoint or "")
    resource = getattr(view, "view_class", None)  # restx and MethodView views
    handler = getattr(resource, request.method.lower(), None) if resource else view
    return getattr(handler, LIMIT_ATTRIBUTE, None) or current_app.config["RATE_LIMIT_DEFAULT"]
