"""Accounts: register, find, list, update and soft-delete users."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from sqlalchemy import Select, func, or_, select
from sqlalchemy.exc import IntegrityError

from projects.core import Conflict, Forbidden, NotFound, Unauthorized, ValidationError

from ..models import ApiKey, User, db, utcnow
from . import audit, events, sessions
from .passwords import passwords

EMAIL = re.compile(r"[^@\s\x00-\x1f]{1,64}@[^@\s\x00-\x1f]+\.[^@\s\x00-\x1f]+")
USERNAME = re.compile(r"[A-Za-z0-9_.-]{3,40}")
PASSWORD_MIN, PASSWORD_MAX = 10, 128
MAX_ID = 2**31 - 1  # the largest id PostgreSQL's INTEGER holds
PROFILE_FIELDS = ("email", "username", "full_name")
ADMIN_FIELDS = ("role", "is_active")


def normalize_email(email: str) -> str:
    """Return the form emails are stored and looked up in."""
    return email.strip().lower()


def check_password_policy(password: str, *, field: str = "password") -> None:
    """Raise ValidationError unless the password is 10 to 128 characters and not blank."""
    if not PASSWORD_MIN <= len(password) <= PASSWORD_MAX or not password.strip():
        raise ValidationError(details={field: f"Use {PASSWORD_MIN} to {PASSWORD_MAX} characters."})


def register(*, email: str, username: str, password: str, full_name: str = "") -> User:
    """Create an account with the role "user"; 409 if the email or username is taken."""
    email = normalize_email(email)
    _check_profile(email=email, username=username, full_name=full_name)
    check_password_policy(password)
    user = User(
        email=email,
        username=username,
        full_name=full_name.strip(),
        password_hash=passwords().hash(password),
    )
    db.session.add(user)
    _flush_unique(user)
    audit.record("user.registered", user_id=user.id, target=f"user:{user.id}")
    db.session.commit()
    events.emit("user.registered", user_id=user.id, email=user.email)
    return user


def get_user(*, user_id: int) -> User:
    """Return the account; 404 if it does not exist or was deleted."""
    user = db.session.get(User, user_id) if 0 < user_id <= MAX_ID else None
    if user is None or user.deleted_at is not None:
        raise NotFound(f"No user {user_id}.")
    return user


def active_user(*, subject: str) -> User:
    """Return the live account a token's subject names; 401 if it is gone or disabled."""
    user = db.session.get(User, int(subject)) if subject.isdigit() else None
    if user is None or user.deleted_at is not None or not user.is_active:
        raise Unauthorized("This account no longer exists or is disabled.")
    return user


def find_for_login(*, email: str) -> User | None:
    """Return the not-deleted account with this email, if any."""
    return db.session.scalar(
        select(User).where(User.email == normalize_email(email), User.deleted_at.is_(None))
    )


def users_statement(*, role: str | None = None, q: str | None = None) -> Select[tuple[User]]:
    """Return the query of live accounts, oldest first, narrowed by role and a search text."""
    statement = select(User).where(User.deleted_at.is_(None)).order_by(User.id)
    if role:
        statement = statement.where(User.role == role)
    if q:
        pattern = f"%{q.lower().replace('%', '').replace('_', '')}%"
        statement = statement.where(
            or_(func.lower(User.email).like(pattern), func.lower(User.username).like(pattern))
        )
    return statement


def update_user(*, user: User, changes: Mapping[str, Any], acting: User) -> User:
    """Apply a partial update. Only admins change role and is_active; someone changing their
    own email or password must give current_password. A new password ends other sessions."""
    is_admin = acting.role == "admin"
    if not is_admin and any(changes.get(name) is not None for name in ADMIN_FIELDS):
        raise Forbidden("Only an administrator can change role or is_active.")
    self_service = acting.id == user.id and not is_admin
    sensitive = changes.get("password") is not None or changes.get("email") is not None
    if self_service and sensitive:
        _require_current_password(user, changes.get("current_password"))
    if changes.get("password") is not None:
        check_password_policy(changes["password"])
    _apply_profile(user, changes)
    _flush_unique(user)  # now, before any query autoflushes a duplicate into a 500
    _apply_admin_fields(user, changes)
    changed = [
        name
        for name in (*PROFILE_FIELDS, *ADMIN_FIELDS, "password")
        if changes.get(name) is not None
    ]
    if changes.get("password") is not None:
        user.password_hash = passwords().hash(changes["password"])
        keep = sessions.current_session_id() if acting.id == user.id else None
        sessions.end_all(user_id=user.id, reason="password_changed", keep=keep)
    if user.is_active is False:
        sessions.end_all(user_id=user.id, reason="account_disabled")
    audit.record("user.updated", user_id=user.id, target=f"user:{user.id}", fields=changed)
    db.session.commit()
    return user


def soft_delete(*, user: User, acting: User) -> None:
    """Mark the account deleted: it can no longer log in, is hidden and answers 404."""
    if user.role == "admin":
        _keep_an_admin(user)
    user.deleted_at = utcnow()
    user.is_active = False
    sessions.end_all(user_id=user.id, reason="account_deleted")
    for key in db.session.scalars(
        select(ApiKey).where(ApiKey.user_id == user.id, ApiKey.revoked_at.is_(None))
    ):
        key.revoked_at = user.deleted_at
    audit.record("user.deleted", user_id=user.id, target=f"user:{user.id}", by=acting.id)
    db.session.commit()


def ensure_admin(*, email: str, password: str) -> User:
    """Create the administrator account if no account has this email (start-up bootstrap)."""
    email = normalize_email(email)
    existing = db.session.scalar(select(User).where(User.email == email))
    if existing is not None:
        return existing
    admin = User(
        email=email,
        username=email.split("@", 1)[0][:40] or "admin",
        full_name="Administrator",
        password_hash=passwords().hash(password),
        role="admin",
    )
    db.session.add(admin)
    audit.record("user.bootstrap_admin", user_id=None, actor="system", target=f"email:{email}")
    db.session.commit()
    return admin


def _check_profile(*, email: str | None, username: str | None, full_name: str | None) -> None:
    problems = {}
    if email is not None and (len(email) > 254 or not EMAIL.fullmatch(email)):
        problems["email"] = "Give a valid email address."
    if username is not None and not USERNAME.fullmatch(username):
        problems["username"] = "Use 3 to 40 letters, digits, '.', '_' or '-'."
    if full_name is not None and (len(full_name) > 120 or "\x00" in full_name):
        problems["full_name"] = "Use at most 120 characters."
    if problems:
        raise ValidationError(details=problems)


def _apply_profile(user: User, changes: Mapping[str, Any]) -> None:
    email = changes.get("email")
    email = normalize_email(email) if email is not None else None
    _check_profile(
        email=email, username=changes.get("username"), full_name=changes.get("full_name")
    )
    if email is not None:
        user.email = email
    if changes.get("username") is not None:
        user.username = changes["username"]
    if changes.get("full_name") is not None:
        user.full_name = changes["full_name"].strip()


def _apply_admin_fields(user: User, changes: Mapping[str, Any]) -> None:
    role, is_active = changes.get("role"), changes.get("is_active")
    if user.role == "admin" and (role == "user" or is_active is False):
        _keep_an_admin(user)
    if role is not None:
        user.role = role
    if is_active is not None:
        user.is_active = is_active


def _keep_an_admin(user: User) -> None:
    others = db.session.scalar(
        select(func.count())
        .select_from(User)
        .where(
            User.role == "admin",
            User.is_active.is_(True),
            User.deleted_at.is_(None),
            User.id != user.id,
        )
    )
    if not others:
        raise Conflict("This is the last active administrator; appoint another one first.")


def _require_current_password(user: User, current: str | None) -> None:
    if not current or not passwords().verify(user.password_hash, current):
        raise Forbidden("Give your current_password to change your email or password.")


def _flush_unique(user: User) -> None:
    """Flush, turning a duplicate email or username into 409."""
    try:
        db.session.flush()
    except IntegrityError:
        db.session.rollback()
        raise Conflict("That email or username is already taken.") from None
