"""Users: the record, and an in-memory service that keeps their rules under one lock."""

from __future__ import annotations

import dataclasses
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from flask import Flask, current_app

from .clock import utc_now
from .errors import Conflict, NotFound

EXTENSION = "users"


@dataclass(frozen=True)
class User:
    """One user as the service stores it."""

    id: int
    username: str
    email: str
    bio: str
    created_at: datetime
    updated_at: datetime


# --8<-- [start:service]
class UserService:
    """Keep users in memory; one lock makes check-then-write steps atomic across threads."""

    def __init__(self, *, clock: Callable[[], datetime] = utc_now) -> None:
        self._lock = threading.Lock()
        self._users: dict[int, User] = {}
        self._next_id = 1
        self._clock = clock

    def list(self, *, search: str | None = None) -> list[User]:
        """Return users in id order, keeping those whose username or email contains `search`."""
        with self._lock:
            users = list(self._users.values())
        needle = (search or "").strip().casefold()
        return [user for user in users if needle in f"{user.username.casefold()} {user.email}"]

    def get(self, user_id: int) -> User:
        """Return the user with `user_id`, or raise NotFound."""
        with self._lock:
            return self._existing(user_id)

    def create(self, *, username: str, email: str, bio: str = "") -> User:
        """Store a new user; raise Conflict when the username or email is taken."""
        username, email, bio = username.strip(), email.strip().lower(), bio.strip()
        with self._lock:
            self._ensure_unique(username=username, email=email, ignore_id=None)
            now = self._clock()
            user = User(self._next_id, username, email, bio, created_at=now, updated_at=now)
            self._users[user.id] = user
            self._next_id += 1
        return user

    # --8<-- [end:service]

    # --8<-- [start:put_patch]
    def replace(self, user_id: int, *, username: str, email: str, bio: str = "") -> User:
        """PUT: set every writable field; one left out goes back to its default."""
        return self._change(user_id, username=username, email=email, bio=bio)

    def update(
        self,
        user_id: int,
        *,
        username: str | None = None,
        email: str | None = None,
        bio: str | None = None,
    ) -> User:
        """PATCH: change only the fields given, keep the rest."""
        given = {"username": username, "email": email, "bio": bio}
        changes = {key: value for key, value in given.items() if value is not None}
        return self._change(user_id, **changes)

    def _change(self, user_id: int, **changes: str) -> User:
        changes = {key: value.strip() for key, value in changes.items()}
        if "email" in changes:
            changes["email"] = changes["email"].lower()
        with self._lock:
            current = self._existing(user_id)
            self._ensure_unique(
                username=changes.get("username"), email=changes.get("email"), ignore_id=user_id
            )
            updated = dataclasses.replace(current, **changes, updated_at=self._clock())
            self._users[user_id] = updated
        return updated

    # --8<-- [end:put_patch]

    def delete(self, user_id: int) -> None:
        """Remove the user with `user_id`, or raise NotFound."""
        with self._lock:
            self._existing(user_id)
            del self._users[user_id]

    def _existing(self, user_id: int) -> User:
        user = self._users.get(user_id)
        if user is None:
            raise NotFound(f"No user has id {user_id}")
        return user

    def _ensure_unique(
        self, *, username: str | None, email: str | None, ignore_id: int | None
    ) -> None:
        for user in self._users.values():
            if user.id == ignore_id:
                continue
            if username is not None and user.username.casefold() == username.casefold():
                raise Conflict(
                    f"The username {username!r} is taken", fields={"username": "Already taken"}
                )
            if email is not None and user.email == email:
                raise Conflict(
                    f"The email {email!r} is already registered",
                    fields={"email": "Already registered"},
                )


def init_app(app: Flask) -> None:
    """Give this app its own, empty user service."""
    app.extensions[EXTENSION] = UserService()


def user_service() -> UserService:
    """Return the user service of the app handling the current request."""
    return current_app.extensions[EXTENSION]
