"""Argon2id password hashing: hash, verify (in constant time for unknown users), rehash."""

from __future__ import annotations

from argon2 import PasswordHasher, profiles
from argon2.exceptions import InvalidHashError, VerificationError
from flask import Flask, current_app

from .credentials import new_secret

EXTENSION_KEY = "auth_service.passwords"


class Passwords:
    """Hash and check passwords with one Argon2id parameter set."""

    def __init__(self, hasher: PasswordHasher) -> None:
        self.hasher = hasher
        # Checking a wrong name against this costs what a wrong password costs, so the
        # response time does not tell an attacker which accounts exist.
        self._dummy_hash = hasher.hash(new_secret())

    def hash(self, password: str) -> str:
        """Return the Argon2id hash of `password` (salted, parameters encoded in it)."""
        return self.hasher.hash(password)

    def verify(self, stored_hash: str | None, password: str) -> bool:
        """Say whether `password` matches; with no hash (unknown user) take as long and say no."""
        try:
            self.hasher.verify(stored_hash or self._dummy_hash, password)
        except (VerificationError, InvalidHashError):
            return False
        return stored_hash is not None

    def needs_rehash(self, stored_hash: str) -> bool:
        """Say whether the hash was made with other parameters than today's."""
        return self.hasher.check_needs_rehash(stored_hash)


def init_app(app: Flask, *, testing: bool) -> None:
    """Attach the app's password hasher: RFC 9106's low-memory profile, cheap in tests only."""
    hasher = PasswordHasher.from_parameters(profiles.CHEAPEST) if testing else PasswordHasher()
    app.extensions[EXTENSION_KEY] = Passwords(hasher)


def passwords() -> Passwords:
    """Return the current app's password hasher."""
    return current_app.extensions[EXTENSION_KEY]
