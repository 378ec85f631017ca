"""The JWKS: it publishes the signing key, and a verifier built only from it trusts our tokens."""

from __future__ import annotations

from collections.abc import Callable

import jwt
import pytest
from flask import Flask
from flask.testing import FlaskClient

from projects.auth_service.api import create_app
from projects.auth_service.models import User
from projects.auth_service.settings import AuthSettings
from projects.core import KeyPair, TokenIssuer, TokenVerifier, Unauthorized, generate_key_pair
from testing.api.live import serving

from .conftest import login


def test_the_jwks_publishes_the_signing_key(
    app: Flask, client: FlaskClient, make_user: Callable[..., User]
) -> None:
    """The set holds the public RSA key whose kid the tokens carry, and nothing private."""
    make_user("ann@example.com")
    response = client.get("/.well-known/jwks.json")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "public, max-age=300"
    keys = response.get_json()["keys"]
    token = login(client, "ann@example.com")["access_token"]
    kid = jwt.get_unverified_header(token)["kid"]
    assert [key["kid"] for key in keys] == [kid]
    assert (keys[0]["kty"], keys[0]["alg"], keys[0]["use"]) == ("RSA", "RS256", "sig")
    assert not {"d", "p", "q", "dp", "dq", "qi"} & keys[0].keys()


def test_a_verifier_built_only_from_the_jwks_accepts_our_tokens(
    app: Flask, client: FlaskClient, make_user: Callable[..., User]
) -> None:
    """Another service, knowing only the published set, verifies access tokens."""
    make_user("ann@example.com")
    settings = app.config["SETTINGS"]
    verifier = TokenVerifier(
        issuer=settings.jwt_issuer,
        audience=settings.jwt_audience,
        jwks=client.get("/.well-known/jwks.json").get_json(),
    )
    token = login(client, "ann@example.com")["access_token"]
    assert verifier.verify(token)["sub"] == "1"


@pytest.mark.slow
def test_a_verifier_fetching_the_jwks_url_accepts_our_tokens(
    app: Flask, client: FlaskClient, make_user: Callable[..., User]
) -> None:
    """Over real HTTP, as other services do with JWT_JWKS_URL."""
    make_user("ann@example.com")
    settings = app.config["SETTINGS"]
    with serving(app) as base_url:
        verifier = TokenVerifier(
            issuer=settings.jwt_issuer,
            audience=settings.jwt_audience,
            jwks_url=f"{base_url}/.well-known/jwks.json",
        )
        token = login(client, "ann@example.com")["access_token"]
        assert verifier.verify(token)["sub"] == "1"


def test_a_token_signed_with_another_key_is_refused(client: FlaskClient) -> None:
    """The published set does not vouch for a key it does not hold."""
    stranger = TokenIssuer(generate_key_pair().private_pem, issuer="x", audience="y")
    verifier = TokenVerifier(
        issuer="x", audience="y", jwks=client.get("/.well-known/jwks.json").get_json()
    )
    with pytest.raises(Unauthorized):
        verifier.verify(stranger.issue("1"))


def test_each_key_is_published_once(
    settings_factory: Callable[..., AuthSettings], jwt_key_pair: KeyPair
) -> None:
    """A retired-keys setting that repeats the signing key still lists every kid once."""
    app = create_app(settings_factory(AuthSettings))  # JWT_JWKS holds the signing key too
    keys = app.test_client().get("/.well-known/jwks.json").get_json()["keys"]
    assert [key["kid"] for key in keys] == [jwt_key_pair.kid]
