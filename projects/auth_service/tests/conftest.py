"""Fixtures for the auth service's tests: the app on real PostgreSQL and Redis, users, logins."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from projects.auth_service.api import create_app
from projects.auth_service.models import User, db
from projects.auth_service.services.passwords import passwords
from projects.auth_service.settings import AuthSettings
from projects.core.testing import *  # noqa: F403  (fixtures are found by name)
from projects.core.testing import api_client

PASSWORD = "correct-horse-battery"


@pytest.fixture
def app(live_settings_factory: Callable[..., Any]) -> Iterator[Flask]:
    """Build the service on a fresh PostgreSQL database (migrated at start) and a flushed Redis."""
    app = create_app(live_settings_factory(AuthSettings, jwt_jwks=None))
    yield app
    with app.app_context():
        db.engine.dispose()  # before the fixture drops the database


@pytest.fixture
def light_app(settings_factory: Callable[..., Any]) -> Iterator[Flask]:
    """Build the service on in-memory SQLite without Redis, for tests that need no server."""
    app = create_app(settings_factory(AuthSettings, jwt_jwks=None))
    yield app
    with app.app_context():
        db.engine.dispose()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    """Return a JSON test client for the app."""
    return api_client(app)


@pytest.fixture
def make_user(app: Flask) -> Callable[..., User]:
    """Return `make_user(email=..., password=..., role="user", username=None)`."""
    return user_factory(app)


def user_factory(app: Flask) -> Callable[..., User]:
    """Return a function that creates a user directly in the app's database."""
    counter = iter(range(1, 10_000))

    def make(
        email: str | None = None,
        *,
        password: str = PASSWORD,
        role: str = "user",
        username: str | None = None,
    ) -> User:
        number = next(counter)
        with app.app_context():
            user = User(
                email=email or f"user{number}@example.com",
                username=username or f"user{number}",
                password_hash=passwords().hash(password),
                role=role,
            )
            db.session.add(user)
            db.session.commit()
            db.session.refresh(user)
            db.session.expunge(user)
        return user

    return make


def login(client: FlaskClient, email: str, password: str = PASSWORD) -> dict[str, Any]:
    """Log in and return the token answer; fail the test if the login fails."""
    response = client.post("/api/auth/login", json={"email": email, "password": password})
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def bearer(app: Flask, token: str) -> FlaskClient:
    """Return a JSON test client that sends `token`."""
    return api_client(app, token=token)


@pytest.fixture
def admin(app: Flask, make_user: Callable[..., User]) -> FlaskClient:
    """Return a client logged in as an administrator."""
    user = make_user("root@example.com", role="admin", username="root")
    return bearer(app, login(api_client(app), user.email)["access_token"])
