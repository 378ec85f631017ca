"""Login throttling: failed attempts per account and per client IP, counted in Redis.

Each failure is a hit in a moving window (the `limits` library, which Flask-Limiter is
built on). When an account or an IP has used up its window, logins are refused with 429
and Retry-After, even with the right password, until the oldest failure leaves the window.
Accounts are keyed by the name that was tried, so unknown names lock out exactly like
real ones and a lockout reveals nothing. Without Redis (development), and while Redis is
down, the counts live in this process.
"""

from __future__ import annotations

import hashlib
import logging
import math
import time
from collections.abc import Callable
from datetime import timedelta
from typing import TypeVar

import redis
from flask import Flask, current_app
from limits import RateLimitItem, RateLimitItemPerSecond
from limits.storage import MemoryStorage, Storage, storage_from_string
from limits.strategies import MovingWindowRateLimiter

from projects.core import RateLimited

EXTENSION_KEY = "auth_service.login_throttle"
T = TypeVar("T")
log = logging.getLogger(__name__)


class LoginThrottle:
    """Count failed logins and refuse accounts and IPs that failed too often."""

    def __init__(
        self,
        *,
        storage_uri: str | None,
        max_failures: int,
        ip_max_failures: int,
        window: timedelta,
        timeout: float = 1.0,
    ) -> None:
        seconds = max(int(window.total_seconds()), 1)
        self._account = RateLimitItemPerSecond(max_failures, seconds, namespace="auth-login")
        self._ip = RateLimitItemPerSecond(ip_max_failures, seconds, namespace="auth-login-ip")
        fallback = MemoryStorage()
        primary: Storage = (
            storage_from_string(storage_uri, socket_timeout=timeout, socket_connect_timeout=timeout)
            if storage_uri
            else fallback
        )
        self._limiter = MovingWindowRateLimiter(primary)  # type: ignore[arg-type]
        self._fallback_limiter = MovingWindowRateLimiter(fallback)

    def check(self, *, account: str, ip: str) -> None:
        """Raise RateLimited (429, Retry-After) if the account or the IP is locked out."""
        for item, key in ((self._account, _account_key(account)), (self._ip, ip)):
            reset_at = self._run(lambda lim, i=item, k=key: _locked_until(lim, i, k))
            if reset_at is not None:
                raise RateLimited(
                    "Too many failed logins. Try again later.",
                    retry_after=max(math.ceil(reset_at - time.time()), 1),
                )

    def record_failure(self, *, account: str, ip: str) -> None:
        """Count one failed login against the account and the IP."""

        def hit_both(limiter: MovingWindowRateLimiter) -> None:
            limiter.hit(self._account, _account_key(account))
            limiter.hit(self._ip, ip)

        self._run(hit_both)

    def reset(self, *, account: str) -> None:
        """Forget the account's failures after a successful login (the IP's stay)."""
        self._run(lambda lim: lim.clear(self._account, _account_key(account)))

    def _run(self, action: Callable[[MovingWindowRateLimiter], T]) -> T:
        # A Redis outage must neither lock everyone out nor switch the protection off:
        # count in this process until Redis answers again.
        try:
            return action(self._limiter)
        except redis.RedisError:
            log.warning("login throttle: Redis is unavailable, counting in this process")
            return action(self._fallback_limiter)


def _locked_until(limiter: MovingWindowRateLimiter, item: RateLimitItem, key: str) -> float | None:
    """Return when the lockout of `key` ends, or None when it may try again now."""
    if limiter.test(item, key):
        return None
    return limiter.get_window_stats(item, key).reset_time


def _account_key(account: str) -> str:
    # A digest: no e-mail addresses in Redis keys, and a bounded key length.
    return hashlib.sha256(account.strip().lower().encode()).hexdigest()[:32]


def init_app(app: Flask, *, throttle: LoginThrottle) -> None:
    """Attach the app's login throttle."""
    app.extensions[EXTENSION_KEY] = throttle


def login_throttle() -> LoginThrottle:
    """Return the current app's login throttle."""
    return current_app.extensions[EXTENSION_KEY]
