"""Random credentials (API keys, codes, client secrets) and the digests stored instead."""

from __future__ import annotations

import hashlib
import hmac
import secrets

# No 0/O or 1/I: recovery codes are read off paper and typed in by hand.
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def new_secret(nbytes: int = 32) -> str:
    """Return a URL-safe random string with `nbytes` bytes of entropy."""
    return secrets.token_urlsafe(nbytes)


def new_id() -> str:
    """Return a random 128-bit identifier as 32 hex characters."""
    return secrets.token_hex(16)


def new_code(groups: int = 4, size: int = 4) -> str:
    """Return a code like ABCD-EF23-GH45-JK67 (80 random bits with the defaults)."""
    chars = [secrets.choice(CODE_ALPHABET) for _ in range(groups * size)]
    return "-".join("".join(chars[i : i + size]) for i in range(0, len(chars), size))


def digest(value: str) -> str:
    """Return the SHA-256 hex digest stored in place of a high-entropy secret.

    A fast hash is enough here, unlike for passwords: these secrets are random and long,
    so a leaked digest cannot be reversed by guessing.
    """
    return hashlib.sha256(value.encode()).hexdigest()


def matches(value: str, stored_digest: str) -> bool:
    """Compare `value` with a stored digest in constant time."""
    return hmac.compare_digest(digest(value), stored_digest)
