"""Posts: the record, the rules for a new post, and an in-memory, thread-safe service."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from flask import Flask, current_app

from .clock import utc_now
from .errors import ValidationFailed

EXTENSION = "posts"
# The longest value each field of a new post may have, in the order messages list them;
# the first two match the VARCHAR(255) and VARCHAR(100) columns a database would use.
MAX_LENGTHS = {"name": 255, "username": 100, "body": 5000}


@dataclass(frozen=True)
class Post:
    """One post as the service stores it."""

    id: int
    name: str
    username: str
    body: str
    created_at: datetime


# --8<-- [start:validate]
def validate_new_post(payload: object) -> dict[str, str]:
    """Return the trimmed name, username and body, or raise ValidationFailed naming each problem."""
    if not isinstance(payload, dict):
        raise ValidationFailed("Validation failed. The request body must be a JSON object")
    cleaned: dict[str, str] = {}
    missing: list[str] = []
    invalid: list[str] = []
    errors: dict[str, str] = {}
    for field, max_length in MAX_LENGTHS.items():
        label, value = field.capitalize(), payload.get(field)
        if value is not None and not isinstance(value, str):
            invalid.append(field)
            errors[field] = f"{label} must be a string"
        elif value is None or not value.strip():  # whitespace alone counts as empty
            missing.append(field)
            errors[field] = f"{label} cannot be empty"
        elif len(value.strip()) > max_length:
            invalid.append(field)
            errors[field] = f"{label} must be at most {max_length} characters"
        else:
            cleaned[field] = value.strip()
    if errors:
        problems = []
        if missing:
            problems.append(f"Missing required fields: {', '.join(missing)}")
        if invalid:
            problems.append(f"Invalid fields: {', '.join(invalid)}")
        raise ValidationFailed(f"Validation failed. {'. '.join(problems)}", fields=errors)
    return cleaned


# --8<-- [end:validate]


class PostService:
    """Keep posts in memory behind one lock; each app gets its own instance."""

    def __init__(self, *, clock: Callable[[], datetime] = utc_now) -> None:
        self._lock = threading.Lock()
        self._posts: list[Post] = []
        self._clock = clock

    def list(self) -> list[Post]:
        """Return every post, newest first."""
        with self._lock:
            return list(reversed(self._posts))

    def create(self, *, name: str, username: str, body: str) -> Post:
        """Store a post that validate_new_post has accepted and return it with its id."""
        with self._lock:
            post = Post(len(self._posts) + 1, name, username, body, created_at=self._clock())
            self._posts.append(post)
        return post


def init_app(app: Flask) -> None:
    """Give this app its own, empty post service."""
    app.extensions[EXTENSION] = PostService()


def post_service() -> PostService:
    """Return the post service of the app handling the current request."""
    return current_app.extensions[EXTENSION]
