"""Multi-factor authentication with TOTP (RFC 6238) and one-time recovery codes.

Enrolment shows the secret once (as text and as an otpauth:// URI for a QR code); a
code from the app confirms it and turns MFA on, and the recovery codes are shown once.
From then on a correct password only opens a short-lived login challenge that a TOTP
or recovery code completes. The TOTP secret must be read back to check codes, so it is
stored encrypted with a key derived from SECRET_KEY; recovery codes are stored as digests.
"""

from __future__ import annotations

import base64
import hmac
import re
import time

import pyotp
from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from flask import current_app
from sqlalchemy import delete, func, select

from projects.core import Conflict, Forbidden, Unauthorized

from ..models import LoginChallenge, RecoveryCode, User, db, utcnow
from . import audit
from .credentials import digest, new_code, new_secret
from .passwords import passwords

TOTP_CODE = re.compile(r"\d{6}")
VALID_WINDOW = 1  # accept the previous and next 30 s step too: clocks drift


def begin_enrolment(*, user: User, password: str) -> tuple[str, str]:
    """Make a new TOTP secret for the user (not yet active); return it and its otpauth URI."""
    if user.mfa_enabled:
        raise Conflict("Multi-factor authentication is already on; turn it off first.")
    _require_password(user, password)
    secret = pyotp.random_base32()
    user.totp_secret = _cipher().encrypt(secret.encode()).decode()
    user.totp_last_counter = None
    audit.record("mfa.enrolment_started", user_id=user.id)
    db.session.commit()
    uri = pyotp.TOTP(secret).provisioning_uri(
        name=user.email, issuer_name=current_app.config["SETTINGS"].totp_issuer
    )
    return secret, uri


def confirm_enrolment(*, user: User, code: str) -> list[str]:
    """Turn MFA on once the user proves their app shows the right codes; return recovery codes."""
    if user.mfa_enabled:
        raise Conflict("Multi-factor authentication is already on.")
    if user.totp_secret is None:
        raise Conflict("Start the enrolment first (POST /api/auth/mfa/totp).")
    if not _check_totp(user, code):
        audit.record("mfa.enrolment_failed", user_id=user.id, outcome="failure")
        db.session.commit()
        raise Forbidden("That code is not right; check the time on your device.")
    user.totp_enabled_at = utcnow()
    codes = _replace_recovery_codes(user)
    audit.record("mfa.enabled", user_id=user.id)
    db.session.commit()
    return codes


def disable(*, user: User, password: str, code: str) -> None:
    """Turn MFA off, with the password and a current code (or a recovery code)."""
    if not user.mfa_enabled:
        raise Conflict("Multi-factor authentication is not on.")
    _require_password(user, password)
    _require_second_factor(user, code)
    user.totp_secret = user.totp_enabled_at = user.totp_last_counter = None
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    audit.record("mfa.disabled", user_id=user.id)
    db.session.commit()


def regenerate_recovery_codes(*, user: User, code: str) -> list[str]:
    """Replace all recovery codes (after proving a second factor); return the new ones."""
    if not user.mfa_enabled:
        raise Conflict("Multi-factor authentication is not on.")
    _require_second_factor(user, code)
    codes = _replace_recovery_codes(user)
    audit.record("mfa.recovery_codes_replaced", user_id=user.id)
    db.session.commit()
    return codes


def recovery_codes_left(*, user: User) -> int:
    """Return how many unused recovery codes the user has."""
    return db.session.scalar(
        select(func.count())
        .select_from(RecoveryCode)
        .where(RecoveryCode.user_id == user.id, RecoveryCode.used_at.is_(None))
    )


def verify_second_factor(*, user: User, code: str) -> str | None:
    """Return "otp" or "recovery" for a correct code (using it up), None for a wrong one."""
    code = code.strip()
    if TOTP_CODE.fullmatch(code):
        return "otp" if _check_totp(user, code) else None
    normalized = code.upper().replace("-", "").replace(" ", "")
    if not normalized.isalnum():
        return None
    grouped = "-".join(normalized[i : i + 4] for i in range(0, len(normalized), 4))
    used = db.session.scalar(
        select(RecoveryCode).where(
            RecoveryCode.user_id == user.id,
            RecoveryCode.code_hash == digest(grouped),
            RecoveryCode.used_at.is_(None),
        )
    )
    if used is None:
        return None
    used.used_at = utcnow()
    return "recovery"


def open_challenge(*, user: User) -> str:
    """Start the second login step for `user`; return the token that names it."""
    token = new_secret()
    settings = current_app.config["SETTINGS"]
    db.session.add(
        LoginChallenge(
            token_hash=digest(token),
            user_id=user.id,
            expires_at=utcnow() + settings.mfa_challenge_ttl,
        )
    )
    return token


def pending_challenge(*, token: str) -> tuple[LoginChallenge, User]:
    """Return the open challenge this token names and its user; 401 if it is not usable.

    A challenge is used once, expires, and dies after too many wrong codes.
    """
    challenge = db.session.scalar(
        select(LoginChallenge).where(LoginChallenge.token_hash == digest(token)).with_for_update()
    )
    settings = current_app.config["SETTINGS"]
    if challenge is None or challenge.used_at is not None or challenge.expires_at <= utcnow():
        raise Unauthorized("This login step has expired; log in again.")
    if challenge.attempts >= settings.mfa_max_attempts:
        raise Unauthorized("Too many wrong codes; log in again.")
    user = db.session.get(User, challenge.user_id)
    if user is None or user.deleted_at is not None or not user.is_active:
        raise Unauthorized("This account no longer exists or is disabled.")
    return challenge, user


def answer_challenge(*, challenge: LoginChallenge, user: User, code: str) -> str | None:
    """Check the code: use the challenge up and return the factor, or count a wrong try."""
    factor = verify_second_factor(user=user, code=code)
    if factor is None:
        challenge.attempts += 1
    else:
        challenge.used_at = utcnow()
    return factor


def _check_totp(user: User, code: str) -> bool:
    """Check a TOTP code, refusing one whose time step was already used (a replay)."""
    if user.totp_secret is None or not TOTP_CODE.fullmatch(code.strip()):
        return False
    totp = pyotp.TOTP(_secret(user))
    current = totp.timecode(time.time())
    last = user.totp_last_counter if user.totp_last_counter is not None else -1
    for counter in range(current - VALID_WINDOW, current + VALID_WINDOW + 1):
        if counter > last and hmac.compare_digest(totp.generate_otp(counter), code.strip()):
            user.totp_last_counter = counter
            return True
    return False


def _require_password(user: User, password: str) -> None:
    if not passwords().verify(user.password_hash, password):
        raise Forbidden("That password is not right.")


def _require_second_factor(user: User, code: str) -> None:
    if verify_second_factor(user=user, code=code) is None:
        raise Forbidden("That code is not right.")


def _replace_recovery_codes(user: User) -> list[str]:
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    count = current_app.config["SETTINGS"].recovery_code_count
    codes = [new_code() for _ in range(count)]
    db.session.add_all(RecoveryCode(user_id=user.id, code_hash=digest(code)) for code in codes)
    return codes


def _secret(user: User) -> str:
    try:
        return _cipher().decrypt(user.totp_secret.encode()).decode()  # type: ignore[union-attr]
    except InvalidToken:
        # SECRET_KEY changed since enrolment: the seed cannot be read back.
        raise Conflict(
            "Your MFA secret cannot be read; ask an administrator to reset it."
        ) from None


def _cipher() -> Fernet:
    """Return the Fernet cipher whose key is derived from SECRET_KEY (HKDF-SHA256)."""
    secret = current_app.config["SECRET_KEY"].encode()
    key = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"auth_service totp").derive(
        secret
    )
    return Fernet(base64.urlsafe_b64encode(key))
