"""Who may do what, on top of core's token checks: the caller's account, scopes, ownership.

Rules (the README's table says the same):
- a login token (it carries `sid`) may do all its user may do; a delegated token (API key,
  OAuth2) carries `scope` and may do only what its scopes allow;
- a user may read, update (not role or is_active) and delete their own account;
- administrators may list, read, update and delete every account and read the audit log;
- sessions, MFA and API keys are managed with login tokens only.
"""

from __future__ import annotations

from projects.core import Forbidden, current_principal

from ..models import User
from ..services import scopes
from ..services.users import active_user, get_user


def caller() -> User:
    """Return the live account of the token's subject (401 if there is none)."""
    return active_user(subject=current_principal().subject)


def require_login_token() -> None:
    """Refuse delegated tokens (API keys, OAuth2): only a login may manage credentials."""
    if "sid" not in current_principal().claims:
        raise Forbidden("Use the access token of a login, not an API key or OAuth2 token.")


def require_scope(*needed: str) -> None:
    """Refuse a delegated token whose scopes include none of `needed`."""
    if not scopes.allows(current_principal().claims, *needed):
        raise Forbidden(
            f"The token's scope lacks {' or '.join(needed)}.",
            details={"required_scope": list(needed)},
        )


def require_admin(*needed_scopes: str) -> User:
    """Return the caller if they are an administrator whose token has one of the scopes."""
    acting = caller()
    if acting.role != "admin":
        raise Forbidden("This needs the role: admin.", details={"required_roles": ["admin"]})
    require_scope(*needed_scopes)
    return acting


def account_access(user_id: int, *, write: bool) -> tuple[User, User]:
    """Return (the account, the caller) if the caller may read (or write) that account."""
    acting = caller()
    own, any_ = ("profile:write", "users:write") if write else ("profile", "users:read")
    if acting.id == user_id:
        require_scope(own, any_)
    elif acting.role == "admin":
        require_scope(any_)
    else:
        raise Forbidden("You may only see and change your own account.")
    return get_user(user_id=user_id), acting
