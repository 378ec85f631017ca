"""The OAuth2 server end to end: authorization code with PKCE (S256), client credentials."""

from __future__ import annotations

import base64
import secrets
from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from authlib.oauth2.rfc7636 import create_s256_code_challenge
from flask import Flask
from flask.testing import FlaskClient

from projects.auth_service.models import User
from projects.core import TokenVerifier

from .conftest import bearer, login

REDIRECT = "http://127.0.0.1:8765/callback"


def register_client(admin: FlaskClient, **overrides: Any) -> dict[str, Any]:
    """Register a client as an administrator and return the answer (with its secret)."""
    body = {
        "name": "Reports app",
        "redirect_uris": [REDIRECT],
        "grant_types": ["authorization_code"],
        "scope": "profile users:read",
        "public": True,
        **overrides,
    }
    response = admin.post("/api/oauth/clients", json=body)
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def verifier_and_challenge() -> tuple[str, str]:
    """Return a PKCE code_verifier and its S256 code_challenge."""
    verifier = secrets.token_urlsafe(48)
    return verifier, create_s256_code_challenge(verifier)


def authorize_url(client_id: str, challenge: str | None, **extra: str) -> str:
    """Return the /oauth/authorize URL a client would send the browser to."""
    query = {
        "response_type": "code",
        "client_id": client_id,
        "redirect_uri": REDIRECT,
        "scope": "profile",
        "state": "st4te",
        **extra,
    }
    if challenge is not None:
        query |= {"code_challenge": challenge, "code_challenge_method": "S256"}
    return f"/oauth/authorize?{urlencode(query)}"


def jwks_verifier(app: Flask) -> TokenVerifier:
    """Return a verifier that knows only what the service publishes."""
    settings = app.config["SETTINGS"]
    jwks = app.test_client().get("/.well-known/jwks.json").get_json()
    return TokenVerifier(issuer=settings.jwt_issuer, audience=settings.jwt_audience, jwks=jwks)


@pytest.fixture
def ann(app: Flask, client: FlaskClient, make_user: Callable[..., User]) -> FlaskClient:
    """Return a client logged in as ann@example.com."""
    make_user("ann@example.com")
    return bearer(app, login(client, "ann@example.com")["access_token"])


def get_code(ann: FlaskClient, client_id: str, challenge: str) -> str:
    """Walk the consent step and return the authorization code."""
    url = authorize_url(client_id, challenge)
    consent = ann.get(url)
    assert consent.status_code == 200, consent.get_json()
    decision = ann.post(url, json={"approve": True})
    assert decision.status_code == 200, decision.get_json()
    location = urlsplit(decision.get_json()["redirect_to"])
    query = parse_qs(location.query)
    assert f"{location.scheme}://{location.netloc}{location.path}" == REDIRECT
    assert query["state"] == ["st4te"]
    return query["code"][0]


def test_authorization_code_with_pkce_end_to_end(
    app: Flask, client: FlaskClient, admin: FlaskClient, ann: FlaskClient
) -> None:
    """Consent, code, token: an RS256 JWT for the user with the granted scope."""
    registered = register_client(admin)
    verifier, challenge = verifier_and_challenge()
    consent = ann.get(authorize_url(registered["client_id"], challenge)).get_json()
    assert consent["client_name"] == "Reports app"
    assert consent["scopes"] == {"profile": "Read your own account"}
    code = get_code(ann, registered["client_id"], challenge)
    response = client.post(
        "/oauth/token",
        data={
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": REDIRECT,
            "client_id": registered["client_id"],
            "code_verifier": verifier,
        },
    )
    assert response.status_code == 200, response.get_json()
    token = response.get_json()
    assert (token["token_type"], token["scope"]) == ("Bearer", "profile")
    assert "refresh_token" not in token
    claims = jwks_verifier(app).verify(token["access_token"])
    assert (claims["sub"], claims["scope"], claims["client_id"]) == (
        "2",
        "profile",
        registered["client_id"],
    )
    delegated = bearer(app, token["access_token"])
    assert delegated.get("/api/auth/me").status_code == 200
    assert delegated.get("/api/auth/sessions").status_code == 403  # not a login token


def test_a_wrong_verifier_is_refused(
    app: Flask, client: FlaskClient, admin: FlaskClient, ann: FlaskClient
) -> None:
    """The code is worthless without the verifier that matches its challenge."""
    registered = register_client(admin)
    _, challenge = verifier_and_challenge()
    code = get_code(ann, registered["client_id"], challenge)
    other_verifier, _ = verifier_and_challenge()
    response = client.post(
        "/oauth/token",
        data={
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": REDIRECT,
            "client_id": registered["client_id"],
            "code_verifier": other_verifier,
        },
    )
    assert response.status_code == 400
    assert response.get_json()["error"] == "invalid_grant"


@pytest.mark.parametrize("method", [None, "plain"])
def test_pkce_with_s256_is_required(
    admin: FlaskClient, ann: FlaskClient, method: str | None
) -> None:
    """No challenge, or the plain method, is refused at the authorization step."""
    registered = register_client(admin)
    verifier, _ = verifier_and_challenge()
    extra = {} if method is None else {"code_challenge": verifier, "code_challenge_method": method}
    response = ann.get(authorize_url(registered["client_id"], None, **extra))
    assert response.status_code == 400
    assert response.get_json()["error"]["details"] == {"error": "invalid_request"}


@pytest.mark.parametrize(
    ("changes", "error"),
    [
        ({"client_id": "nobody"}, "invalid_client"),
        ({"redirect_uri": "https://evil.example/cb"}, "invalid_request"),
        ({"response_type": "token"}, "unsupported_response_type"),
        ({"response_type": "cödé"}, "unsupported_response_type"),
    ],
)
def test_invalid_authorization_requests(
    admin: FlaskClient, ann: FlaskClient, changes: dict[str, str], error: str
) -> None:
    """Unknown clients, unregistered redirect URIs and other response types are refused."""
    registered = register_client(admin)
    _, challenge = verifier_and_challenge()
    query = {"client_id": registered["client_id"], **changes}
    url = authorize_url(query.pop("client_id"), challenge, **query)
    response = ann.get(url)
    assert response.status_code == 400
    assert response.get_json()["error"]["details"]["error"] == error


def test_denying_redirects_with_access_denied(admin: FlaskClient, ann: FlaskClient) -> None:
    """A user who says no sends the browser back with error=access_denied."""
    registered = register_client(admin)
    _, challenge = verifier_and_challenge()
    url = authorize_url(registered["client_id"], challenge)
    target = ann.post(url, json={"approve": False}).get_json()["redirect_to"]
    query = parse_qs(urlsplit(target).query)
    assert (query["error"], query["state"]) == (["access_denied"], ["st4te"])
    assert "code" not in query


def test_a_replayed_code_is_refused_and_revokes_its_token(
    app: Flask, client: FlaskClient, admin: FlaskClient, ann: FlaskClient
) -> None:
    """A code works once; a second use also revokes the token the first one bought."""
    registered = register_client(admin)
    verifier, challenge = verifier_and_challenge()
    code = get_code(ann, registered["client_id"], challenge)
    form = {
        "grant_type": "authorization_code",
        "code": code,
        "redirect_uri": REDIRECT,
        "client_id": registered["client_id"],
        "code_verifier": verifier,
    }
    first = client.post("/oauth/token", data=form)
    assert bearer(app, first.get_json()["access_token"]).get("/api/auth/me").status_code == 200
    second = client.post("/oauth/token", data=form)
    assert (second.status_code, second.get_json()["error"]) == (400, "invalid_grant")
    assert bearer(app, first.get_json()["access_token"]).get("/api/auth/me").status_code == 401


def basic(client_id: str, secret: str) -> dict[str, str]:
    """Return an HTTP Basic header for client authentication."""
    raw = base64.b64encode(f"{client_id}:{secret}".encode()).decode()
    return {"Authorization": f"Basic {raw}"}


def test_client_credentials_end_to_end(app: Flask, client: FlaskClient, admin: FlaskClient) -> None:
    """A confidential client gets a token for itself, with its registered scopes."""
    registered = register_client(
        admin,
        grant_types=["client_credentials"],
        redirect_uris=[],
        public=False,
        scope="users:read",
    )
    assert registered["client_secret"]
    response = client.post(
        "/oauth/token",
        data={"grant_type": "client_credentials"},
        headers=basic(registered["client_id"], registered["client_secret"]),
    )
    assert response.status_code == 200, response.get_json()
    claims = jwks_verifier(app).verify(response.get_json()["access_token"])
    assert claims["sub"] == f"client:{registered['client_id']}"
    assert (claims["scope"], claims["roles"]) == ("users:read", [])


@pytest.mark.parametrize(
    ("scope", "status"), [("audit:read", 400), ("profile audit:read", 400), ("profile", 200)]
)
def test_client_credentials_get_only_registered_scopes(
    client: FlaskClient, admin: FlaskClient, scope: str, status: int
) -> None:
    """Asking for a scope the client was not registered for is invalid_scope."""
    registered = register_client(
        admin, grant_types=["client_credentials"], redirect_uris=[], public=False, scope="profile"
    )
    response = client.post(
        "/oauth/token",
        data={"grant_type": "client_credentials", "scope": scope},
        headers=basic(registered["client_id"], registered["client_secret"]),
    )
    assert response.status_code == status
    if status == 400:
        assert response.get_json()["error"] == "invalid_scope"


@pytest.mark.parametrize("secret", ["wrong", ""])
def test_client_credentials_need_the_right_secret(
    client: FlaskClient, admin: FlaskClient, secret: str
) -> None:
    """A wrong secret is invalid_client (401)."""
    registered = register_client(
        admin, grant_types=["client_credentials"], redirect_uris=[], public=False
    )
    response = client.post(
        "/oauth/token",
        data={"grant_type": "client_credentials"},
        headers=basic(registered["client_id"], secret),
    )
    assert response.status_code == 401
    assert response.get_json()["error"] == "invalid_client"


def test_a_revoked_client_gets_no_tokens(client: FlaskClient, admin: FlaskClient) -> None:
    """After DELETE the client cannot authenticate."""
    registered = register_client(
        admin, grant_types=["client_credentials"], redirect_uris=[], public=False
    )
    assert admin.delete(f"/api/oauth/clients/{registered['client_id']}").status_code == 204
    response = client.post(
        "/oauth/token",
        data={"grant_type": "client_credentials"},
        headers=basic(registered["client_id"], registered["client_secret"]),
    )
    assert response.status_code == 401


@pytest.mark.parametrize(
    "changes",
    [
        {"grant_types": ["password"]},
        {"grant_types": ["client_credentials"], "public": True},
        {"redirect_uris": []},
        {"redirect_uris": ["http://example.com/cb"]},
        {"redirect_uris": ["https://example.com/cb#frag"]},
        {"scope": "everything"},
    ],
)
def test_invalid_client_registrations(admin: FlaskClient, changes: dict[str, Any]) -> None:
    """Grant types, redirect URIs and scopes are checked at registration."""
    body = {
        "name": "App",
        "redirect_uris": [REDIRECT],
        "grant_types": ["authorization_code"],
        "scope": "profile",
        "public": True,
        **changes,
    }
    assert admin.post("/api/oauth/clients", json=body).status_code == 400


def test_only_admins_manage_clients(ann: FlaskClient) -> None:
    """Users cannot register or list clients."""
    assert ann.get("/api/oauth/clients").status_code == 403
    body = {"name": "App", "redirect_uris": [REDIRECT], "grant_types": ["authorization_code"]}
    assert ann.post("/api/oauth/clients", json=body).status_code == 403


def test_metadata_describes_the_server(client: FlaskClient) -> None:
    """RFC 8414 metadata names the endpoints, the JWKS and S256."""
    body = client.get("/.well-known/oauth-authorization-server").get_json()
    assert body["token_endpoint"] == "http://localhost/oauth/token"
    assert body["code_challenge_methods_supported"] == ["S256"]
    assert body["grant_types_supported"] == ["authorization_code", "client_credentials"]
