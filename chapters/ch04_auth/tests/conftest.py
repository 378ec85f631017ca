"""Fixtures for chapter 4's demo tests."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from chapters.ch04_auth.api_demo import create_app
from chapters.ch04_auth.api_demo.users import DEMO_USERS

# Explicit settings: never the caller's shell or a .env file.
TEST_CONFIG = {
    "APP_ENV": "testing",
    "SECRET_KEY": "test-secret-key-" + "s" * 32,
    "JWT_SECRET_KEY": "test-jwt-signing-key-" + "j" * 32,
}
PASSWORDS = {name: password for name, password, _ in DEMO_USERS}


@pytest.fixture
def make_app() -> Callable[..., Flask]:
    """Return a factory for demo apps with the test settings plus any overrides."""

    def make(**overrides: Any) -> Flask:
        return create_app(TEST_CONFIG | overrides)

    return make


@pytest.fixture
def app(make_app) -> Flask:
    """Build the demo in its testing environment."""
    return make_app()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    """Return a test client for the demo."""
    return app.test_client()


@pytest.fixture
def login(client: FlaskClient) -> Callable[[str], dict[str, Any]]:
    """Return a function that logs a demo user in and returns the token response."""

    def log_in(username: str) -> dict[str, Any]:
        response = client.post(
            "/auth/login", json={"username": username, "password": PASSWORDS[username]}
        )
        assert response.status_code == 200, response.get_json()
        return response.get_json()

    return log_in
