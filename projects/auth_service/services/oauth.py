"""The OAuth2 authorization server (Authlib): authorization code with PKCE, client credentials.

Tokens it issues are the service's ordinary RS256 JWTs, with the granted `scope` and the
`client_id` as claims, so every service verifies them with the same JWKS. PKCE with S256
is required of every authorization code (OAuth 2.1). Client secrets and codes are stored
as digests; a code is used once, and a replayed code revokes the token it was traded for.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

from authlib.common.security import is_secure_transport
from authlib.integrations.flask_oauth2 import AuthorizationServer
from authlib.oauth2 import OAuth2Error
from authlib.oauth2.rfc6749 import ClientMixin, grants
from authlib.oauth2.rfc6749.errors import InvalidRequestError, InvalidScopeError
from authlib.oauth2.rfc7636 import CodeChallenge
from flask import Flask, Response, current_app, request
from sqlalchemy import select

from projects.core import BadRequest, NotFound, ValidationError, token_issuer
from projects.core.revocation import revoke

from ..models import OAuthAuthorizationCode, OAuthClient, User, db, utcnow
from . import audit
from .credentials import digest, matches, new_secret
from .scopes import SCOPES, parse_scopes
from .sessions import token_claims

EXTENSION_KEY = "auth_service.oauth_server"
GRANT_TYPES = ("authorization_code", "client_credentials")
MAX_CLIENT_ID = 48


class RegisteredClient(ClientMixin):
    """Authlib's view of an OAuthClient row."""

    def __init__(self, row: OAuthClient) -> None:
        self.row = row
        self.client_id = row.client_id

    def get_client_id(self) -> str:
        return self.row.client_id

    def get_default_redirect_uri(self) -> str | None:
        return self.row.redirect_uris[0] if self.row.redirect_uris else None

    def get_allowed_scope(self, scope: str | None) -> str:
        allowed = self.row.scope.split()
        if not scope:
            return " ".join(allowed)  # RFC 6749 §3.3: the client's registered default
        return " ".join(name for name in scope.split() if name in allowed)

    def check_redirect_uri(self, redirect_uri: str) -> bool:
        return redirect_uri in self.row.redirect_uris

    def check_client_secret(self, client_secret: str) -> bool:
        stored = self.row.client_secret_hash
        return stored is not None and matches(client_secret, stored)

    def check_endpoint_auth_method(self, method: str, endpoint: str) -> bool:
        return method == self.row.token_endpoint_auth_method if endpoint == "token" else True

    def check_response_type(self, response_type: str) -> bool:
        return response_type == "code" and "authorization_code" in self.row.grant_types

    def check_grant_type(self, grant_type: str) -> bool:
        return grant_type in self.row.grant_types


class S256Required(CodeChallenge):
    """PKCE for every authorization code, and only with S256 ("plain" protects nothing)."""

    DEFAULT_CODE_CHALLENGE_METHOD = "S256"
    SUPPORTED_CODE_CHALLENGE_METHOD = ["S256"]

    def validate_code_challenge(self, grant: Any, redirect_uri: str) -> None:
        data = grant.request.payload.data
        if not data.get("code_challenge") or data.get("code_challenge_method") != "S256":
            raise InvalidRequestError(
                "PKCE is required: send code_challenge with code_challenge_method=S256."
            )
        super().validate_code_challenge(grant, redirect_uri)


class AuthorizationCodeGrant(grants.AuthorizationCodeGrant):
    """Codes stored as digests, used once, short-lived; public clients authenticate with PKCE."""

    TOKEN_ENDPOINT_AUTH_METHODS = ["client_secret_basic", "client_secret_post", "none"]

    def save_authorization_code(self, code: str, request: Any) -> None:
        ttl = current_app.config["SETTINGS"].oauth_code_ttl
        row = OAuthAuthorizationCode(
            code_hash=digest(code),
            client_id=request.client.client_id,
            user_id=request.user.id,
            redirect_uri=request.payload.redirect_uri or "",
            scope=request.scope or "",
            code_challenge=request.payload.data["code_challenge"],
            code_challenge_method=request.payload.data["code_challenge_method"],
            expires_at=utcnow() + ttl,
        )
        db.session.add(row)
        audit.record("oauth.code_issued", user_id=request.user.id, target=f"client:{row.client_id}")
        db.session.commit()

    def query_authorization_code(self, code: str, client: Any) -> OAuthAuthorizationCode | None:
        row = db.session.scalar(
            select(OAuthAuthorizationCode).where(
                OAuthAuthorizationCode.code_hash == digest(code),
                OAuthAuthorizationCode.client_id == client.client_id,
            )
        )
        if row is not None and row.used_at is not None:
            _revoke_replayed_code(row)
            return None
        if row is None or row.expires_at <= utcnow():
            return None
        return row

    def delete_authorization_code(self, authorization_code: OAuthAuthorizationCode) -> None:
        authorization_code.used_at = utcnow()  # kept, so a replay can be recognised
        db.session.commit()

    def authenticate_user(self, authorization_code: OAuthAuthorizationCode) -> User | None:
        user = db.session.get(User, authorization_code.user_id)
        if user is None or user.deleted_at is not None or not user.is_active:
            return None
        return user


class ClientCredentialsGrant(grants.ClientCredentialsGrant):
    """A confidential client acting on its own behalf (service to service).

    Authlib's grant would issue whatever known scope is asked for; here a client gets
    only scopes it was registered with (all of them when it asks for none).
    """

    TOKEN_ENDPOINT_AUTH_METHODS = ["client_secret_basic", "client_secret_post"]

    def validate_token_request(self) -> None:
        super().validate_token_request()
        requested = set((self.request.payload.scope or "").split())
        if requested - set(self.client.row.scope.split()):
            raise InvalidScopeError("The client is not registered for that scope.")

    def create_token_response(self) -> tuple[int, dict[str, Any], list[tuple[str, str]]]:
        scope = self.client.get_allowed_scope(self.request.payload.scope)
        token = self.generate_token(scope=scope, include_refresh_token=False)
        self.save_token(token)
        return 200, token, self.TOKEN_RESPONSE_HEADER


def init_app(app: Flask) -> AuthorizationServer:
    """Attach the app's authorization server."""
    server = AuthorizationServer()
    server.init_app(app, query_client=_query_client, save_token=_save_token)
    server.register_token_generator("default", _generate_token)
    server.scopes_supported = list(SCOPES)
    server.register_grant(AuthorizationCodeGrant, [S256Required(required=True)])
    server.register_grant(ClientCredentialsGrant)
    app.extensions[EXTENSION_KEY] = server
    return server


def server() -> AuthorizationServer:
    """Return the current app's authorization server."""
    return current_app.extensions[EXTENSION_KEY]


def token_response() -> Response:
    """Answer a token request (RFC 6749 §5: OAuth's own JSON error shape)."""
    return server().create_token_response()


def consent(*, user: User) -> dict[str, Any]:
    """Validate an authorization request and describe what the user is asked to allow."""
    grant = _consent_grant(user)
    client = grant.request.client.row
    scope = grant.request.scope or ""
    return {
        "client_id": client.client_id,
        "client_name": client.name,
        "redirect_uri": grant.redirect_uri,
        "scope": scope,
        "scopes": {name: SCOPES[name] for name in scope.split()},
    }


def decide(*, user: User, approve: bool) -> str:
    """Record the user's decision; return where to send the browser (with a code, or an error)."""
    grant = _consent_grant(user)
    response = server().create_authorization_response(
        grant_user=user if approve else None, grant=grant
    )
    location = response.headers.get("Location")
    if response.status_code != 302 or not location:
        raise BadRequest("The authorization request is invalid.")
    if not approve:
        audit.record("oauth.denied", user_id=user.id, target=f"client:{grant.client.client_id}")
        db.session.commit()
    return location


def register_client(
    *,
    name: str,
    redirect_uris: list[str],
    grant_types: list[str],
    scope: str,
    public: bool,
    created_by: User,
) -> tuple[OAuthClient, str | None]:
    """Register a client; return it and its secret (None for a public client), shown once."""
    _check_client(name=name, redirect_uris=redirect_uris, grant_types=grant_types, public=public)
    secret = None if public else new_secret()
    row = OAuthClient(
        client_id=new_secret(18),
        client_secret_hash=digest(secret) if secret else None,
        name=name.strip(),
        redirect_uris=list(dict.fromkeys(redirect_uris)),
        grant_types=sorted(set(grant_types)),
        scope=" ".join(parse_scopes(scope)),
        token_endpoint_auth_method="none" if public else "client_secret_basic",
        created_by=created_by.id,
    )
    db.session.add(row)
    audit.record("oauth.client_registered", user_id=created_by.id, target=f"client:{row.client_id}")
    db.session.commit()
    return row, secret


def clients() -> list[OAuthClient]:
    """Return the registered clients that are not revoked, oldest first."""
    statement = select(OAuthClient).where(OAuthClient.revoked_at.is_(None)).order_by(OAuthClient.id)
    return list(db.session.scalars(statement))


def revoke_client(*, client_id: str, by: User) -> None:
    """Revoke a client: its secret and codes stop working (its tokens expire on their own)."""
    row = _client_row(client_id)
    if row is None:
        raise NotFound(f"No client {client_id}.")
    row.revoked_at = utcnow()
    audit.record("oauth.client_revoked", user_id=by.id, target=f"client:{client_id}")
    db.session.commit()


def _consent_grant(user: User) -> Any:
    # Checked before Authlib sees it: Authlib 1.9 quotes an unsupported response_type
    # in its error description and then raises ValueError (a 500) if that has non-ASCII.
    if request.args.get("response_type") != "code":
        raise BadRequest(
            "Only response_type=code is supported.",
            details={"error": "unsupported_response_type"},
        )
    try:
        return server().get_consent_grant(end_user=user)
    except OAuth2Error as error:
        raise BadRequest(
            error.description or "The authorization request is invalid.",
            details={"error": error.error},
        ) from None


def _check_client(
    *, name: str, redirect_uris: list[str], grant_types: list[str], public: bool
) -> None:
    problems = {}
    if not name.strip() or len(name) > 80:
        problems["name"] = "Use 1 to 80 characters."
    unknown = sorted(set(grant_types) - set(GRANT_TYPES))
    if unknown or not grant_types:
        problems["grant_types"] = f"Choose from {', '.join(GRANT_TYPES)}."
    elif public and "client_credentials" in grant_types:
        problems["grant_types"] = "A public client has no secret, so no client_credentials."
    if "authorization_code" in grant_types and not redirect_uris:
        problems["redirect_uris"] = "The authorization code flow needs a redirect URI."
    bad = [uri for uri in redirect_uris if not _acceptable_redirect(uri)]
    if bad:
        problems["redirect_uris"] = "Use absolute https URLs (http only on loopback), no fragment."
    if problems:
        raise ValidationError(details=problems)


def _acceptable_redirect(uri: str) -> bool:
    if len(uri) > 500 or not is_secure_transport(uri) or "\x00" in uri:
        return False
    return not urlsplit(uri).fragment


def _client_row(client_id: str) -> OAuthClient | None:
    if not client_id or len(client_id) > MAX_CLIENT_ID or "\x00" in client_id:
        return None
    return db.session.scalar(
        select(OAuthClient).where(
            OAuthClient.client_id == client_id, OAuthClient.revoked_at.is_(None)
        )
    )


def _query_client(client_id: str) -> RegisteredClient | None:
    row = _client_row(client_id)
    return RegisteredClient(row) if row is not None else None


def _generate_token(
    grant_type: str,
    client: RegisteredClient,
    user: User | None = None,
    scope: str | None = None,
    expires_in: int | None = None,
    include_refresh_token: bool = True,
) -> dict[str, Any]:
    """Issue the service's RS256 access token for an OAuth grant (no refresh token)."""
    subject, roles = (str(user.id), [user.role]) if user else (f"client:{client.client_id}", [])
    claims = {"scope": scope or "", "client_id": client.client_id}
    issued = token_issuer().issue_token(subject, roles=roles, claims=claims)
    return {
        "token_type": "Bearer",
        "access_token": issued.token,
        "expires_in": issued.expires_in,
        "scope": scope or "",
    }


def _save_token(token: dict[str, Any], request: Any) -> None:
    claims = token_claims(token["access_token"])
    code = getattr(request, "authorization_code", None)
    if code is not None:
        code.access_jti = claims["jti"]
        code.access_expires_at = datetime.fromtimestamp(claims["exp"], UTC)
    user = request.user
    audit.record(
        "oauth.token_issued",
        user_id=user.id if user else None,
        actor=f"client:{request.client.client_id}",
        target=f"client:{request.client.client_id}",
        grant_type=request.payload.grant_type,
        scope=token.get("scope", ""),
    )
    db.session.commit()


def _revoke_replayed_code(row: OAuthAuthorizationCode) -> None:
    """RFC 6749 §4.1.2: a code used twice revokes the token it was first traded for."""
    if row.access_jti and row.access_expires_at and row.access_expires_at > utcnow():
        revoke(row.access_jti, expires_at=int(row.access_expires_at.timestamp()))
    audit.record(
        "oauth.code_replayed", user_id=row.user_id, target=f"client:{row.client_id}",
        outcome="failure",
    )  # fmt: skip
    db.session.commit()
