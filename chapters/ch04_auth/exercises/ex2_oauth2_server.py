"""Exercise 2 — an OAuth2 server: authorization code with PKCE, and client credentials.

Built on Authlib: authlib.integrations.flask_oauth2.AuthorizationServer and its grants.
AuthorizationCode and Token below are given; you write the rest.

Check your work with: nox -s chapter04 -- ex2
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from authlib.oauth2.rfc6749 import AuthorizationCodeMixin, ClientMixin, TokenMixin, grants
from authlib.oauth2.rfc6750 import BearerTokenValidator
from authlib.oauth2.rfc7636 import CodeChallenge
from flask import Flask

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
    """A registered client. No secret means a public client (a browser or mobile app).

    1. check_redirect_uri: an exact match against redirect_uris (never a prefix).
       check_client_secret: hmac.compare_digest; a public client never matches.
       check_endpoint_auth_method: public clients only "none"; confidential ones
       "client_secret_basic" or "client_secret_post". get_allowed_scope keeps the
       requested scopes this client is registered for (scope_to_list/list_to_scope).
       check_grant_type follows grant_types; check_response_type accepts "code" when
       "authorization_code" is granted. get_default_redirect_uri: the first URI.
    """

    client_id: str
    client_secret: str | None
    redirect_uris: tuple[str, ...] = ()
    grant_types: tuple[str, ...] = ()
    scope: str = ""

    def get_client_id(self) -> str:
        raise NotImplementedError("Exercise 2 (Client.get_client_id) is not done yet")

    def get_default_redirect_uri(self) -> str | None:
        raise NotImplementedError("Exercise 2 (Client.get_default_redirect_uri) is not done yet")

    def get_allowed_scope(self, scope: str | None) -> str:
        raise NotImplementedError("Exercise 2 (Client.get_allowed_scope) is not done yet")

    def check_redirect_uri(self, redirect_uri: str) -> bool:
        raise NotImplementedError("Exercise 2 (Client.check_redirect_uri) is not done yet")

    def check_client_secret(self, client_secret: str) -> bool:
        raise NotImplementedError("Exercise 2 (Client.check_client_secret) is not done yet")

    def check_endpoint_auth_method(self, method: str, endpoint: str) -> bool:
        raise NotImplementedError("Exercise 2 (Client.check_endpoint_auth_method) is not done yet")

    def check_response_type(self, response_type: str) -> bool:
        raise NotImplementedError("Exercise 2 (Client.check_response_type) is not done yet")

    def check_grant_type(self, grant_type: str) -> bool:
        raise NotImplementedError("Exercise 2 (Client.check_grant_type) is not done yet")


class S256CodeChallenge(CodeChallenge):
    """PKCE on every authorization request, and only with S256.

    2. validate_code_challenge raises authlib's InvalidRequestError when the request
       has no code_challenge, or a code_challenge_method other than "S256"; then it
       lets CodeChallenge check the rest.
    """

    def validate_code_challenge(self, grant, redirect_uri):
        raise NotImplementedError("Exercise 2 (S256CodeChallenge) is not done yet")


class AuthorizationCodeGrant(grants.AuthorizationCodeGrant):
    """The code grant, storing codes in current_app.extensions["oauth_codes"].

    3. Allow "none" in TOKEN_ENDPOINT_AUTH_METHODS (public clients prove themselves
       with the PKCE verifier). save_authorization_code stores an AuthorizationCode
       (client, redirect URI, request.scope, user, code_challenge and its method,
       expires_at = now + CODE_TTL); query_authorization_code returns only an
       unexpired code of the asking client; delete_authorization_code removes it
       (codes are single-use); authenticate_user returns the code's user.
    """

    def save_authorization_code(self, code: str, request) -> None:
        raise NotImplementedError("Exercise 2 (save_authorization_code) is not done yet")

    def query_authorization_code(self, code: str, client: ClientMixin):
        raise NotImplementedError("Exercise 2 (query_authorization_code) is not done yet")

    def delete_authorization_code(self, authorization_code: AuthorizationCode) -> None:
        raise NotImplementedError("Exercise 2 (delete_authorization_code) is not done yet")

    def authenticate_user(self, authorization_code: AuthorizationCode) -> str:
        raise NotImplementedError("Exercise 2 (authenticate_user) is not done yet")


class TokenValidator(BearerTokenValidator):
    """4. authenticate_token finds a stored Token by its access_token string."""

    def authenticate_token(self, token_string: str) -> Token | None:
        raise NotImplementedError("Exercise 2 (TokenValidator) is not done yet")


def create_oauth_app(
    *, clients: Iterable[Client], users: Mapping[str, str], secret_key: str | None = None
) -> Flask:
    """Build an authorization server and a small protected API around it.

    5. Configure OAUTH2_SCOPES_SUPPORTED (SCOPES) and OAUTH2_TOKEN_EXPIRES_IN
       (TOKEN_TTL for both grants), a session key, and an AuthorizationServer whose
       save_token stores a Token. Register AuthorizationCodeGrant with
       [S256CodeChallenge(required=True)] and grants.ClientCredentialsGrant. Routes:
       POST /login (form username, password; compare_digest; session["user"]; 401
       on a mismatch); GET and POST /oauth/authorize (401 without a session user;
       server.get_consent_grant(end_user=user), OAuth2Error -> handle_error_response;
       GET answers {"client_id", "scope"}; POST answers
       create_authorization_response(grant_user=user if form confirm == "yes" else
       None, grant=grant)); POST /oauth/token; and, behind a ResourceProtector with
       your TokenValidator, GET /api/me (scope "profile": {"user", "client_id"}) and
       GET /api/reports (scope "reports:read").
    """
    raise NotImplementedError("Exercise 2 (create_oauth_app) is not done yet")
