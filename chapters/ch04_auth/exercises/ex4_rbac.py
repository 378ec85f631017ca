"""Exercise 4 — role-based permissions with role hierarchies.

Check your work with: nox -s chapter04 -- ex4
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from flask import Flask

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
    """Every role, checked once: no duplicates, no unknown parents, no cycles.

    1. __init__ raises ValueError, naming the role, for a name defined twice, for a
       parent that is not defined, and for any inheritance cycle (say "cycle").
    2. permissions_for(roles) is the union of each role's permissions and, through
       `inherits`, all of its ancestors'. Unknown role names grant nothing.
    3. has_permission(roles, permission) is True when the roles grant the permission
       itself, "<resource>:*" (resource = the part before the first ":"), or "*".
    """

    def __init__(self, roles: Iterable[Role]) -> None:
        raise NotImplementedError("Exercise 4 (RoleRegistry) is not done yet")

    def permissions_for(self, roles: Iterable[str]) -> frozenset[str]:
        """Return every permission the roles grant, inherited ones included."""
        raise NotImplementedError("Exercise 4 (permissions_for) is not done yet")

    def has_permission(self, roles: Iterable[str], permission: str) -> bool:
        """Say whether the roles grant `permission`, directly or by a wildcard."""
        raise NotImplementedError("Exercise 4 (has_permission) is not done yet")


def init_rbac(app: Flask, registry: RoleRegistry) -> None:
    """Make `registry` the one `requires` consults in this app.

    4. Store the registry in app.extensions["rbac"].
    """
    raise NotImplementedError("Exercise 4 (init_rbac) is not done yet")


def requires(permission: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Guard a view: 401 without a principal, 403 without the permission.

    5. An empty or non-string permission raises ValueError at once. The decorator
       (use functools.wraps) reads g.principal: missing -> 401 with body
       {"error": {"status": 401, "code": "unauthorized", "message": ...}} and
       WWW-Authenticate: Bearer realm="api"; lacking the permission -> 403 with
       {"error": {"status": 403, "code": "forbidden", "message": <names it>}};
       otherwise it calls the view.
    """
    raise NotImplementedError("Exercise 4 (requires) is not done yet")
