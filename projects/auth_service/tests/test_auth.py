"""Login, me, refresh rotation with reuse detection, and logout that revokes the token."""

from __future__ import annotations

from collections.abc import Callable

import jwt
import pytest
from flask import Flask
from flask.testing import FlaskClient

from projects.auth_service.models import User, UserSession, db
from projects.core.testing import api_client

from .conftest import PASSWORD, bearer, login


def test_login_returns_access_and_refresh_tokens(
    app: Flask, client: FlaskClient, make_user: Callable[..., User]
) -> None:
    """A right password gets an RS256 access token and a refresh token of the same session."""
    user = make_user("ann@example.com")
    body = login(client, "ANN@example.com ")  # emails are matched case-insensitively
    assert body["mfa_required"] is False
    assert (body["token_type"], body["expires_in"]) == ("Bearer", 900)
    access = jwt.decode(body["access_token"], options={"verify_signature": False})
    refresh = jwt.decode(body["refresh_token"], options={"verify_signature": False})
    assert jwt.get_unverified_header(body["access_token"])["alg"] == "RS256"
    assert (access["sub"], access["type"], access["roles"]) == (str(user.id), "access", ["user"])
    assert refresh["type"] == "refresh"
    assert access["sid"] == refresh["sid"] == body["session_id"]


@pytest.mark.parametrize(
    ("email", "password"),
    [
        ("ann@example.com", "wrong-password-1"),
        ("nobody@example.com", PASSWORD),
        ("", PASSWORD),
    ],
)
def test_wrong_credentials_get_one_answer(
    client: FlaskClient, make_user: Callable[..., User], email: str, password: str
) -> None:
    """Wrong password and unknown email are refused alike (no account enumeration)."""
    make_user("ann@example.com")
    response = client.post("/api/auth/login", json={"email": email, "password": password})
    if not email:
        assert response.status_code == 400  # min_length
        return
    assert response.status_code == 401
    assert response.get_json()["error"]["message"] == "Invalid email or password."
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


@pytest.mark.parametrize(
    "body",
    [{}, {"email": "a@b.co"}, {"password": "x"}, {"email": 1, "password": "x"}, ["a"], "x"],
)
def test_malformed_logins_are_400(client: FlaskClient, body: object) -> None:
    """Missing or mistyped fields are a validation error."""
    response = client.post("/api/auth/login", json=body)
    assert response.status_code == 400
    assert response.get_json()["error"]["code"] == "validation_error"


def test_a_body_that_is_not_json_is_415(client: FlaskClient) -> None:
    """A form or text body is refused in the one error shape."""
    response = client.post("/api/auth/login", data="email=a", content_type="text/plain")
    assert response.status_code == 415
    assert response.get_json()["error"]["status"] == 415


def test_me_returns_the_callers_account(
    app: Flask, client: FlaskClient, make_user: Callable[..., User]
) -> None:
    """/api/auth/me describes the token's user and never its password hash."""
    make_user("ann@example.com", username="ann")
    me = bearer(app, login(client, "ann@example.com")["access_token"]).get("/api/auth/me")
    assert me.status_code == 200
    assert (me.get_json()["email"], me.get_json()["username"]) == ("ann@example.com", "ann")
    assert "password_hash" not in me.get_json()


def test_me_needs_a_token(client: FlaskClient) -> None:
    """Without a token, 401 with a Bearer challenge."""
    response = client.get("/api/auth/me")
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


def test_logout_revokes_the_access_token_and_ends_the_session(
    app: Flask, client: FlaskClient, make_user: Callable[..., User]
) -> None:
    """After logout the access token is refused and the refresh token no longer works."""
    make_user("ann@example.com")
    tokens = login(client, "ann@example.com")
    user_client = bearer(app, tokens["access_token"])
    assert user_client.post("/api/auth/logout").status_code == 200
    me = user_client.get("/api/auth/me")
    assert me.status_code == 401
    assert me.get_json()["error"]["message"] == "The token has been revoked."
    refreshed = client.post("/api/auth/refresh", json={"refresh_token": tokens["refresh_token"]})
    assert refreshed.status_code == 401
    with app.app_context():
        assert db.session.get(UserSession, tokens["session_id"]).revoked_reason == "logout"


def test_revocation_is_shared_through_redis(
    app: Flask, client: FlaskClient, make_user: Callable[..., User], redis_url: str
) -> None:
    """The revoked jti lands in core's Redis list, where other services look it up."""
    import redis

    from projects.core.revocation import PREFIX

    make_user("ann@example.com")
    tokens = login(client, "ann@example.com")
    bearer(app, tokens["access_token"]).post("/api/auth/logout")
    jti = jwt.decode(tokens["access_token"], options={"verify_signature": False})["jti"]
    assert redis.Redis.from_url(redis_url).exists(PREFIX + jti) == 1


def test_refresh_rotates_both_tokens(
    app: Flask, client: FlaskClient, make_user: Callable[..., User]
) -> None:
    """A refresh answers a new pair of the same session; the new access token works."""
    make_user("ann@example.com")
    first = login(client, "ann@example.com")
    second = client.post("/api/auth/refresh", json={"refresh_token": first["refresh_token"]})
    assert second.status_code == 200
    body = second.get_json()
    assert body["session_id"] == first["session_id"]
    assert body["refresh_token"] != first["refresh_token"]
    assert bearer(app, body["access_token"]).get("/api/auth/me").status_code == 200
    third = client.post("/api/auth/refresh", json={"refresh_token": body["refresh_token"]})
    assert third.status_code == 200


def test_reusing_a_refresh_token_ends_the_whole_family(
    app: Flask, client: FlaskClient, make_user: Callable[..., User]
) -> None:
    """An old refresh token, presented again, ends the session: the newest tokens die too."""
    make_user("ann@example.com")
    first = login(client, "ann@example.com")
    second = client.post("/api/auth/refresh", json={"refresh_token": first["refresh_token"]})
    newest = second.get_json()
    reuse = client.post("/api/auth/refresh", json={"refresh_token": first["refresh_token"]})
    assert reuse.status_code == 401
    assert "already used" in reuse.get_json()["error"]["message"]
    # The legitimate holder's newest pair is gone as well: the family is revoked.
    again = client.post("/api/auth/refresh", json={"refresh_token": newest["refresh_token"]})
    assert again.status_code == 401
    assert bearer(app, newest["access_token"]).get("/api/auth/me").status_code == 401
    with app.app_context():
        session = db.session.get(UserSession, first["session_id"])
        assert session.revoked_reason == "refresh_token_reuse"


@pytest.mark.parametrize("kind", ["access", "garbage", "foreign"])
def test_refresh_refuses_what_is_not_a_refresh_token(
    app: Flask,
    client: FlaskClient,
    make_user: Callable[..., User],
    token_for: Callable[..., str],
    kind: str,
) -> None:
    """An access token, junk, or a refresh token without a session cannot refresh."""
    make_user("ann@example.com")
    tokens = login(client, "ann@example.com")
    presented = {
        "access": tokens["access_token"],
        "garbage": "not.a.token",
        "foreign": token_for("1", token_type="refresh"),
    }[kind]
    response = client.post("/api/auth/refresh", json={"refresh_token": presented})
    assert response.status_code == 401


def test_a_disabled_account_cannot_log_in(
    app: Flask, client: FlaskClient, make_user: Callable[..., User]
) -> None:
    """A disabled account with the right password gets 403."""
    user = make_user("ann@example.com")
    with app.app_context():
        db.session.get(User, user.id).is_active = False
        db.session.commit()
    response = client.post("/api/auth/login", json={"email": user.email, "password": PASSWORD})
    assert response.status_code == 403


def test_login_works_in_sqlite_without_redis(light_app: Flask) -> None:
    """The development defaults (SQLite, no Redis) run the whole login cycle."""
    client = api_client(light_app)
    created = client.post(
        "/api/users/register",
        json={"email": "bo@example.com", "username": "bob", "password": PASSWORD},
    )
    assert created.status_code == 201
    tokens = login(client, "bo@example.com")
    user_client = bearer(light_app, tokens["access_token"])
    assert user_client.get("/api/auth/me").status_code == 200
    assert user_client.post("/api/auth/logout").status_code == 200
    assert user_client.get("/api/auth/me").status_code == 401
