"""/api/auth/sessions: one session per login; list them, end one, end all the others."""

from __future__ import annotations

from collections.abc import Callable

from flask import Flask
from flask.testing import FlaskClient

from projects.auth_service.models import User

from .conftest import bearer, login


def test_each_login_is_a_session_and_the_current_one_is_marked(
    app: Flask, client: FlaskClient, make_user: Callable[..., User]
) -> None:
    """Two logins, two sessions, newest first; `current` marks the caller's."""
    make_user("ann@example.com")
    first = login(client, "ann@example.com")
    second = login(client, "ann@example.com")
    listed = bearer(app, second["access_token"]).get("/api/auth/sessions").get_json()
    assert [s["id"] for s in listed] == [second["session_id"], first["session_id"]]
    assert [s["current"] for s in listed] == [True, False]
    assert listed[0]["amr"] == ["pwd"] and listed[0]["ip"] == "127.0.0.1"


def test_sessions_are_private(
    app: Flask, client: FlaskClient, make_user: Callable[..., User]
) -> None:
    """Nobody sees or ends another user's session."""
    make_user("ann@example.com")
    make_user("bob@example.com")
    ann = login(client, "ann@example.com")
    bob = bearer(app, login(client, "bob@example.com")["access_token"])
    assert ann["session_id"] not in [s["id"] for s in bob.get("/api/auth/sessions").get_json()]
    assert bob.delete(f"/api/auth/sessions/{ann['session_id']}").status_code == 404


def test_ending_a_session_kills_its_tokens(
    app: Flask, client: FlaskClient, make_user: Callable[..., User]
) -> None:
    """The ended session's access token is revoked and its refresh token refused."""
    make_user("ann@example.com")
    laptop = login(client, "ann@example.com")
    phone = bearer(app, login(client, "ann@example.com")["access_token"])
    assert phone.delete(f"/api/auth/sessions/{laptop['session_id']}").status_code == 204
    assert bearer(app, laptop["access_token"]).get("/api/auth/me").status_code == 401
    refresh = client.post("/api/auth/refresh", json={"refresh_token": laptop["refresh_token"]})
    assert refresh.status_code == 401
    assert phone.get("/api/auth/me").status_code == 200
    assert phone.delete(f"/api/auth/sessions/{laptop['session_id']}").status_code == 404


def test_ending_all_other_sessions_keeps_this_one(
    app: Flask, client: FlaskClient, make_user: Callable[..., User]
) -> None:
    """DELETE /api/auth/sessions logs out everywhere else."""
    make_user("ann@example.com")
    others = [login(client, "ann@example.com") for _ in range(2)]
    here = login(client, "ann@example.com")
    here_client = bearer(app, here["access_token"])
    assert here_client.delete("/api/auth/sessions").get_json() == {"ended": 2}
    assert [s["id"] for s in here_client.get("/api/auth/sessions").get_json()] == [
        here["session_id"]
    ]
    for other in others:
        assert bearer(app, other["access_token"]).get("/api/auth/me").status_code == 401
    assert here_client.get("/api/auth/me").status_code == 200
