"""Exercise 1 — a JWT refresh-token system with rotation and reuse detection.

Check your work with: nox -s chapter04 -- ex1
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

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


class RefreshTokenService:
    """Issue token pairs; rotate refresh tokens; revoke a family when a token is reused.

    1. __init__ refuses a secret shorter than MIN_SECRET_LENGTH with ValueError. It
       keeps the settings, a record of issued refresh tokens (jti -> family, used?),
       a set of revoked families, and a threading.Lock.
    2. issue(subject=...) starts a family (uuid4().hex) and signs an access token and
       a refresh token with HS256. Both carry iss, sub, iat, exp (clock() plus the
       lifetime), their own jti, type ("access" or "refresh") and fam (the family).
       Remember the refresh token's jti as unused; return a TokenPair whose
       expires_in is the access lifetime.
    3. Decode every token with algorithms=[ALGORITHM], the issuer, and
       REQUIRED_CLAIMS required. Any PyJWT error, or the wrong type, is InvalidToken.
    4. refresh(token): an unknown jti or a revoked family is InvalidToken. A jti that
       was already used is reuse: revoke its family and raise TokenReuseDetected.
       Otherwise mark it used (check and mark under the lock) and return a new pair
       in the same family.
    5. verify_access(token) returns the claims unless the family is revoked;
       revoke_family(family_id) and logout(refresh_token) end a session.
    """

    def __init__(
        self,
        *,
        secret: str,
        issuer: str = "ch04-exercise",
        access_ttl: int = ACCESS_TTL,
        refresh_ttl: int = REFRESH_TTL,
        clock: Callable[[], float] = time.time,
    ) -> None:
        raise NotImplementedError("Exercise 1 (RefreshTokenService) is not done yet")

    def issue(self, *, subject: str) -> TokenPair:
        """Log in: start a new token family and return its first pair."""
        raise NotImplementedError("Exercise 1 (issue) is not done yet")

    def refresh(self, refresh_token: str) -> TokenPair:
        """Trade a refresh token for a new pair; the old refresh token is used up."""
        raise NotImplementedError("Exercise 1 (refresh) is not done yet")

    def verify_access(self, access_token: str) -> dict[str, Any]:
        """Return the claims of a valid access token of a live family."""
        raise NotImplementedError("Exercise 1 (verify_access) is not done yet")

    def revoke_family(self, family_id: str) -> None:
        """Revoke every token of one login session."""
        raise NotImplementedError("Exercise 1 (revoke_family) is not done yet")

    def logout(self, refresh_token: str) -> None:
        """End the session the refresh token belongs to (used or not)."""
        raise NotImplementedError("Exercise 1 (logout) is not done yet")
