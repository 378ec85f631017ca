"""Exercise 2 — an OAuth2 server: authorization code with PKCE, and client credentials
(reference solution)."""

from __future__ import annotations

import hmac
import secrets
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from authlib.integrations.flask_oauth2 import AuthorizationServer, ResourceProtector, current_token
from authlib.oauth2 import OAuth2Error
from authlib.oauth2.rfc6749 import (
    AuthorizationCodeMixin,
    ClientMixin,
    TokenMixin,
    grants,
    list_to_scope,
    scope_to_list,
)
from authlib.oauth2.rfc6749.errors import InvalidRequestError
from authlib.oauth2.rfc6750 import BearerTokenValidator
from authlib.oauth2.rfc7636 import CodeChallenge
from flask import Flask, current_app, jsonify, request, session

SCOPES = ("profile", "reports:read")
CODE_TTL = 300  # seconds an authorization code lives (RFC 6749 recommends at most 600)
TOKEN_TTL = 3600  # seconds an access token lives


@dataclass
class AuthorizationCode(AuthorizationCodeMixin):
    """A one-time code, bound to its client, redirect URI, user and PKCE challenge."""

    code: str
    client_id: str
    redirect_uri: str
    scope: str
    user: str
    code_challenge: str
    code_challenge_method: str
    expires_at: float

    def get_redirect_uri(self) -> str:
        return self.redirect_uri

    def get_scope(self) -> str:
        return self.scope


@dataclass
class Token(TokenMixin):
    """An issued access token; `user` is None for client-credentials tokens."""

    access_token: str
    client_id: str
    scope: str
    user: str | None
    expires_in: int
    issued_at: float = field(default_factory=time.time)
    revoked: bool = False

    def check_client(self, client: ClientMixin) -> bool:
        return self.client_id == client.get_client_id()

    def get_scope(self) -> str:
        return self.scope

    def get_expires_in(self) -> int:
        return self.expires_in

    def is_expired(self) -> bool:
        return time.time() >= self.issued_at + self.expires_in

    def is_revoked(self) -> bool:
        return self.revoked

    def get_user(self) -> str | None:
        return self.user


@dataclass
class Client(ClientMixin):
    """A registered client. No secret means a public client (a browser or mobile app)."""

    client_id: str
    client_secret: str | None
    redirect_uris: tuple[str, ...] = ()
    grant_types: tuple[str, ...] = ()
    scope: str = ""

    def get_client_id(self) -> str:
        return self.client_id

    def get_default_redirect_uri(self) -> str | None:
        return self.redirect_uris[0] if self.redirect_uris else None

    def get_allowed_scope(self, scope: str | None) -> str:
        allowed = set(scope_to_list(self.scope))
        return list_to_scope([s for s in scope_to_list(scope) or [] if s in allowed])

    def check_redirect_uri(self, redirect_uri: str) -> bool:
        # Exact match only: prefix matching lets https://app.example/cb.evil.com through.
        return redirect_uri in self.redirect_uris

    def check_client_secret(self, client_secret: str) -> bool:
        if self.client_secret is None:
            return False
        return hmac.compare_digest(self.client_secret.encode(), client_secret.encode())

    def check_endpoint_auth_method(self, method: str, endpoint: str) -> bool:
        if self.client_secret is None:
            return method == "none"
        return method in ("client_secret_basic", "client_secret_post")

    def check_response_type(self, response_type: str) -> bool:
        return response_type == "code" and "authorization_code" in self.grant_types

    def check_grant_type(self, grant_type: str) -> bool:
        return grant_type in self.grant_types


class S256CodeChallenge(CodeChallenge):
    """PKCE on every authorization request, and only with S256."""

    SUPPORTED_CODE_CHALLENGE_METHOD = ["S256"]

    def validate_code_challenge(self, grant, redirect_uri):
        payload = grant.request.payload.data
        if not payload.get("code_challenge"):
            raise InvalidRequestError("code_challenge is required (PKCE)")
        if payload.get("code_challenge_method") != "S256":
            raise InvalidRequestError("code_challenge_method must be S256")
        super().validate_code_challenge(grant, redirect_uri)


class AuthorizationCodeGrant(grants.AuthorizationCodeGrant):
    # "none": public clients prove themselves with the PKCE verifier instead of a secret.
    TOKEN_ENDPOINT_AUTH_METHODS = ["client_secret_basic", "client_secret_post", "none"]

    def save_authorization_code(self, code: str, request) -> None:
        codes = current_app.extensions["oauth_codes"]
        codes[code] = AuthorizationCode(
            code=code,
            client_id=request.client.get_client_id(),
            redirect_uri=request.payload.redirect_uri or request.client.get_default_redirect_uri(),
            scope=request.scope,
            user=request.user,
            code_challenge=request.payload.data["code_challenge"],
            code_challenge_method=request.payload.data["code_challenge_method"],
            expires_at=time.time() + CODE_TTL,
        )

    def query_authorization_code(self, code: str, client: ClientMixin):
        found = current_app.extensions["oauth_codes"].get(code)
        if found and found.client_id == client.get_client_id() and found.expires_at > time.time():
            return found
        return None

    def delete_authorization_code(self, authorization_code: AuthorizationCode) -> None:
        current_app.extensions["oauth_codes"].pop(authorization_code.code, None)

    def authenticate_user(self, authorization_code: AuthorizationCode) -> str:
        return authorization_code.user


class TokenValidator(BearerTokenValidator):
    def authenticate_token(self, token_string: str) -> Token | None:
        return current_app.extensions["oauth_tokens"].get(token_string)


def create_oauth_app(
    *, clients: Iterable[Client], users: Mapping[str, str], secret_key: str | None = None
) -> Flask:
    """Build an authorization server and a small protected API around it."""
    app = Flask(__name__)
    app.config.update(
        SECRET_KEY=secret_key or secrets.token_hex(32),
        OAUTH2_SCOPES_SUPPORTED=list(SCOPES),
        OAUTH2_TOKEN_EXPIRES_IN={"authorization_code": TOKEN_TTL, "client_credentials": TOKEN_TTL},
    )
    registry = {client.client_id: client for client in clients}
    app.extensions["oauth_codes"] = {}
    app.extensions["oauth_tokens"] = tokens = {}

    def save_token(token: dict, req) -> None:
        tokens[token["access_token"]] = Token(
            access_token=token["access_token"],
            client_id=req.client.get_client_id(),
            scope=token.get("scope", ""),
            user=req.user,
            expires_in=token["expires_in"],
        )

    server = AuthorizationServer(app, query_client=registry.get, save_token=save_token)
    server.register_grant(AuthorizationCodeGrant, [S256CodeChallenge(required=True)])
    server.register_grant(grants.ClientCredentialsGrant)
    require_oauth = ResourceProtector()
    require_oauth.register_token_validator(TokenValidator())

    @app.post("/login")
    def login():
        username = request.form.get("username", "")
        expected = users.get(username)
        password = request.form.get("password", "")
        if expected is None or not hmac.compare_digest(expected.encode(), password.encode()):
            return jsonify(error="invalid_credentials"), 401
        session["user"] = username
        return "", 204

    @app.route("/oauth/authorize", methods=["GET", "POST"])
    def authorize():
        user = session.get("user")
        if user is None:
            return jsonify(error="login_required"), 401
        try:
            grant = server.get_consent_grant(end_user=user)
        except OAuth2Error as error:
            return server.handle_error_response(request, error)
        if request.method == "GET":  # what a consent page would show
            return jsonify(client_id=grant.client.get_client_id(), scope=grant.request.scope)
        approved = request.form.get("confirm") == "yes"
        grant_user = user if approved else None  # None: the user said no
        return server.create_authorization_response(grant_user=grant_user, grant=grant)

    @app.post("/oauth/token")
    def issue_token():
        return server.create_token_response()

    @app.get("/api/me")
    @require_oauth("profile")
    def me():
        return jsonify(user=current_token.user, client_id=current_token.client_id)

    @app.get("/api/reports")
    @require_oauth("reports:read")
    def reports():
        return jsonify(reports=["Q3 sales"], client_id=current_token.client_id)

    return app
