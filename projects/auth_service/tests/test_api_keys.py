"""API keys: shown once, stored as a digest, scoped, revocable, last use recorded."""

from __future__ import annotations

from collections.abc import Callable

import jwt
import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from projects.auth_service.models import ApiKey, User, db
from projects.auth_service.services.credentials import digest
from projects.core.testing import api_client

from .conftest import bearer, login


@pytest.fixture
def ann(app: Flask, client: FlaskClient, make_user: Callable[..., User]) -> FlaskClient:
    """Return a client logged in as ann@example.com."""
    make_user("ann@example.com")
    return bearer(app, login(client, "ann@example.com")["access_token"])


def create_key(user_client: FlaskClient, scopes: list[str], **extra: object) -> dict:
    """Create a key and return the answer."""
    response = user_client.post("/api/api-keys", json={"name": "script", "scopes": scopes, **extra})
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def exchange(app: Flask, key: str):
    """Trade a key for an access token."""
    return api_client(app).post("/api/api-keys/token", headers={"X-API-Key": key})


def test_a_key_is_shown_once_and_stored_as_a_digest(app: Flask, ann: FlaskClient) -> None:
    """The answer has the key; the list and the database never do."""
    created = create_key(ann, ["profile"])
    key = created["key"]
    assert key.startswith(f"ak_{created['prefix']}_")
    listed = ann.get("/api/api-keys").get_json()
    assert [k["id"] for k in listed] == [created["id"]] and "key" not in listed[0]
    with app.app_context():
        row = db.session.scalar(select(ApiKey))
        assert row.key_hash == digest(key)
        assert key not in (row.key_hash, row.prefix, row.name)


def test_a_key_buys_a_token_limited_to_its_scopes(app: Flask, ann: FlaskClient) -> None:
    """The token carries the scopes: profile reads me, but cannot manage keys or sessions."""
    key = create_key(ann, ["profile"])["key"]
    response = exchange(app, key)
    assert response.status_code == 200
    token = response.get_json()["access_token"]
    claims = jwt.decode(token, options={"verify_signature": False})
    assert (claims["scope"], claims["akid"]) == ("profile", 1)
    scripted = bearer(app, token)
    assert scripted.get("/api/auth/me").status_code == 200
    assert scripted.put("/api/users/1", json={"full_name": "X"}).status_code == 403
    assert scripted.get("/api/api-keys").status_code == 403
    assert scripted.get("/api/auth/sessions").status_code == 403


def test_an_admin_key_needs_the_admin_scope(app: Flask, admin: FlaskClient) -> None:
    """An admin's key reads the user list only with users:read."""
    without = bearer(
        app, exchange(app, create_key(admin, ["profile"])["key"]).get_json()["access_token"]
    )
    assert without.get("/api/users/").status_code == 403
    with_scope = bearer(
        app, exchange(app, create_key(admin, ["users:read"])["key"]).get_json()["access_token"]
    )
    assert with_scope.get("/api/users/").status_code == 200


def test_using_a_key_records_when(app: Flask, ann: FlaskClient) -> None:
    """last_used_at is empty until the key is used."""
    key = create_key(ann, ["profile"])["key"]
    assert ann.get("/api/api-keys").get_json()[0]["last_used_at"] is None
    exchange(app, key)
    assert ann.get("/api/api-keys").get_json()[0]["last_used_at"] is not None


def test_a_revoked_key_stops_working(app: Flask, ann: FlaskClient) -> None:
    """After DELETE the key cannot buy tokens; revoking is idempotent for the owner only."""
    created = create_key(ann, ["profile"])
    revoked = ann.delete(f"/api/api-keys/{created['id']}")
    assert revoked.status_code == 200 and revoked.get_json()["revoked_at"] is not None
    assert exchange(app, created["key"]).status_code == 401
    assert ann.delete("/api/api-keys/999").status_code == 404


@pytest.mark.parametrize(
    "presented",
    ["", "garbage", "ak_deadbeef_nope", "xx_deadbeef_nope", "ak_" + "a" * 300],
)
def test_bad_keys_are_401(app: Flask, ann: FlaskClient, presented: str) -> None:
    """Unknown, malformed and overlong keys are refused alike."""
    create_key(ann, ["profile"])
    assert exchange(app, presented).status_code == 401


def test_a_tampered_key_with_a_real_prefix_is_refused(app: Flask, ann: FlaskClient) -> None:
    """The secret part is checked, not just the prefix."""
    key = create_key(ann, ["profile"])["key"]
    assert exchange(app, key[:-2] + ("AA" if not key.endswith("AA") else "BB")).status_code == 401


@pytest.mark.parametrize(
    "body",
    [
        {"name": "", "scopes": ["profile"]},
        {"name": "x", "scopes": ["root"]},
        {"name": "x"},
        {"name": "x", "scopes": ["profile"], "expires_in_days": 0},
    ],
)
def test_invalid_key_requests_are_400(ann: FlaskClient, body: dict) -> None:
    """Name, known scopes and expiry are validated."""
    assert ann.post("/api/api-keys", json=body).status_code == 400


def test_keys_of_a_deleted_user_stop_working(app: Flask, ann: FlaskClient) -> None:
    """Deleting the account revokes its keys."""
    key = create_key(ann, ["profile"])["key"]
    assert ann.delete("/api/users/1").status_code == 204
    assert exchange(app, key).status_code == 401
