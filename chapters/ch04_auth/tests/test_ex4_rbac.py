"""Exercise 4 — role-based permissions with role hierarchies."""

from __future__ import annotations

import pytest
from flask import Flask, g, request


@pytest.fixture
def registry(exercise):
    return exercise.RoleRegistry(exercise.DEFAULT_ROLES)


@pytest.fixture
def client(exercise, registry):
    """An app whose test header X-Roles stands in for authentication."""
    app = Flask(__name__)
    exercise.init_rbac(app, registry)

    @app.before_request
    def fake_authentication() -> None:
        roles = request.headers.get("X-Roles")
        if roles is not None:
            g.principal = exercise.Principal("tester", tuple(filter(None, roles.split(","))))

    @app.get("/reports")
    @exercise.requires("reports:read")
    def list_reports():
        return {"reports": []}

    @app.post("/reports")
    @exercise.requires("reports:write")
    def write_report():
        return {"id": 1}, 201

    @app.delete("/users/<int:user_id>")
    @exercise.requires("users:delete")
    def delete_user(user_id: int):
        return {"deleted": user_id}

    return app.test_client()


@pytest.mark.parametrize(
    ("roles", "expected"),
    [
        (["viewer"], {"reports:read"}),
        (["editor"], {"reports:read", "reports:write"}),
        (["admin"], {"reports:read", "reports:write", "audit:read", "users:*"}),
        (["viewer", "auditor"], {"reports:read", "audit:read"}),
        ([], set()),
        (["no-such-role"], set()),
    ],
)
def test_permissions_include_inherited_ones(registry, roles, expected) -> None:
    """A role has its own permissions and every ancestor's; unknown roles grant nothing."""
    assert registry.permissions_for(roles) == expected


@pytest.mark.parametrize(
    ("roles", "permission", "allowed"),
    [
        (["viewer"], "reports:read", True),
        (["viewer"], "reports:write", False),
        (["editor"], "reports:read", True),
        (["admin"], "users:delete", True),
        (["admin"], "users:read", True),
        (["admin"], "billing:read", False),
        (["editor"], "users:read", False),
        (["superuser"], "billing:refund", True),
        (["auditor"], "audit", False),
    ],
)
def test_has_permission_understands_wildcards(registry, roles, permission, allowed) -> None:
    """users:* grants every users permission; * grants everything."""
    assert registry.has_permission(roles, permission) is allowed


def test_a_wildcard_does_not_leak_across_resources(exercise) -> None:
    """users:* says nothing about usersettings:read."""
    registry = exercise.RoleRegistry([exercise.Role("r", frozenset({"users:*"}))])
    assert registry.has_permission(["r"], "usersettings:read") is False


@pytest.mark.parametrize(
    ("roles", "mentions"),
    [
        ([("a", ("ghost",))], "ghost"),
        ([("a", ()), ("a", ())], "a"),
        ([("a", ("b",)), ("b", ("a",))], "cycle"),
        ([("a", ("a",))], "cycle"),
        ([("a", ("b",)), ("b", ("c",)), ("c", ("a",))], "cycle"),
    ],
    ids=["unknown-parent", "duplicate", "two-cycle", "self", "three-cycle"],
)
def test_broken_role_definitions_are_refused(exercise, roles, mentions) -> None:
    """Unknown parents, duplicates and cycles raise ValueError when the registry is built."""
    with pytest.raises(ValueError, match=mentions):
        exercise.RoleRegistry([exercise.Role(name, inherits=parents) for name, parents in roles])


def test_a_diamond_is_not_a_cycle(exercise) -> None:
    """Two roles sharing a parent, and a role inheriting both, is fine."""
    role = exercise.Role
    registry = exercise.RoleRegistry(
        [
            role("base", frozenset({"a:read"})),
            role("left", inherits=("base",)),
            role("right", frozenset({"b:read"}), inherits=("base",)),
            role("top", inherits=("left", "right")),
        ]
    )
    assert registry.permissions_for(["top"]) == {"a:read", "b:read"}


def test_no_principal_is_401_with_a_challenge(client) -> None:
    """Anonymous callers are told to authenticate."""
    response = client.get("/reports")
    assert response.status_code == 401
    assert response.get_json()["error"]["code"] == "unauthorized"
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


def test_a_missing_permission_is_403_without_a_challenge(client) -> None:
    """Known callers without the permission are forbidden; logging in again will not help."""
    response = client.post("/reports", headers={"X-Roles": "viewer"})
    error = response.get_json()["error"]
    assert (response.status_code, error["code"]) == (403, "forbidden")
    assert "reports:write" in error["message"]
    assert "WWW-Authenticate" not in response.headers


@pytest.mark.parametrize(
    ("method", "path", "roles", "status"),
    [
        ("get", "/reports", "viewer", 200),
        ("post", "/reports", "editor", 201),
        ("post", "/reports", "auditor", 403),
        ("delete", "/users/7", "editor", 403),
        ("delete", "/users/7", "admin", 200),
        ("delete", "/users/7", "superuser", 200),
        ("get", "/reports", "", 403),
    ],
)
def test_views_answer_by_role(client, method, path, roles, status) -> None:
    """Each decorated view lets exactly the right roles through."""
    response = getattr(client, method)(path, headers={"X-Roles": roles})
    assert response.status_code == status


def test_the_view_runs_only_when_allowed(exercise, registry) -> None:
    """A refused request never reaches the view, and the view keeps its name."""
    calls = []

    @exercise.requires("reports:write")
    def write():
        calls.append("ran")
        return "ok"

    app = Flask(__name__)
    exercise.init_rbac(app, registry)
    app.add_url_rule("/w", view_func=write)
    with app.test_request_context("/w"):
        g.principal = exercise.Principal("v", ("viewer",))
        assert write().status_code == 403
        g.principal = exercise.Principal("e", ("editor",))
        assert write() == "ok"
    assert (calls, write.__name__) == (["ran"], "write")


@pytest.mark.parametrize("permission", ["", None])
def test_requires_needs_a_permission(exercise, permission) -> None:
    """A guard with no permission is a bug, caught when the module is imported."""
    with pytest.raises(ValueError):
        exercise.requires(permission)
