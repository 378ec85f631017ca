"""Admission: before a view runs, ask Redis once for everything the request needs.

Each Redis call costs a sync worker a network round trip and two context switches; on a
warm cached read those waits were most of the request (testing/load/results). So core
sends one pipeline per request with:

    INCR, EXPIREAT  the request's rate-limit window             (core.ratelimit)
    EXISTS          core:revoked:<jti> of its bearer token       (core.revocation)
    the view's own first reads, if it is marked with @prefetch  (e.g. a cached page)

The token's signature is checked first (from the verifier's cache when seen before), so
a junk token costs no lookups. Expiry, type and revocation are still decided by
`require_auth` in the view, which finds the revocation answer here instead of asking.

When Redis fails, limits are counted in memory for a while (with one warning), and
nothing is remembered, so `is_revoked` asks again and answers 503: revocation fails
closed, rate limiting fails open to a per-process count, and prefetched reads are
simply read again by the view (its own fallback decides).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any, TypeVar

import redis
from flask import Flask, current_app, g, has_request_context, request

from . import ratelimit, revocation
from .auth import VERIFIER_KEY
from .redis_store import CLIENT_KEY
from .views import handler_for_request

F = TypeVar("F", bound=Callable[..., Any])
Command = tuple[Any, ...]
Reads = Callable[[Mapping[str, Any]], Iterable[Command]]
PREFETCH_ATTRIBUTE = "__admission_prefetch__"


def prefetch(reads: Reads) -> Callable[[F], F]:
    """Let a view's first Redis reads ride in the admission round trip.

    `reads(claims)` gets the claims of the request's bearer token (signature checked;
    only called when there is one) and returns read commands, e.g.
    `[("HMGET", "cache:list:u1", "_gen", "page=1")]`. The code that would send one asks
    `prefetched(command)` first. A command the view ends up not needing costs only its
    bytes in the pipeline; one it needs that was not prefetched is sent as usual.
    """

    def mark(view: F) -> F:
        setattr(view, PREFETCH_ATTRIBUTE, reads)
        return view

    return mark


def prefetched(command: Command) -> tuple[bool, Any]:
    """Return (True, reply) once if `command` was sent in this request's pipeline."""
    replies = g.get("admission_replies") if has_request_context() else None
    if replies is None or command not in replies:
        return False, None
    return True, replies.pop(command)  # once: a later read may follow a write


def admit() -> None:
    """Count this request, prefetch its reads and revocation status; RateLimited when over."""
    limiter = ratelimit.limiter()
    window = limiter.window_for_request()
    verifier = current_app.extensions.get(VERIFIER_KEY)
    claims = _signed_claims(verifier)
    jti = claims["jti"] if claims is not None and revocation.checked_by(verifier) else None
    reads = _reads_for_request(claims)
    client: redis.Redis | None = current_app.extensions.get(CLIENT_KEY)
    count = None
    if client is not None and (window or jti or reads) and limiter.redis_usable():
        pipeline = client.pipeline(transaction=False)
        if window:
            ratelimit.queue_count(pipeline, window)
        if jti:
            revocation.queue_check(pipeline, jti)
        for command in reads:
            pipeline.execute_command(*command)
        try:
            replies = pipeline.execute()
        except redis.RedisError as exc:
            limiter.redis_failed(exc)
        else:
            if window:
                count = replies[0]
            if jti:
                revocation.remember(jti, bool(replies[2 if window else 0]))
            if reads:
                g.admission_replies = dict(zip(reads, replies[-len(reads) :], strict=True))
    if window:
        ratelimit.enforce(window, count if count is not None else limiter.count_in_memory(window))


def _signed_claims(verifier: Any) -> Mapping[str, Any] | None:
    if verifier is None:
        return None
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer":
        return None
    return verifier.signed_claims(token.strip())


def _reads_for_request(claims: Mapping[str, Any] | None) -> list[Command]:
    reads = getattr(handler_for_request(), PREFETCH_ATTRIBUTE, None)
    return list(dict.fromkeys(reads(claims))) if reads and claims is not None else []


def init_app(app: Flask) -> None:
    """Check every request before its view (after the request ID is assigned)."""
    app.before_request(admit)
