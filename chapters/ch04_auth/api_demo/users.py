"""An in-memory user store whose passwords are hashed with Argon2id."""

from __future__ import annotations

import threading
from dataclasses import dataclass, replace

from argon2 import PasswordHasher, profiles
from argon2.exceptions import InvalidHashError, VerificationError
from flask import Flask, current_app

# Development only: the README lists these so that you can log in to the demo.
DEMO_USERS = (
    ("alice", "correct-horse-admin", ("admin",)),
    ("bob", "correct-horse-editor", ("editor",)),
    ("carol", "correct-horse-viewer", ("viewer",)),
)


@dataclass(frozen=True)
class User:
    username: str
    roles: tuple[str, ...]
    password_hash: str


# --8<-- [start:store]
class UserStore:
    """Users by name; passwords are only ever stored as Argon2id hashes."""

    def __init__(self, hasher: PasswordHasher) -> None:
        self._hasher = hasher
        self._users: dict[str, User] = {}
        self._lock = threading.Lock()
        # Verifying against this when the name is unknown makes a wrong name take as
        # long as a wrong password, so response times do not reveal who has an account.
        self._dummy_hash = hasher.hash("not-a-real-password")

    def add(self, *, username: str, password: str, roles: tuple[str, ...]) -> User:
        """Create a user, hashing the password."""
        user = User(username=username, roles=roles, password_hash=self._hasher.hash(password))
        with self._lock:
            self._users[username] = user
        return user

    def get(self, username: str) -> User | None:
        """Return the user called `username`, if there is one."""
        return self._users.get(username)

    def all(self) -> list[User]:
        """Return every user, by name."""
        return sorted(self._users.values(), key=lambda user: user.username)

    def authenticate(self, *, username: str, password: str) -> User | None:
        """Return the user when the password matches, else None (never saying which part failed)."""
        user = self._users.get(username)
        try:
            self._hasher.verify(user.password_hash if user else self._dummy_hash, password)
        except (VerificationError, InvalidHashError):
            return None
        if user is None:
            return None
        if self._hasher.check_needs_rehash(user.password_hash):
            # The cost parameters went up since this hash was made: upgrade it now,
            # the only moment we hold the plain password.
            user = replace(user, password_hash=self._hasher.hash(password))
            with self._lock:
                self._users[username] = user
        return user


# --8<-- [end:store]


def init_app(app: Flask, *, environment: str) -> UserStore:
    """Attach a user store; outside production, seed it with the demo users."""
    # Tests hash hundreds of passwords: there the cheapest parameters are fine.
    # Everywhere else, argon2-cffi's defaults (RFC 9106's low-memory profile).
    if environment == "testing":
        hasher = PasswordHasher.from_parameters(profiles.CHEAPEST)
    else:
        hasher = PasswordHasher()
    store = UserStore(hasher)
    if environment != "production":
        for username, password, roles in DEMO_USERS:
            store.add(username=username, password=password, roles=roles)
        app.logger.info(
            "seeded demo users %s (never in production)",
            ", ".join(name for name, _, _ in DEMO_USERS),
        )
    app.extensions["users"] = store
    return store


def user_store() -> UserStore:
    """Return the current app's user store."""
    return current_app.extensions["users"]
