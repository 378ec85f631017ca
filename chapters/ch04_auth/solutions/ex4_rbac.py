"""Exercise 4 — role-based permissions with role hierarchies (reference solution)."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from flask import Flask, current_app, g, jsonify

REALM = "api"


@dataclass(frozen=True)
class Role:
    """A named set of permissions, plus the roles whose permissions it also gets."""

    name: str
    permissions: frozenset[str] = frozenset()
    inherits: tuple[str, ...] = ()


@dataclass(frozen=True)
class Principal:
    """Who is calling: set on `flask.g.principal` by whatever authenticated the request."""

    name: str
    roles: tuple[str, ...]


DEFAULT_ROLES = (
    Role("viewer", frozenset({"reports:read"})),
    Role("editor", frozenset({"reports:write"}), inherits=("viewer",)),
    Role("auditor", frozenset({"audit:read"})),
    Role("admin", frozenset({"users:*"}), inherits=("editor", "auditor")),
    Role("superuser", frozenset({"*"})),
)


class RoleRegistry:
    """Every role, checked once: no duplicates, no unknown parents, no cycles."""

    def __init__(self, roles: Iterable[Role]) -> None:
        self._roles: dict[str, Role] = {}
        for role in roles:
            if role.name in self._roles:
                raise ValueError(f"role {role.name!r} is defined twice")
            self._roles[role.name] = role
        for role in self._roles.values():
            for parent in role.inherits:
                if parent not in self._roles:
                    raise ValueError(f"role {role.name!r} inherits unknown role {parent!r}")
        for name in self._roles:
            self._expand(name, ())  # raises on a cycle

    def _expand(self, name: str, path: tuple[str, ...]) -> frozenset[str]:
        if name in path:
            raise ValueError(f"role cycle: {' -> '.join((*path, name))}")
        role = self._roles[name]
        inherited = (self._expand(parent, (*path, name)) for parent in role.inherits)
        return role.permissions.union(*inherited)

    def permissions_for(self, roles: Iterable[str]) -> frozenset[str]:
        """Return every permission the roles grant, inherited ones included."""
        # Unknown roles (say, from an old token) grant nothing rather than failing.
        return frozenset().union(*(self._expand(r, ()) for r in roles if r in self._roles))

    def has_permission(self, roles: Iterable[str], permission: str) -> bool:
        """Say whether the roles grant `permission`, directly or by a wildcard."""
        granted = self.permissions_for(roles)
        resource = permission.split(":", 1)[0]
        return bool({permission, f"{resource}:*", "*"} & granted)


def init_rbac(app: Flask, registry: RoleRegistry) -> None:
    """Make `registry` the one `requires` consults in this app."""
    app.extensions["rbac"] = registry


def _error(status: int, code: str, message: str):
    response = jsonify(error={"status": status, "code": code, "message": message})
    response.status_code = status
    return response


def requires(permission: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Guard a view: 401 without a principal, 403 without the permission."""
    if not permission or not isinstance(permission, str):
        raise ValueError("requires() needs a permission such as 'reports:read'")

    def decorator(view: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(view)  # keeps the name, so Flask endpoints stay distinct
        def guarded(*args: Any, **kwargs: Any) -> Any:
            principal = g.get("principal")
            if principal is None:
                response = _error(401, "unauthorized", "authentication required")
                response.headers["WWW-Authenticate"] = f'Bearer realm="{REALM}"'
                return response
            registry: RoleRegistry = current_app.extensions["rbac"]
            if not registry.has_permission(principal.roles, permission):
                return _error(403, "forbidden", f"{principal.name} needs {permission!r}")
            return view(*args, **kwargs)

        return guarded

    return decorator
