"""Example rows, so the first click in Swagger UI shows data rather than an empty list."""

from __future__ import annotations

from flask import Flask

from .post_service import EXTENSION as POSTS
from .user_service import EXTENSION as USERS

EXAMPLE_USERS = [
    {"username": "ada", "email": "ada@example.com", "bio": "Wrote the first published program."},
    {"username": "grace", "email": "grace@example.com", "bio": "Built the first compiler."},
]
EXAMPLE_POSTS = [
    {"name": "Ada Lovelace", "username": "ada", "body": "Notes on the Analytical Engine, part 1."},
    {"name": "Grace Hopper", "username": "grace", "body": "Found an actual bug in the relay."},
    {"name": "Ada Lovelace", "username": "ada", "body": "The engine could compose music."},
]


def load_examples(app: Flask) -> None:
    """Add the example users and posts to this app's (empty) services."""
    for user in EXAMPLE_USERS:
        app.extensions[USERS].create(**user)
    for post in EXAMPLE_POSTS:
        app.extensions[POSTS].create(**post)
