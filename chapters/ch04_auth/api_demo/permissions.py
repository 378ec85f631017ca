"""Who is calling (a Bearer JWT or an API key) and what they may do (roles → permissions)."""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from flask import g, request

from .errors import Forbidden, InvalidToken, Unauthorized
from .keyring import keyring
from .tokens import token_service
from .users import user_store

F = TypeVar("F", bound=Callable[..., Any])

# --8<-- [start:roles]
ROLE_PERMISSIONS: dict[str, frozenset[str]] = {
    "viewer": frozenset({"reports:read"}),
    "editor": frozenset({"reports:read", "reports:write"}),
    "admin": frozenset({"reports:read", "reports:write", "users:read"}),
}


def permissions_for(roles: tuple[str, ...]) -> frozenset[str]:
    """Return every permission the roles grant; unknown roles grant nothing."""
    return frozenset().union(*(ROLE_PERMISSIONS.get(role, frozenset()) for role in roles))


# --8<-- [end:roles]


@dataclass(frozen=True)
class Principal:
    """The authenticated caller of this request."""

    username: str
    roles: tuple[str, ...]
    method: str  # "jwt" or "api_key"
    claims: dict[str, Any] | None = None  # the access token's claims, for logout

    @property
    def permissions(self) -> frozenset[str]:
        return permissions_for(self.roles)


# --8<-- [start:authenticate]
def authenticate(*, allow_api_keys: bool) -> Principal:
    """Identify the caller from `Authorization: Bearer …` or `X-API-Key`, or raise 401."""
    header = request.headers.get("Authorization", "")
    if header:
        scheme, _, token = header.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise Unauthorized("send the Authorization header as 'Bearer <access token>'")
        claims = token_service().verify(token.strip(), expected_type="access")
        roles = claims.get("roles")
        if not isinstance(roles, list) or not all(isinstance(role, str) for role in roles):
            raise InvalidToken("the access token carries no roles")
        return Principal(claims["sub"], tuple(roles), "jwt", claims)
    presented = request.headers.get("X-API-Key", "")
    if presented and allow_api_keys:
        key = keyring().verify(presented)
        user = user_store().get(key.owner) if key else None
        if user is None:
            raise Unauthorized("the API key is not valid")
        # Roles come from the user now, not from when the key was made: a demoted
        # user's keys lose their powers at once.
        return Principal(user.username, user.roles, "api_key")
    if presented:
        raise Unauthorized("API keys cannot be used here; log in and send a Bearer token")
    raise Unauthorized("authentication required: send a Bearer token or an X-API-Key")


def requires(permission: str | None = None, *, allow_api_keys: bool = True) -> Callable[[F], F]:
    """Let the view run only for an authenticated caller holding `permission` (401, else 403)."""

    def decorator(view: F) -> F:
        @functools.wraps(view)
        def guarded(*args: Any, **kwargs: Any) -> Any:
            principal = authenticate(allow_api_keys=allow_api_keys)
            if permission is not None and permission not in principal.permissions:
                raise Forbidden(f"this needs the {permission!r} permission")
            g.principal = principal
            return view(*args, **kwargs)

        return guarded  # type: ignore[return-value]

    return decorator


# --8<-- [end:authenticate]


def current_principal() -> Principal:
    """Return the caller that `requires` authenticated for this request."""
    return g.principal
