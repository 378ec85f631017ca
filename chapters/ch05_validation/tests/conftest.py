"""Fixtures for chapter 5's demo tests."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from chapters.ch05_validation.api_demo import create_app
from chapters.ch05_validation.tests.factories import valid_order


@pytest.fixture
def app() -> Flask:
    """Build the demo in its testing environment, ignoring the caller's shell."""
    return create_app({"APP_ENV": "testing"})


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    """Return a test client for the demo."""
    return app.test_client()


@pytest.fixture
def order() -> dict[str, Any]:
    """Return a fresh valid order body that tests may change."""
    return valid_order()
