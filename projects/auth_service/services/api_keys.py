"""API keys: `ak_<prefix>_<secret>`, shown once, stored as a digest, scoped, revocable.

A script trades its key for a short-lived access token (an ordinary RS256 JWT carrying
the key's scopes), so every service verifies it like any other token; the key itself
only ever travels to this service.
"""

from __future__ import annotations

import secrets
from datetime import timedelta

from sqlalchemy import select

from projects.core import NotFound, Unauthorized, ValidationError, token_issuer

from ..models import ApiKey, User, db, utcnow
from . import audit
from .credentials import digest, matches, new_secret
from .scopes import parse_scopes

KEY_PREFIX = "ak"


def create(
    *, user: User, name: str, scopes: list[str], expires_in_days: int | None = None
) -> tuple[ApiKey, str]:
    """Create a key for `user`; return it and the plain key, which is never shown again."""
    name = name.strip()
    if not name or len(name) > 64:
        raise ValidationError(details={"name": "Use 1 to 64 characters."})
    if expires_in_days is not None and not 1 <= expires_in_days <= 3650:
        raise ValidationError(details={"expires_in_days": "Use 1 to 3650 days."})
    granted = parse_scopes(" ".join(scopes), field="scopes")
    prefix = secrets.token_hex(4)
    plain = f"{KEY_PREFIX}_{prefix}_{new_secret()}"
    key = ApiKey(
        user_id=user.id,
        name=name,
        prefix=prefix,
        key_hash=digest(plain),
        scopes=" ".join(granted),
        expires_at=utcnow() + timedelta(days=expires_in_days) if expires_in_days else None,
    )
    db.session.add(key)
    db.session.flush()
    audit.record("api_key.created", user_id=user.id, target=f"api_key:{key.id}", scopes=granted)
    db.session.commit()
    return key, plain


def keys_of(*, user_id: int) -> list[ApiKey]:
    """Return the user's keys, newest first (revoked ones too, so the list tells the story)."""
    statement = select(ApiKey).where(ApiKey.user_id == user_id).order_by(ApiKey.id.desc())
    return list(db.session.scalars(statement))


def revoke(*, user_id: int, key_id: int) -> ApiKey:
    """Revoke one of the user's keys; it stops working at once."""
    key = db.session.get(ApiKey, key_id) if 0 < key_id < 2**31 else None
    if key is None or key.user_id != user_id:
        raise NotFound(f"You have no API key {key_id}.")
    if key.revoked_at is None:
        key.revoked_at = utcnow()
        audit.record("api_key.revoked", user_id=user_id, target=f"api_key:{key.id}")
        db.session.commit()
    return key


def exchange(*, presented: str) -> dict[str, object]:
    """Check a key and return an access token limited to its scopes."""
    key = _authenticate(presented)
    user = key.user
    claims = {"scope": key.scopes, "akid": key.id}
    token = token_issuer().issue(str(user.id), roles=[user.role], claims=claims)
    key.last_used_at = utcnow()
    audit.record("api_key.used", user_id=user.id, actor=f"api_key:{key.id}")
    db.session.commit()
    ttl = token_issuer().ttl["access"]
    return {
        "access_token": token,
        "token_type": "Bearer",
        "expires_in": int(ttl.total_seconds()),
        "scope": key.scopes,
    }


def _authenticate(presented: str) -> ApiKey:
    parts = presented.strip().split("_", 2)
    refused = Unauthorized("The API key is not valid.", token_error="invalid_token")
    if len(parts) != 3 or parts[0] != KEY_PREFIX:
        raise refused
    key = db.session.scalar(select(ApiKey).where(ApiKey.prefix == parts[1]))
    if key is None or not matches(presented.strip(), key.key_hash):
        raise refused
    now = utcnow()
    expired = key.expires_at is not None and key.expires_at <= now
    user = key.user
    if key.revoked_at is not None or expired or user.deleted_at is not None or not user.is_active:
        raise refused
    return key
