"""Chapter 4's demo: roles and permissions (401 vs 403) and API keys."""

from __future__ import annotations

import re

import pytest


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


REPORT = {"title": "Weekly numbers", "body": "All green."}


# ---------------------------------------------------------------- roles → permissions
@pytest.mark.parametrize(
    ("user", "method", "path", "status"),
    [
        ("carol", "get", "/api/v1/reports", 200),
        ("carol", "post", "/api/v1/reports", 403),
        ("carol", "get", "/api/v1/admin/users", 403),
        ("bob", "get", "/api/v1/reports", 200),
        ("bob", "post", "/api/v1/reports", 201),
        ("bob", "get", "/api/v1/admin/users", 403),
        ("alice", "post", "/api/v1/reports", 201),
        ("alice", "get", "/api/v1/admin/users", 200),
    ],
)
def test_roles_decide_what_each_user_may_do(client, login, user, method, path, status) -> None:
    token = login(user)["access_token"]
    kwargs = {"json": REPORT} if method == "post" else {}
    response = getattr(client, method)(path, headers=bearer(token), **kwargs)
    assert response.status_code == status


def test_403_names_the_missing_permission_and_asks_for_no_login(client, login) -> None:
    token = login("carol")["access_token"]
    response = client.post("/api/v1/reports", json=REPORT, headers=bearer(token))
    assert response.get_json()["error"] == {
        "status": 403,
        "code": "forbidden",
        "message": "this needs the 'reports:write' permission",
    }
    # Logging in again would not help, so there is no challenge to answer.
    assert "WWW-Authenticate" not in response.headers


def test_anonymous_callers_get_401_before_any_word_about_the_body(client) -> None:
    response = client.post("/api/v1/reports", json={"title": 42})
    assert response.status_code == 401


def test_an_editor_writes_a_report_as_themselves(client, login) -> None:
    token = login("bob")["access_token"]
    created = client.post("/api/v1/reports", json=REPORT, headers=bearer(token)).get_json()
    assert (created["title"], created["author"]) == ("Weekly numbers", "bob")
    listed = client.get("/api/v1/reports", headers=bearer(token)).get_json()
    assert [report["title"] for report in listed] == ["Welcome", "Weekly numbers"]


@pytest.mark.parametrize(
    "body",
    [{}, {"title": ""}, {"title": 7}, {"title": "x" * 101}, {"title": "ok", "body": ["no"]}],
)
def test_invalid_reports_are_400_for_a_permitted_caller(client, login, body) -> None:
    token = login("bob")["access_token"]
    response = client.post("/api/v1/reports", json=body, headers=bearer(token))
    assert response.status_code == 400


def test_admins_see_users_without_password_hashes(client, login) -> None:
    users = client.get("/api/v1/admin/users", headers=bearer(login("alice")["access_token"]))
    assert [user["username"] for user in users.get_json()] == ["alice", "bob", "carol"]
    assert "hash" not in users.get_data(as_text=True)


# ---------------------------------------------------------------- API keys
@pytest.fixture
def bobs_key(client, login) -> dict:
    """Create an API key for bob and return the creation response."""
    token = login("bob")["access_token"]
    response = client.post("/api-keys", json={"name": "nightly export"}, headers=bearer(token))
    assert response.status_code == 201
    return response.get_json() | {"token": token}


def test_a_new_key_is_shown_once_in_its_documented_format(client, bobs_key) -> None:
    assert re.fullmatch(r"ch04_[0-9a-f]{8}_[A-Za-z0-9_-]{43}", bobs_key["api_key"])
    assert bobs_key["api_key"].split("_")[1] == bobs_key["key_id"]
    listed = client.get("/api-keys", headers=bearer(bobs_key["token"]))
    assert [key["key_id"] for key in listed.get_json()] == [bobs_key["key_id"]]
    assert bobs_key["api_key"] not in listed.get_data(as_text=True)


def test_an_api_key_acts_with_its_owners_roles_and_records_use(client, bobs_key) -> None:
    headers = {"X-API-Key": bobs_key["api_key"]}
    me = client.get("/auth/me", headers=headers).get_json()
    assert (me["username"], me["authenticated_with"]) == ("bob", "api_key")
    assert client.post("/api/v1/reports", json=REPORT, headers=headers).status_code == 201
    listed = client.get("/api-keys", headers=bearer(bobs_key["token"])).get_json()
    assert listed[0]["last_used_at"] is not None


@pytest.mark.parametrize(
    "presented",
    ["wrong", "ch04_00000000_" + "A" * 43, "", "ch04_" + "z" * 60],
)
def test_unknown_or_malformed_keys_are_401(client, bobs_key, presented) -> None:
    response = client.get("/auth/me", headers={"X-API-Key": presented})
    assert response.status_code == 401


def test_a_key_with_one_wrong_character_is_refused(client, bobs_key) -> None:
    key = bobs_key["api_key"]
    tampered = key[:-1] + ("A" if key[-1] != "A" else "B")
    assert client.get("/auth/me", headers={"X-API-Key": tampered}).status_code == 401


def test_a_revoked_key_stops_working_at_once(client, bobs_key) -> None:
    path = f"/api-keys/{bobs_key['key_id']}"
    revoked = client.delete(path, headers=bearer(bobs_key["token"]))
    assert (revoked.status_code, revoked.get_json()["revoked"]) == (200, True)
    response = client.get("/auth/me", headers={"X-API-Key": bobs_key["api_key"]})
    assert response.status_code == 401


def test_keys_cannot_manage_keys(client, bobs_key) -> None:
    headers = {"X-API-Key": bobs_key["api_key"]}
    assert client.post("/api-keys", json={"name": "more"}, headers=headers).status_code == 401
    assert client.get("/api-keys", headers=headers).status_code == 401


def test_nobody_can_revoke_another_users_key(client, login, bobs_key) -> None:
    carol = login("carol")["access_token"]
    response = client.delete(f"/api-keys/{bobs_key['key_id']}", headers=bearer(carol))
    assert response.status_code == 404
    assert client.get("/auth/me", headers={"X-API-Key": bobs_key["api_key"]}).status_code == 200


@pytest.mark.parametrize("body", [{}, {"name": ""}, {"name": 3}, {"name": "n" * 65}])
def test_a_key_needs_a_name(client, login, body) -> None:
    token = login("bob")["access_token"]
    assert client.post("/api-keys", json=body, headers=bearer(token)).status_code == 400
