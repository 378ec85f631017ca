"""Revoked token IDs, shared by every service that verifies tokens.

The auth service revokes a token (logout, password change) by writing its `jti` to
Redis with a lifetime equal to the token's remaining life; every other service passes
`is_revoked` to `create_app`, so a revoked token is refused everywhere within one
request, with no call to the auth service on the hot path. Keys expire with the
tokens they name, so the list never grows beyond the tokens still alive.

The lookup rides in the request's one Redis pipeline (core.admission): `queue_check`
adds it, `remember` keeps the answer for this request, and `is_revoked` uses it
instead of asking Redis again.
"""

from __future__ import annotations

import time

import redis
from flask import current_app, g

from .errors import ServiceUnavailable
from .redis_store import CLIENT_KEY
from .tokens import TokenVerifier

PREFIX = "core:revoked:"
_LOCAL_KEY = "core.revoked"


def revoke(jti: str, *, expires_at: int) -> None:
    """Refuse the token `jti` from now until it would have expired anyway."""
    ttl = max(int(expires_at - time.time()), 1)
    client = current_app.extensions.get(CLIENT_KEY)
    if client is None:
        # Without Redis (development on one process) the list lives in this app only.
        current_app.extensions.setdefault(_LOCAL_KEY, {})[jti] = time.time() + ttl
        return
    client.set(PREFIX + jti, "1", ex=ttl)


def is_revoked(jti: str) -> bool:
    """Say whether `jti` was revoked; 503 when the list cannot be read."""
    client = current_app.extensions.get(CLIENT_KEY)
    if client is None:
        until = current_app.extensions.get(_LOCAL_KEY, {}).get(jti)
        return until is not None and until > time.time()
    prefetched = g.get("revocation_prefetched")
    if prefetched is not None and prefetched[0] == jti:
        return prefetched[1]  # asked in this request's pipeline, a moment ago
    try:
        return bool(client.exists(PREFIX + jti))
    except redis.RedisError as exc:
        # Fail closed: treating an unreadable list as empty would let a logged-out
        # token back in for as long as Redis is down.
        raise ServiceUnavailable("cannot check token revocation right now") from exc


def checked_by(verifier: TokenVerifier | None) -> bool:
    """Say whether `verifier` consults this list (the service passed `is_revoked`)."""
    return verifier is not None and verifier.is_revoked is is_revoked


def queue_check(pipeline: redis.client.Pipeline, jti: str) -> None:
    """Add the revocation lookup of `jti` to a Redis pipeline."""
    pipeline.exists(PREFIX + jti)


def remember(jti: str, revoked: bool) -> None:
    """Keep the pipeline's answer for `is_revoked` later in this request."""
    g.revocation_prefetched = (jti, revoked)
