"""Rate limits counted in Redis by all workers, with in-process counts while it is down."""

from __future__ import annotations

import logging
from urllib.parse import urlsplit, urlunsplit

from flask import Flask, request
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from redis.backoff import NoBackoff
from redis.retry import Retry

from .config import Settings

# Probes and the documentation are never limited: a load balancer polling /health
# from one address must not lock itself out.
EXEMPT_ENDPOINTS = frozenset({"health", "doc", "specs", "root"})


# --8<-- [start:limiter]
def init_app(app: Flask, settings: Settings) -> Limiter:
    """Attach a Limiter built for this app (its state lives on the instance, so one per app)."""
    # Stricter limits for some endpoints; everything else gets the default.
    policy = {"auth_login": settings.ratelimit_login}

    def limit_for_endpoint() -> str:
        return policy.get(request.endpoint or "", settings.ratelimit_default)

    in_redis = settings.ratelimit_storage_url != "memory://"
    limiter = Limiter(
        key_func=get_remote_address,  # the client's address; see TRUSTED_PROXY_COUNT
        default_limits=[limit_for_endpoint],
        storage_uri=settings.ratelimit_storage_url,
        # Fail fast: redis-py's default retries with backoff would stall each request.
        storage_options=(
            {"socket_connect_timeout": 0.5, "socket_timeout": 0.5, "retry": Retry(NoBackoff(), 1)}
            if in_redis
            else {}
        ),
        strategy="fixed-window",
        headers_enabled=True,  # X-RateLimit-* on every answer, Retry-After on 429
        # When Redis fails, count in this process instead of failing the request;
        # Flask-Limiter logs a warning and pings Redis again with growing pauses.
        in_memory_fallback_enabled=in_redis,
        swallow_errors=True,  # a limiter fault is logged, never turned into a 500
        key_prefix="ch04",
    )
    limiter.request_filter(lambda: request.endpoint in EXEMPT_ENDPOINTS)
    limiter.init_app(app)
    app.extensions["rate_limiter"] = limiter
    if in_redis:
        app.logger.info(
            "rate limits: stored in Redis at %s, with in-process fallback",
            _without_password(settings.ratelimit_storage_url),
        )
    else:
        app.logger.log(
            logging.WARNING if settings.environment == "production" else logging.INFO,
            "rate limits: in memory (no REDIS_URL or RATELIMIT_STORAGE_URL set); "
            "each worker process counts on its own",
        )
    return limiter


# --8<-- [end:limiter]


def _without_password(url: str) -> str:
    """Hide the password of a redis:// URL before it reaches a log."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    host = parts.hostname or ""
    netloc = f"{parts.username or ''}:***@{host}" + (f":{parts.port}" if parts.port else "")
    return urlunsplit(parts._replace(netloc=netloc))
