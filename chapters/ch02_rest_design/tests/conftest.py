"""Fixtures for chapter 2's demo tests."""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient

from chapters.ch02_rest_design.api_demo import create_app


@pytest.fixture
def app() -> Flask:
    """Build the demo in its testing environment (no example rows), ignoring the shell."""
    return create_app({"APP_ENV": "testing"})


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    """Return a test client for the demo."""
    return app.test_client()
