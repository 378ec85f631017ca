"""Bearer-token authentication for views: who is calling (401), and may they (403)?"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from flask import Flask, current_app, g, request
from flask.sessions import SessionInterface
from flask_restx.utils import merge

from .errors import Forbidden, ServiceUnavailable, Unauthorized
from .keys import generate_key_pair
from .settings import Settings
from .tokens import TokenIssuer, TokenVerifier

F = TypeVar("F", bound=Callable[..., Any])
ISSUER_KEY = "core.token_issuer"
VERIFIER_KEY = "core.token_verifier"
# Swagger 2 has no "bearer" type; an apiKey in the header is how restx documents it.
AUTHORIZATIONS = {
    "bearer": {"type": "apiKey", "in": "header", "name": "Authorization",
               "description": "Type: Bearer &lt;access token&gt;"},
}  # fmt: skip


@dataclass(frozen=True)
class Principal:
    """The authenticated caller: the token's subject, its roles and all its claims."""

    subject: str
    roles: frozenset[str]
    claims: dict[str, Any]


class NoCookieSessions(SessionInterface):
    """Give every request Flask's null session: these APIs authenticate by bearer token.

    A cookie session would be a second, CSRF-prone way in that nothing here uses; and
    Flask's default builds a signing serializer on every request to open it (about 2% of
    a warm read under load). Writing to `flask.session` raises, saying why.
    """

    def open_session(self, app: Flask, request: Any) -> None:
        return None  # Flask then uses make_null_session()

    def save_session(self, app: Flask, session: Any, response: Any) -> None:
        return None


def init_app(app: Flask, settings: Settings, *, is_revoked: Callable[[str], bool] | None) -> None:
    """Build the app's token issuer (if it has a private key) and verifier from settings."""
    app.session_interface = NoCookieSessions()
    issuer = _issuer(app, settings)
    if issuer is not None:
        app.extensions[ISSUER_KEY] = issuer
    jwks = issuer.jwks() if issuer else settings.jwt_jwks
    if not (jwks and jwks.get("keys")) and not settings.jwt_jwks_url:
        if settings.token_role != "none":
            app.logger.warning("no JWT_JWKS_URL or JWT_JWKS: every token will be refused")
        return
    app.extensions[VERIFIER_KEY] = TokenVerifier(
        issuer=settings.jwt_issuer,
        audience=settings.jwt_audience,
        jwks=jwks,
        jwks_url=settings.jwt_jwks_url,
        leeway=settings.jwt_leeway,
        is_revoked=is_revoked,
    )


def _issuer(app: Flask, settings: Settings) -> TokenIssuer | None:
    if settings.jwt_private_key is not None:
        pem = settings.jwt_private_key.get_secret_value()
    elif settings.token_role == "issuer" and settings.environment == "development":
        app.logger.warning("JWT_PRIVATE_KEY is not set: tokens are signed with a throwaway key")
        pem = generate_key_pair().private_pem
    else:
        return None
    return TokenIssuer(
        pem,
        issuer=settings.jwt_issuer,
        audience=settings.jwt_audience,
        kid=settings.jwt_key_id,
        access_ttl=settings.jwt_access_ttl,
        refresh_ttl=settings.jwt_refresh_ttl,
        retired_keys=(settings.jwt_jwks or {}).get("keys", ()),
    )


def token_issuer(app: Flask | None = None) -> TokenIssuer:
    """Return the app's token issuer; RuntimeError if it has no JWT_PRIVATE_KEY."""
    issuer = (app or current_app).extensions.get(ISSUER_KEY)
    if issuer is None:
        raise RuntimeError("this app issues no tokens: set JWT_PRIVATE_KEY")
    return issuer


def token_verifier(app: Flask | None = None) -> TokenVerifier:
    """Return the app's token verifier; ServiceUnavailable if no keys are configured."""
    verifier = (app or current_app).extensions.get(VERIFIER_KEY)
    if verifier is None:
        raise ServiceUnavailable("Token verification is not configured.")
    return verifier


def current_principal() -> Principal:
    """Return the caller of this request, authenticating the bearer token on first use."""
    if "principal" not in g:
        claims = token_verifier().verify(_bearer_token())
        roles = frozenset(claims.get("roles") or ())
        g.principal = Principal(subject=claims["sub"], roles=roles, claims=claims)
    return g.principal


def _bearer_token() -> str:
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if not header:
        raise Unauthorized()
    if scheme.lower() != "bearer" or not token.strip():
        raise Unauthorized(
            "Use the header 'Authorization: Bearer <token>'.", token_error="invalid_request"
        )
    return token.strip()


def require_auth(*roles: Any) -> Any:
    """Require a valid access token and, if roles are named, at least one of them.

    Use as `@require_auth`, `@require_auth()` or `@require_auth("admin", "support")`.
    """
    if len(roles) == 1 and callable(roles[0]):
        return require_auth()(roles[0])
    wanted = frozenset(roles)

    def decorate(view: F) -> F:
        @functools.wraps(view)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            principal = current_principal()  # 401 when there is no valid token
            if wanted and not wanted & principal.roles:
                raise Forbidden(
                    f"This needs one of the roles: {', '.join(sorted(wanted))}.",
                    details={"required_roles": sorted(wanted)},
                )
            return view(*args, **kwargs)

        doc = {"security": "bearer", "responses": {"401": ("Missing or invalid token", None, {})}}
        if wanted:
            doc["responses"]["403"] = ("The token lacks a required role", None, {})
        wrapper.__apidoc__ = merge(getattr(view, "__apidoc__", {}), doc)  # type: ignore[attr-defined]
        return wrapper  # type: ignore[return-value]

    return decorate
