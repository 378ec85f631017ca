"""/api/users: registration, who may list/read/update/delete, pagination and soft delete."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from projects.auth_service.models import User, db

from .conftest import PASSWORD, bearer, login

VALID = {"email": "ann@example.com", "username": "ann", "password": PASSWORD}


def register(client: FlaskClient, **changes: Any):
    """Post a registration: the valid one, with `changes` applied (None drops a field)."""
    body = {**VALID, **changes}
    return client.post("/api/users/register", json={k: v for k, v in body.items() if v is not None})


def test_register_creates_a_user_with_a_hashed_password(app: Flask, client: FlaskClient) -> None:
    """A registration answers the account (role user) and stores an Argon2id hash only."""
    response = register(client, email="Ann@Example.com", full_name="Ann Example")
    assert response.status_code == 201
    body = response.get_json()
    assert (body["email"], body["role"], body["full_name"]) == (
        "ann@example.com",
        "user",
        "Ann Example",
    )
    assert "password" not in body and "password_hash" not in body
    with app.app_context():
        stored = db.session.get(User, body["id"]).password_hash
    assert stored.startswith("$argon2id$") and PASSWORD not in stored


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("email", None),
        ("email", "not-an-email"),
        ("email", "a@b"),
        ("email", "x" * 250 + "@example.com"),
        ("username", None),
        ("username", "ab"),
        ("username", "has space"),
        ("username", "x" * 41),
        ("password", None),
        ("password", "short"),
        ("password", "x" * 129),
        ("password", " " * 12),
        ("full_name", "x" * 121),
        ("email", 42),
    ],
)
def test_registration_validation(client: FlaskClient, field: str, value: Any) -> None:
    """Each invalid field is a 400 validation_error that names the field."""
    response = register(client, **{field: value})
    assert response.status_code == 400
    error = response.get_json()["error"]
    assert error["code"] == "validation_error"
    assert field in error["details"]


@pytest.mark.parametrize("changes", [{"username": "other"}, {"email": "other@example.com"}])
def test_duplicate_email_or_username_is_409(client: FlaskClient, changes: dict[str, str]) -> None:
    """Emails (case-insensitively) and usernames are unique."""
    assert register(client).status_code == 201
    again = register(
        client, **changes, **({"email": "ANN@example.com"} if "username" in changes else {})
    )
    assert again.status_code == 409


def test_only_admins_list_users(
    app: Flask, client: FlaskClient, admin: FlaskClient, make_user: Callable[..., User]
) -> None:
    """Users get 403 on the list; admins get a page."""
    make_user("ann@example.com")
    ann = bearer(app, login(client, "ann@example.com")["access_token"])
    assert ann.get("/api/users/").status_code == 403
    assert client.get("/api/users/").status_code == 401
    page = admin.get("/api/users/")
    assert page.status_code == 200
    assert page.get_json()["total"] == 2


def test_the_list_is_paginated(admin: FlaskClient, make_user: Callable[..., User]) -> None:
    """per_page splits the accounts into pages with totals and links."""
    for _ in range(4):
        make_user()
    first = admin.get("/api/users/?per_page=2").get_json()
    assert (first["total"], first["pages"], len(first["items"])) == (5, 3, 2)
    assert first["links"]["next"] == "/api/users/?page=2&per_page=2"
    last = admin.get("/api/users/?per_page=2&page=3").get_json()
    assert len(last["items"]) == 1 and last["links"]["next"] is None
    ids = [u["id"] for u in first["items"]] + [u["id"] for u in last["items"]]
    assert ids == sorted(ids)


@pytest.mark.parametrize(
    "query", ["page=0", "page=-1", "page=x", "per_page=0", "per_page=101", "page=1000000", "role=x"]
)
def test_bad_page_arguments_are_400(admin: FlaskClient, query: str) -> None:
    """Page arguments out of range are a validation error, never a 500."""
    assert admin.get(f"/api/users/?{query}").status_code == 400


def test_the_list_filters_by_role_and_text(
    admin: FlaskClient, make_user: Callable[..., User]
) -> None:
    """role= and q= narrow the list."""
    make_user("zed@example.com", username="zed")
    assert [u["username"] for u in admin.get("/api/users/?role=admin").get_json()["items"]] == [
        "root"
    ]
    assert [u["username"] for u in admin.get("/api/users/?q=ZE").get_json()["items"]] == ["zed"]


def test_a_user_reads_only_their_own_account(
    app: Flask, client: FlaskClient, make_user: Callable[..., User]
) -> None:
    """GET /api/users/<own id> is 200; another user's is 403."""
    ann, bob = make_user("ann@example.com"), make_user("bob@example.com")
    ann_client = bearer(app, login(client, ann.email)["access_token"])
    assert ann_client.get(f"/api/users/{ann.id}").status_code == 200
    assert ann_client.get(f"/api/users/{bob.id}").status_code == 403


def test_admins_read_any_account_and_unknown_ids_are_404(
    admin: FlaskClient, make_user: Callable[..., User]
) -> None:
    """Admins read others; ids that do not exist (even huge ones) are 404."""
    ann = make_user("ann@example.com")
    assert admin.get(f"/api/users/{ann.id}").get_json()["email"] == "ann@example.com"
    assert admin.get("/api/users/999999").status_code == 404
    assert admin.get("/api/users/99999999999999999999999").status_code == 404


def test_a_user_updates_their_profile(
    app: Flask, client: FlaskClient, make_user: Callable[..., User]
) -> None:
    """PUT changes only the fields sent."""
    ann = make_user("ann@example.com", username="ann")
    ann_client = bearer(app, login(client, ann.email)["access_token"])
    response = ann_client.put(f"/api/users/{ann.id}", json={"full_name": "Ann B."})
    assert response.status_code == 200
    assert (response.get_json()["full_name"], response.get_json()["username"]) == ("Ann B.", "ann")


@pytest.mark.parametrize("changes", [{"role": "admin"}, {"is_active": False}])
def test_a_user_cannot_change_role_or_activity(
    app: Flask, client: FlaskClient, make_user: Callable[..., User], changes: dict[str, Any]
) -> None:
    """role and is_active are for administrators."""
    ann = make_user("ann@example.com")
    ann_client = bearer(app, login(client, ann.email)["access_token"])
    assert ann_client.put(f"/api/users/{ann.id}", json=changes).status_code == 403


def test_changing_your_password_needs_the_current_one_and_ends_other_sessions(
    app: Flask, client: FlaskClient, make_user: Callable[..., User]
) -> None:
    """A new password needs current_password; other sessions end, this one stays."""
    ann = make_user("ann@example.com")
    other = login(client, ann.email)
    ann_client = bearer(app, login(client, ann.email)["access_token"])
    new = {"password": "a-brand-new-password"}
    assert ann_client.put(f"/api/users/{ann.id}", json=new).status_code == 403
    wrong = {**new, "current_password": "not-it-at-all"}
    assert ann_client.put(f"/api/users/{ann.id}", json=wrong).status_code == 403
    right = {**new, "current_password": PASSWORD}
    assert ann_client.put(f"/api/users/{ann.id}", json=right).status_code == 200
    assert ann_client.get("/api/auth/me").status_code == 200
    assert bearer(app, other["access_token"]).get("/api/auth/me").status_code == 401
    assert (
        client.post("/api/auth/refresh", json={"refresh_token": other["refresh_token"]}).status_code
        == 401
    )
    login(client, ann.email, "a-brand-new-password")


def test_admins_change_roles_but_keep_one_admin(
    admin: FlaskClient, make_user: Callable[..., User]
) -> None:
    """An admin promotes a user; the last admin cannot demote or delete themselves."""
    ann = make_user("ann@example.com")
    assert admin.put(f"/api/users/{ann.id}", json={"role": "admin"}).get_json()["role"] == "admin"
    root_id = admin.get("/api/auth/me").get_json()["id"]
    assert admin.put(f"/api/users/{ann.id}", json={"role": "user"}).status_code == 200
    assert admin.put(f"/api/users/{root_id}", json={"role": "user"}).status_code == 409
    assert admin.delete(f"/api/users/{root_id}").status_code == 409


def test_soft_delete_hides_the_user_and_stops_logins(
    app: Flask, client: FlaskClient, admin: FlaskClient, make_user: Callable[..., User]
) -> None:
    """DELETE sets deleted_at: 404 afterwards, gone from the list, no login, tokens dead."""
    ann = make_user("ann@example.com")
    tokens = login(client, ann.email)
    assert admin.delete(f"/api/users/{ann.id}").status_code == 204
    assert admin.get(f"/api/users/{ann.id}").status_code == 404
    assert admin.delete(f"/api/users/{ann.id}").status_code == 404
    assert ann.email not in [u["email"] for u in admin.get("/api/users/").get_json()["items"]]
    refused = client.post("/api/auth/login", json={"email": ann.email, "password": PASSWORD})
    assert refused.status_code == 401
    assert bearer(app, tokens["access_token"]).get("/api/auth/me").status_code == 401
    assert (
        client.post(
            "/api/auth/refresh", json={"refresh_token": tokens["refresh_token"]}
        ).status_code
        == 401
    )
    with app.app_context():
        row = db.session.scalar(select(User).where(User.email == ann.email))
        assert row is not None and row.deleted_at is not None  # soft: the row stays


def test_users_may_delete_their_own_account(
    app: Flask, client: FlaskClient, make_user: Callable[..., User]
) -> None:
    """A user may close their own account but not someone else's."""
    ann, bob = make_user("ann@example.com"), make_user("bob@example.com")
    ann_client = bearer(app, login(client, ann.email)["access_token"])
    assert ann_client.delete(f"/api/users/{bob.id}").status_code == 403
    assert ann_client.delete(f"/api/users/{ann.id}").status_code == 204
    assert ann_client.get("/api/auth/me").status_code == 401


@pytest.mark.parametrize(
    "changes",
    [
        {"email": "ann@example.com", "password": "a-brand-new-password"},
        {"username": "ann", "is_active": False},
        {"email": "ann@example.com", "role": "user"},
    ],
)
def test_a_taken_email_is_409_whatever_else_changes(
    admin: FlaskClient, make_user: Callable[..., User], changes: dict[str, Any]
) -> None:
    """A duplicate is a 409 even when the update also ends sessions or checks admins."""
    make_user("ann@example.com", username="ann")
    bob = make_user("bob@example.com", role="admin")
    response = admin.put(f"/api/users/{bob.id}", json=changes)
    assert response.status_code == 409
    assert admin.get(f"/api/users/{bob.id}").get_json()["email"] == "bob@example.com"
