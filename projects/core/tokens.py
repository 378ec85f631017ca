"""Issue and verify RS256 JSON Web Tokens, with keys published and found by `kid`."""

from __future__ import annotations

import functools
import time
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from types import MappingProxyType
from typing import Any, Literal

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa

from .errors import ServiceUnavailable, Unauthorized
from .keys import ALGORITHM, load_private_key, public_jwk, thumbprint

TokenType = Literal["access", "refresh"]
RESERVED_CLAIMS = frozenset({"iss", "aud", "sub", "iat", "nbf", "exp", "jti", "type", "roles"})


@dataclass(frozen=True)
class IssuedToken:
    """A token just signed, with its claims (`iat`, `nbf`, `exp` in Unix seconds)."""

    token: str
    claims: Mapping[str, Any]

    @property
    def expires_in(self) -> int:
        """Seconds the token is valid for, as OAuth's `expires_in` says it."""
        return int(self.claims["exp"] - self.claims["iat"])


class TokenIssuer:
    """Sign access and refresh tokens with one private key, and publish the public keys."""

    def __init__(
        self,
        private_key: str | rsa.RSAPrivateKey,
        *,
        issuer: str,
        audience: str,
        kid: str | None = None,
        access_ttl: timedelta = timedelta(minutes=15),
        refresh_ttl: timedelta = timedelta(days=7),
        retired_keys: Sequence[Mapping[str, Any]] = (),
    ) -> None:
        self._private_key = (
            load_private_key(private_key) if isinstance(private_key, str) else private_key
        )
        public_key = self._private_key.public_key()
        self.kid = kid or thumbprint(public_key)
        self.issuer = issuer
        self.audience = audience
        self.ttl: dict[TokenType, timedelta] = {"access": access_ttl, "refresh": refresh_ttl}
        # After a rotation, tokens signed with the old key stay valid until they expire,
        # so its public JWK is still published next to the new one.
        # A retired key with the signing key's kid is the signing key: publish it once.
        retired = [dict(key) for key in retired_keys if key.get("kid") != self.kid]
        self._jwks = {"keys": [public_jwk(public_key, kid=self.kid), *retired]}

    def issue(
        self,
        subject: str,
        *,
        token_type: TokenType = "access",
        roles: Sequence[str] = (),
        claims: Mapping[str, Any] | None = None,
        now: datetime | None = None,
    ) -> str:
        """Sign a token for `subject`; `claims` adds non-reserved claims."""
        return self.issue_token(
            subject, token_type=token_type, roles=roles, claims=claims, now=now
        ).token

    def issue_token(
        self,
        subject: str,
        *,
        token_type: TokenType = "access",
        roles: Sequence[str] = (),
        claims: Mapping[str, Any] | None = None,
        now: datetime | None = None,
    ) -> IssuedToken:
        """Like `issue`, and also return the claims signed (to store its `jti` and `exp`)."""
        if clash := RESERVED_CLAIMS & set(claims or {}):
            raise ValueError(f"claims {sorted(clash)} are set by the issuer")
        issued = int((now or datetime.now(UTC)).timestamp())
        payload = {
            **(claims or {}),
            "iss": self.issuer,
            "aud": self.audience,
            "sub": subject,
            "iat": issued,
            "nbf": issued,
            "exp": issued + int(self.ttl[token_type].total_seconds()),
            "jti": uuid.uuid4().hex,  # lets a denylist revoke this one token
            "type": token_type,  # a refresh token must never pass as an access token
            "roles": list(roles),
        }
        headers = {"kid": self.kid}
        token = jwt.encode(payload, self._private_key, algorithm=ALGORITHM, headers=headers)
        return IssuedToken(token=token, claims=MappingProxyType(payload))

    def jwks(self) -> dict[str, Any]:
        """Return the JWK Set that verifiers should trust (serve it at /.well-known/jwks.json)."""
        return {"keys": [dict(key) for key in self._jwks["keys"]]}


class TokenVerifier:
    """Check a token's signature, lifetime, issuer, audience, type and revocation."""

    def __init__(
        self,
        *,
        issuer: str,
        audience: str,
        jwks: Mapping[str, Any] | None = None,
        jwks_url: str | None = None,
        leeway: timedelta = timedelta(seconds=30),
        timeout: float = 2.0,
        cache_seconds: float = 300,
        refetch_cooldown: float = 30,
        is_revoked: Callable[[str], bool] | None = None,
    ) -> None:
        self.issuer = issuer
        self.audience = audience
        self.leeway = leeway
        self.is_revoked = is_revoked
        # A client sends the same token on every request until it expires; checking its
        # RSA signature once instead of every time takes a third off an authenticated
        # request. Only tokens that passed `_decode` are remembered (errors are not).
        self._checked = functools.lru_cache(maxsize=4096)(self._decode)
        keys = jwt.PyJWKSet.from_dict(dict(jwks)).keys if jwks and jwks.get("keys") else []
        self._local = {key.key_id: key for key in keys}
        # PyJWKClient caches the set for `cache_seconds` and refetches it on an unknown
        # kid (at most once per `refetch_cooldown`, so junk kids cannot flood the issuer):
        # that is how a verifier learns a rotated key without a restart.
        self._remote = (
            jwt.PyJWKClient(
                jwks_url,
                cache_keys=True,
                lifespan=cache_seconds,
                timeout=timeout,
                cooldown_duration=refetch_cooldown,
            )
            if jwks_url
            else None
        )

    def verify(self, token: str, *, token_type: TokenType = "access") -> dict[str, Any]:
        """Return the token's claims, or raise Unauthorized saying what is wrong with it."""
        claims = self._checked(token)
        # The cache remembers a good signature, not a good token: time and revocation
        # are checked on every use.
        now = time.time()
        leeway = self.leeway.total_seconds()
        if claims["exp"] <= now - leeway:
            raise Unauthorized("The token has expired.", token_error="invalid_token")
        if claims["nbf"] > now + leeway:
            raise Unauthorized("The token is not valid yet.", token_error="invalid_token")
        if claims["type"] != token_type:
            raise Unauthorized(f"Expected an {token_type} token.", token_error="invalid_token")
        if self.is_revoked is not None and self.is_revoked(claims["jti"]):
            raise Unauthorized("The token has been revoked.", token_error="invalid_token")
        return dict(claims)

    def signed_claims(self, token: str) -> Mapping[str, Any] | None:
        """Return the claims of a token whose signature checks out, else None; never raises.

        Expiry, type and revocation are not checked: use `verify` to accept a token.
        """
        try:
            return MappingProxyType(self._checked(token))  # the cached claims: read-only
        except (Unauthorized, ServiceUnavailable):
            return None

    def _decode(self, token: str) -> Mapping[str, Any]:
        """Check the signature, issuer, audience and required claims of `token`."""
        try:
            return jwt.decode(
                token,
                key=self._signing_key(token),
                algorithms=[ALGORITHM],  # never let the token choose, e.g. "none" or HS256
                issuer=self.issuer,
                audience=self.audience,
                leeway=self.leeway,
                options={"require": ["exp", "iat", "nbf", "iss", "aud", "sub", "jti", "type"]},
            )
        except jwt.ExpiredSignatureError:
            raise Unauthorized("The token has expired.", token_error="invalid_token") from None
        except jwt.InvalidTokenError as exc:
            message = f"The token is invalid ({str(exc).rstrip('.')})."
            raise Unauthorized(message, token_error="invalid_token") from None

    def _signing_key(self, token: str) -> jwt.PyJWK:
        """Find the public key named by the token's `kid`: locally first, then at the URL."""
        kid = jwt.get_unverified_header(token).get("kid")
        if kid in self._local:
            return self._local[kid]
        if self._remote is None or not kid:
            raise jwt.InvalidTokenError("it was signed with an unknown key")
        try:
            return self._remote.get_signing_key(kid)
        except jwt.PyJWKClientConnectionError:
            raise ServiceUnavailable("The token signing keys cannot be fetched.") from None
        except jwt.PyJWKClientError:
            raise jwt.InvalidTokenError("it was signed with an unknown key") from None
