"""Exercise 2 — an OAuth2 server: authorization code with PKCE, and client credentials."""

from __future__ import annotations

import base64
import hashlib
import secrets
from urllib.parse import parse_qs, urlsplit

import pytest

SPA_CB = "https://spa.example/callback"
WEB_CB = "https://web.example/oauth/callback"


def basic(client_id: str, secret: str) -> dict[str, str]:
    return {"Authorization": "Basic " + base64.b64encode(f"{client_id}:{secret}".encode()).decode()}


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def pkce() -> tuple[str, str]:
    """Return a (code_verifier, S256 code_challenge) pair, as a client makes them."""
    verifier = secrets.token_urlsafe(48)
    digest = hashlib.sha256(verifier.encode("ascii")).digest()
    return verifier, base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def query_of(location: str) -> dict[str, str]:
    return {key: values[0] for key, values in parse_qs(urlsplit(location).query).items()}


@pytest.fixture
def client(exercise):
    """A logged-in browser of alice's, talking to a server with three registered clients."""
    app = exercise.create_oauth_app(
        clients=[
            exercise.Client(
                "spa", None, (SPA_CB,), ("authorization_code",), "profile reports:read"
            ),
            exercise.Client("web", "web-secret", (WEB_CB,), ("authorization_code",), "profile"),
            exercise.Client("svc", "svc-secret", (), ("client_credentials",), "reports:read"),
        ],
        users={"alice": "wonderland"},
    )
    browser = app.test_client()
    assert browser.post("/login", data={"username": "alice", "password": "wonderland"}).status_code
    return browser


def authorize(client, challenge: str, **overrides) -> dict[str, str]:
    """Return the query of an authorization request for the public client."""
    return {
        "response_type": "code",
        "client_id": "spa",
        "redirect_uri": SPA_CB,
        "scope": "profile",
        "state": "af0ifjsldkj",
        "code_challenge": challenge,
        "code_challenge_method": "S256",
    } | overrides


def get_code(client, query: dict[str, str]) -> str:
    """Approve the request and return the code from the redirect."""
    response = client.post("/oauth/authorize", query_string=query, data={"confirm": "yes"})
    assert response.status_code == 302, response.get_data(as_text=True)
    return query_of(response.headers["Location"])["code"]


def test_login_is_required_before_authorizing(exercise) -> None:
    """Without a logged-in user the authorization endpoint answers 401."""
    app = exercise.create_oauth_app(clients=[], users={"alice": "wonderland"})
    browser = app.test_client()
    assert browser.get("/oauth/authorize").status_code == 401
    wrong = browser.post("/login", data={"username": "alice", "password": "nope"})
    assert wrong.status_code == 401


def test_the_consent_request_is_described(client) -> None:
    """GET /oauth/authorize validates the request and names the client and scope."""
    _, challenge = pkce()
    response = client.get("/oauth/authorize", query_string=authorize(client, challenge))
    assert (response.status_code, response.get_json()) == (
        200,
        {"client_id": "spa", "scope": "profile"},
    )


def test_the_full_code_flow_with_pkce(client) -> None:
    """Approve, get a code with the state, exchange it with the verifier, call the API."""
    verifier, challenge = pkce()
    query = authorize(client, challenge)
    approved = client.post("/oauth/authorize", query_string=query, data={"confirm": "yes"})
    redirect = query_of(approved.headers["Location"])
    assert approved.headers["Location"].startswith(SPA_CB + "?")
    assert redirect["state"] == "af0ifjsldkj"
    response = client.post(
        "/oauth/token",
        data={
            "grant_type": "authorization_code",
            "code": redirect["code"],
            "redirect_uri": SPA_CB,
            "client_id": "spa",
            "code_verifier": verifier,
        },
    )
    token = response.get_json()
    assert (response.status_code, token["token_type"], token["scope"]) == (200, "Bearer", "profile")
    assert response.headers["Cache-Control"] == "no-store"
    me = client.get("/api/me", headers=bearer(token["access_token"]))
    assert (me.status_code, me.get_json()) == (200, {"user": "alice", "client_id": "spa"})


def test_a_confidential_client_authenticates_and_still_uses_pkce(client) -> None:
    """The web client sends its secret with HTTP Basic, and its verifier."""
    verifier, challenge = pkce()
    query = authorize(client, challenge, client_id="web", redirect_uri=WEB_CB)
    code = get_code(client, query)
    data = {"grant_type": "authorization_code", "code": code, "redirect_uri": WEB_CB}
    response = client.post(
        "/oauth/token", data=data | {"code_verifier": verifier}, headers=basic("web", "web-secret")
    )
    assert response.status_code == 200


def exchange(client, code: str, verifier: str):
    return client.post(
        "/oauth/token",
        data={
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": SPA_CB,
            "client_id": "spa",
            "code_verifier": verifier,
        },
    )


def test_a_code_works_only_once(client) -> None:
    """Replaying an authorization code is refused with invalid_grant."""
    verifier, challenge = pkce()
    code = get_code(client, authorize(client, challenge))
    assert exchange(client, code, verifier).status_code == 200
    replay = exchange(client, code, verifier)
    assert (replay.status_code, replay.get_json()["error"]) == (400, "invalid_grant")


def test_the_wrong_verifier_is_refused(client) -> None:
    """A stolen code is useless without the verifier that matches its challenge."""
    _, challenge = pkce()
    other_verifier, _ = pkce()
    code = get_code(client, authorize(client, challenge))
    response = exchange(client, code, other_verifier)
    assert (response.status_code, response.get_json()["error"]) == (400, "invalid_grant")


@pytest.mark.parametrize(
    "changes",
    [
        {"code_challenge_method": "plain"},
        {"code_challenge_method": None},
        {"code_challenge": None, "code_challenge_method": None},
    ],
    ids=["plain", "no-method", "no-pkce"],
)
def test_pkce_with_s256_is_mandatory(client, changes) -> None:
    """Requests without an S256 challenge go back to the client as invalid_request."""
    _, challenge = pkce()
    query = {k: v for k, v in (authorize(client, challenge) | changes).items() if v is not None}
    response = client.get("/oauth/authorize", query_string=query)
    assert response.status_code == 302
    assert query_of(response.headers["Location"])["error"] == "invalid_request"


@pytest.mark.parametrize(
    "redirect_uri",
    [
        "https://evil.example/callback",
        SPA_CB + ".evil.example",
        SPA_CB + "/../../steal",
        SPA_CB.upper(),
    ],
)
def test_unregistered_redirect_uris_get_an_error_and_no_redirect(client, redirect_uri) -> None:
    """Only exact, registered redirect URIs; never redirect anywhere else."""
    _, challenge = pkce()
    query = authorize(client, challenge, redirect_uri=redirect_uri)
    response = client.get("/oauth/authorize", query_string=query)
    assert (response.status_code, "Location" in response.headers) == (400, False)


def test_an_unknown_client_is_refused(client) -> None:
    """invalid_client, without a redirect."""
    _, challenge = pkce()
    query = authorize(client, challenge, client_id="x")
    response = client.get("/oauth/authorize", query_string=query)
    assert (response.status_code, response.get_json()["error"]) == (400, "invalid_client")


def test_an_unknown_scope_is_refused(client) -> None:
    """Scopes outside the server's list give invalid_scope."""
    _, challenge = pkce()
    query = authorize(client, challenge, scope="profile admin")
    response = client.get("/oauth/authorize", query_string=query)
    assert query_of(response.headers["Location"])["error"] == "invalid_scope"


def test_a_client_gets_only_its_registered_scopes(client) -> None:
    """The web client asked for reports:read too, but is registered for profile only."""
    verifier, challenge = pkce()
    query = authorize(client, challenge, client_id="web", redirect_uri=WEB_CB)
    consent = client.get("/oauth/authorize", query_string=query | {"scope": "profile reports:read"})
    assert consent.get_json()["scope"] == "profile"


def test_the_user_can_say_no(client) -> None:
    """Denying consent redirects back with access_denied and the state."""
    _, challenge = pkce()
    query = authorize(client, challenge)
    response = client.post("/oauth/authorize", query_string=query, data={"confirm": "no"})
    redirect = query_of(response.headers["Location"])
    assert (redirect["error"], redirect["state"]) == ("access_denied", "af0ifjsldkj")


# ---------------------------------------------------------------- client credentials
def client_token(client, secret: str = "svc-secret", **data):
    return client.post(
        "/oauth/token",
        data={"grant_type": "client_credentials"} | data,
        headers=basic("svc", secret),
    )


def test_client_credentials_give_a_service_token(client) -> None:
    """A confidential client gets a token with no user, for its own scopes."""
    response = client_token(client, scope="reports:read")
    token = response.get_json()
    assert (response.status_code, token["scope"]) == (200, "reports:read")
    reports = client.get("/api/reports", headers=bearer(token["access_token"]))
    assert (reports.status_code, reports.get_json()["client_id"]) == (200, "svc")


def test_scopes_are_enforced_on_the_api(client) -> None:
    """A reports:read token cannot read the profile: 403 insufficient_scope."""
    token = client_token(client, scope="reports:read").get_json()["access_token"]
    response = client.get("/api/me", headers=bearer(token))
    assert (response.status_code, response.get_json()["error"]) == (403, "insufficient_scope")


def test_a_wrong_client_secret_is_401(client) -> None:
    """invalid_client with 401 when the secret does not match."""
    response = client_token(client, secret="guess")
    assert (response.status_code, response.get_json()["error"]) == (401, "invalid_client")


def test_public_clients_cannot_use_client_credentials(client) -> None:
    """A client with no secret cannot obtain a token on its own."""
    data = {"grant_type": "client_credentials", "client_id": "spa"}
    response = client.post("/oauth/token", data=data)
    assert response.status_code in (400, 401)
    assert response.get_json()["error"] in ("invalid_client", "unauthorized_client")


@pytest.mark.parametrize("headers", [{}, {"Authorization": "Bearer not-issued"}])
def test_the_api_needs_a_valid_bearer_token(client, headers) -> None:
    """No token or an unknown one: 401."""
    assert client.get("/api/me", headers=headers).status_code == 401
