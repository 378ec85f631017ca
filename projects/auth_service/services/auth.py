"""Logging in and out: password check, throttling, the MFA step, sessions and events."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import current_app

from projects.core import Forbidden, Unauthorized
from projects.core.revocation import revoke

from ..models import User, db, utcnow
from . import audit, events, mfa, sessions
from .passwords import passwords
from .throttle import login_throttle
from .users import find_for_login

BAD_CREDENTIALS = "Invalid email or password."


@dataclass(frozen=True)
class LoginResult:
    """Either tokens, or a challenge token for the second factor."""

    tokens: sessions.IssuedTokens | None = None
    mfa_token: str | None = None

    def as_dict(self) -> dict[str, Any]:
        """Return the answer to the client."""
        if self.tokens is not None:
            return {"mfa_required": False, **self.tokens.as_dict()}
        ttl = current_app.config["SETTINGS"].mfa_challenge_ttl
        return {
            "mfa_required": True,
            "mfa_token": self.mfa_token,
            "expires_in": int(ttl.total_seconds()),
        }


def login(*, email: str, password: str, ip: str) -> LoginResult:
    """Check the password (throttled per account and IP); return tokens or an MFA challenge."""
    throttle = login_throttle()
    throttle.check(account=email, ip=ip)  # 429 with Retry-After when locked out
    user = find_for_login(email=email)
    # Always one Argon2 verification, also for unknown emails: equal timing.
    if not passwords().verify(user.password_hash if user else None, password) or user is None:
        throttle.record_failure(account=email, ip=ip)
        audit.record(
            "auth.login_failed",
            user_id=user.id if user else None,
            actor="anonymous",
            outcome="failure",
            reason="bad_credentials",
        )
        db.session.commit()
        raise Unauthorized(BAD_CREDENTIALS)
    if not user.is_active:
        audit.record("auth.login_failed", user_id=user.id, outcome="failure", reason="disabled")
        db.session.commit()
        raise Forbidden("This account is disabled.")
    if passwords().needs_rehash(user.password_hash):
        # The only moment the plain password is at hand: upgrade the hash's parameters.
        user.password_hash = passwords().hash(password)
    if user.mfa_enabled:
        # The account's failure count stays until the second factor is right too.
        token = mfa.open_challenge(user=user)
        audit.record("auth.mfa_challenged", user_id=user.id)
        db.session.commit()
        return LoginResult(mfa_token=token)
    throttle.reset(account=email)
    return LoginResult(tokens=_finish_login(user, amr=("pwd",)))


def login_with_second_factor(*, mfa_token: str, code: str, ip: str) -> sessions.IssuedTokens:
    """Complete a login that needed a TOTP or recovery code (throttled like passwords)."""
    challenge, user = mfa.pending_challenge(token=mfa_token)
    throttle = login_throttle()
    throttle.check(account=user.email, ip=ip)
    factor = mfa.answer_challenge(challenge=challenge, user=user, code=code)
    if factor is None:
        # Counted like a wrong password: knowing the password must not buy endless guesses.
        throttle.record_failure(account=user.email, ip=ip)
        audit.record("auth.mfa_failed", user_id=user.id, actor="anonymous", outcome="failure")
        db.session.commit()
        raise Unauthorized("That code is not right.")
    throttle.reset(account=user.email)
    return _finish_login(user, amr=("pwd", "otp" if factor == "otp" else "rec"))


def logout(*, claims: dict[str, Any]) -> None:
    """Revoke the access token presented and end the session it belongs to."""
    revoke(claims["jti"], expires_at=int(claims["exp"]))
    session_id = claims.get("sid")
    user_id = int(claims["sub"]) if str(claims["sub"]).isdigit() else None
    if session_id and user_id is not None:
        session = sessions.owned_session(user_id=user_id, session_id=session_id)
        if session is not None:
            sessions.end(session=session, reason="logout")
    audit.record("auth.logout", user_id=user_id, target=f"session:{session_id}")
    db.session.commit()
    if user_id is not None:
        events.emit("user.logged_out", user_id=user_id, session_id=session_id)


def _finish_login(user: User, *, amr: tuple[str, ...]) -> sessions.IssuedTokens:
    tokens = sessions.start(user=user, amr=amr)
    user.last_login_at = utcnow()
    audit.record("auth.login", user_id=user.id, target=f"session:{tokens.session_id}", amr=amr)
    db.session.commit()
    events.emit("user.logged_in", user_id=user.id, session_id=tokens.session_id, amr=list(amr))
    return tokens
