"""Fixtures for chapter 1's demo tests."""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient

from chapters.ch01_environment.api_demo import create_app


@pytest.fixture
def app() -> Flask:
    """Build the demo in its testing environment, ignoring the caller's shell and .env."""
    return create_app({"APP_ENV": "testing"})


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    """Return a test client for the demo."""
    return app.test_client()
