"""Login sessions: each login is one family of refresh tokens, rotated on every refresh.

A session row remembers the one refresh token (`refresh_jti`) that may be used next. A
refresh presents it and gets a new pair; presenting an older one means a token was
copied (OAuth 2.0 Security BCP, refresh token rotation), so the whole session is ended
and its latest access token revoked, for the thief and the user alike.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from typing import Any

import jwt
from flask import g, has_request_context, request
from sqlalchemy import select

from projects.core import Unauthorized, token_issuer, token_verifier
from projects.core.revocation import revoke

from ..models import User, UserSession, db, utcnow
from . import audit
from .credentials import new_id


@dataclass(frozen=True)
class IssuedTokens:
    """What a successful login or refresh answers."""

    access_token: str
    refresh_token: str
    expires_in: int
    session_id: str
    token_type: str = "Bearer"

    def as_dict(self) -> dict[str, Any]:
        """Return the fields as a JSON-ready dict."""
        return asdict(self)


def token_claims(token: str) -> dict[str, Any]:
    """Read the claims of a token this service signed (no need to verify it).

    For tokens handed back by a library (Authlib's save_token); where this service
    signs one itself, `issue_token` returns its claims.
    """
    return jwt.decode(token, options={"verify_signature": False})


def start(*, user: User, amr: tuple[str, ...] = ("pwd",)) -> IssuedTokens:
    """Open a session for `user` (who just proved who they are) and issue its first pair."""
    session = UserSession(id=new_id(), user_id=user.id, amr=" ".join(amr), **_client_facts())
    session.user = user
    db.session.add(session)
    return _issue(session)


def rotate(*, refresh_token: str) -> IssuedTokens:
    """Trade a refresh token for a new pair; a reused one ends its whole session (401)."""
    claims = token_verifier().verify(refresh_token, token_type="refresh")
    session = db.session.scalar(
        select(UserSession).where(UserSession.id == str(claims.get("sid"))).with_for_update()
    )
    if session is None or session.revoked_at is not None:
        raise Unauthorized("This session has ended; log in again.", token_error="invalid_token")
    if session.refresh_jti != claims["jti"]:
        end(session=session, reason="refresh_token_reuse")
        audit.record(
            "auth.refresh_reuse_detected",
            user_id=session.user_id,
            actor=f"user:{session.user_id}",
            target=f"session:{session.id}",
            outcome="failure",
        )
        db.session.commit()
        raise Unauthorized(
            "This refresh token was already used, so the session was ended; log in again.",
            token_error="invalid_token",
        )
    user = session.user
    if user.deleted_at is not None or not user.is_active:
        end(session=session, reason="account_disabled")
        db.session.commit()
        raise Unauthorized("This account no longer exists or is disabled.")
    tokens = _issue(session)
    session.last_used_at = utcnow()
    session.ip, session.user_agent = _client_facts().values()
    audit.record("auth.refreshed", user_id=user.id, target=f"session:{session.id}")
    db.session.commit()
    return tokens


def end(*, session: UserSession, reason: str) -> None:
    """End a session: its refresh tokens stop working and its latest access token is revoked."""
    if session.revoked_at is None:
        session.revoked_at = utcnow()
        session.revoked_reason = reason
    if session.access_expires_at > utcnow():
        revoke(session.access_jti, expires_at=int(session.access_expires_at.timestamp()))


def end_all(*, user_id: int, reason: str, keep: str | None = None) -> int:
    """End every live session of the user except `keep`; return how many ended."""
    statement = select(UserSession).where(
        UserSession.user_id == user_id, UserSession.revoked_at.is_(None)
    )
    if keep:
        statement = statement.where(UserSession.id != keep)
    ended = list(db.session.scalars(statement))
    for session in ended:
        end(session=session, reason=reason)
    return len(ended)


def live_sessions(*, user_id: int) -> list[UserSession]:
    """Return the user's sessions that can still be refreshed, newest first."""
    return list(
        db.session.scalars(
            select(UserSession)
            .where(
                UserSession.user_id == user_id,
                UserSession.revoked_at.is_(None),
                UserSession.expires_at > utcnow(),
            )
            .order_by(UserSession.created_at.desc())
        )
    )


def owned_session(*, user_id: int, session_id: str) -> UserSession | None:
    """Return the user's live session with this id, if there is one."""
    session = db.session.get(UserSession, session_id)
    if session is None or session.user_id != user_id or session.revoked_at is not None:
        return None
    return session


def current_session_id() -> str | None:
    """Return the session (`sid`) of the access token of this request, if it has one."""
    principal = g.get("principal") if has_request_context() else None
    return principal.claims.get("sid") if principal is not None else None


def _issue(session: UserSession) -> IssuedTokens:
    user = session.user
    issuer = token_issuer()
    access = issuer.issue_token(
        str(user.id), roles=[user.role], claims={"sid": session.id, "amr": session.amr.split()}
    )
    refresh = issuer.issue_token(str(user.id), token_type="refresh", claims={"sid": session.id})
    session.access_jti = access.claims["jti"]
    session.access_expires_at = _at(access.claims["exp"])
    session.refresh_jti = refresh.claims["jti"]
    session.expires_at = _at(refresh.claims["exp"])  # sliding: each refresh extends it
    return IssuedTokens(
        access_token=access.token,
        refresh_token=refresh.token,
        expires_in=access.expires_in,
        session_id=session.id,
    )


def _at(timestamp: int) -> datetime:
    return datetime.fromtimestamp(timestamp, UTC)


def _client_facts() -> dict[str, str | None]:
    if not has_request_context():
        return {"ip": None, "user_agent": None}
    agent = request.user_agent.string or None
    return {"ip": request.remote_addr, "user_agent": agent[:255] if agent else None}
