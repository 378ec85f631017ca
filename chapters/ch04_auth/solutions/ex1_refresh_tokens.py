"""Exercise 1 — a JWT refresh-token system with rotation and reuse detection
(reference solution)."""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import jwt

ALGORITHM = "HS256"
ACCESS_TTL = 15 * 60
REFRESH_TTL = 14 * 24 * 60 * 60
MIN_SECRET_LENGTH = 32
REQUIRED_CLAIMS = ["iss", "sub", "iat", "exp", "jti", "type", "fam"]


class TokenError(Exception):
    """A token cannot be used."""


class InvalidToken(TokenError):
    """The token is malformed, forged, expired, of the wrong type, unknown or revoked."""


class TokenReuseDetected(TokenError):
    """A refresh token was used a second time; its whole family is now revoked."""


@dataclass(frozen=True)
class TokenPair:
    access_token: str
    refresh_token: str
    expires_in: int


@dataclass
class _RefreshRecord:
    family: str
    used: bool = False


class RefreshTokenService:
    """Issue token pairs; rotate refresh tokens; revoke a family when a token is reused."""

    def __init__(
        self,
        *,
        secret: str,
        issuer: str = "ch04-exercise",
        access_ttl: int = ACCESS_TTL,
        refresh_ttl: int = REFRESH_TTL,
        clock: Callable[[], float] = time.time,
    ) -> None:
        if len(secret) < MIN_SECRET_LENGTH:
            raise ValueError(f"secret must be at least {MIN_SECRET_LENGTH} characters for HS256")
        self._secret = secret
        self._issuer = issuer
        self._ttl = {"access": access_ttl, "refresh": refresh_ttl}
        self._clock = clock
        self._refresh: dict[str, _RefreshRecord] = {}
        self._revoked_families: set[str] = set()
        self._lock = threading.Lock()

    def issue(self, *, subject: str) -> TokenPair:
        """Log in: start a new token family and return its first pair."""
        return self._pair(subject, uuid.uuid4().hex)

    def refresh(self, refresh_token: str) -> TokenPair:
        """Trade a refresh token for a new pair; the old refresh token is used up."""
        claims = self._decode(refresh_token, "refresh")
        with self._lock:  # check-and-mark must be atomic, or two racing refreshes both win
            record = self._refresh.get(claims["jti"])
            if record is None or record.family in self._revoked_families:
                raise InvalidToken("unknown or revoked refresh token")
            if record.used:
                # Two parties hold this token: the user and a thief. We cannot tell
                # which one is asking, so every token of the family dies.
                self._revoked_families.add(record.family)
                raise TokenReuseDetected("refresh token reused; the session is revoked")
            record.used = True
        return self._pair(claims["sub"], record.family)

    def verify_access(self, access_token: str) -> dict[str, Any]:
        """Return the claims of a valid access token of a live family."""
        claims = self._decode(access_token, "access")
        if claims["fam"] in self._revoked_families:
            raise InvalidToken("the session of this token was revoked")
        return claims

    def revoke_family(self, family_id: str) -> None:
        """Revoke every token of one login session."""
        with self._lock:
            self._revoked_families.add(family_id)

    def logout(self, refresh_token: str) -> None:
        """End the session the refresh token belongs to (used or not)."""
        self.revoke_family(self._decode(refresh_token, "refresh")["fam"])

    def _pair(self, subject: str, family: str) -> TokenPair:
        refresh_jti = uuid.uuid4().hex
        pair = TokenPair(
            access_token=self._encode(subject, "access", family, uuid.uuid4().hex),
            refresh_token=self._encode(subject, "refresh", family, refresh_jti),
            expires_in=self._ttl["access"],
        )
        with self._lock:
            self._refresh[refresh_jti] = _RefreshRecord(family=family)
        return pair

    def _encode(self, subject: str, token_type: str, family: str, jti: str) -> str:
        now = int(self._clock())
        claims = {
            "iss": self._issuer,
            "sub": subject,
            "iat": now,
            "exp": now + self._ttl[token_type],
            "jti": jti,
            "type": token_type,
            "fam": family,
        }
        return jwt.encode(claims, self._secret, algorithm=ALGORITHM)

    def _decode(self, token: str, expected_type: str) -> dict[str, Any]:
        try:
            claims = jwt.decode(
                token,
                self._secret,
                algorithms=[ALGORITHM],
                issuer=self._issuer,
                options={"require": REQUIRED_CLAIMS},
            )
        except jwt.PyJWTError as exc:
            raise InvalidToken(f"invalid {expected_type} token: {exc}") from None
        if claims["type"] != expected_type:
            raise InvalidToken(f"expected a {expected_type} token, got {claims['type']!r}")
        return claims
