"""Issue and verify JWT access and refresh tokens (PyJWT, HS256), with revocation."""

from __future__ import annotations

import time
import uuid
from typing import Any

import jwt
from flask import current_app

from .denylist import Denylist
from .errors import InvalidToken
from .users import User, UserStore

ALGORITHM = "HS256"
REQUIRED_CLAIMS = ["iss", "aud", "sub", "iat", "exp", "jti", "type"]


# --8<-- [start:service]
class TokenService:
    """Short-lived access tokens, longer-lived refresh tokens, both revocable by `jti`."""

    def __init__(
        self,
        *,
        secret: str,
        issuer: str,
        audience: str,
        access_ttl: int,
        refresh_ttl: int,
        denylist: Denylist,
        users: UserStore,
    ) -> None:
        self._secret = secret
        self._issuer = issuer
        self._audience = audience
        self._ttl = {"access": access_ttl, "refresh": refresh_ttl}
        self.denylist = denylist
        self._users = users

    def issue_pair(self, user: User) -> dict[str, Any]:
        """Return a new access token and refresh token for `user`."""
        return {
            "access_token": self._encode(user.username, "access", roles=list(user.roles)),
            "refresh_token": self._encode(user.username, "refresh"),
            "token_type": "Bearer",
            "expires_in": self._ttl["access"],
        }

    def refresh(self, refresh_token: str) -> dict[str, Any]:
        """Trade a valid refresh token for a new access token (roles re-read from the store)."""
        claims = self.verify(refresh_token, expected_type="refresh")
        user = self._users.get(claims["sub"])
        if user is None:
            raise InvalidToken("the token's user no longer exists")
        access = self._encode(user.username, "access", roles=list(user.roles))
        return {"access_token": access, "token_type": "Bearer", "expires_in": self._ttl["access"]}

    def verify(self, token: str, *, expected_type: str) -> dict[str, Any]:
        """Return the token's claims, or raise InvalidToken saying what is wrong."""
        if not token.isascii():  # a JWT is base64url and dots; anything else is noise
            raise InvalidToken(f"the {expected_type} token is not valid")
        try:
            claims = jwt.decode(
                token,
                self._secret,
                algorithms=[ALGORITHM],  # never trust the token's own `alg` header
                audience=self._audience,
                issuer=self._issuer,
                options={"require": REQUIRED_CLAIMS},
                leeway=5,  # seconds of clock skew between servers
            )
        except jwt.ExpiredSignatureError:
            raise InvalidToken(f"the {expected_type} token has expired") from None
        except jwt.PyJWTError:
            raise InvalidToken(f"the {expected_type} token is not valid") from None
        if claims["type"] != expected_type:
            # A refresh token must not open the API, nor an access token mint new ones.
            raise InvalidToken(f"a {claims['type']} token cannot be used here")
        if claims["jti"] in self.denylist:
            raise InvalidToken(f"the {expected_type} token has been revoked")
        return claims

    def revoke(self, claims: dict[str, Any]) -> None:
        """Deny the token with these claims until it expires."""
        self.denylist.add(str(claims["jti"]), expires_at=int(claims["exp"]))

    def _encode(self, subject: str, token_type: str, **extra: Any) -> str:
        now = int(time.time())
        claims = {
            "iss": self._issuer,
            "aud": self._audience,
            "sub": subject,
            "iat": now,
            "nbf": now,
            "exp": now + self._ttl[token_type],
            "jti": uuid.uuid4().hex,  # what the denylist stores
            "type": token_type,
            **extra,
        }
        return jwt.encode(claims, self._secret, algorithm=ALGORITHM)


# --8<-- [end:service]


def token_service() -> TokenService:
    """Return the current app's token service."""
    return current_app.extensions["tokens"]
