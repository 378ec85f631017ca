"""Fixtures for core's tests: core.testing's own, loaded the way a service loads them."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from flask import Flask

from projects.core.testing import *  # noqa: F403

from . import example_service


@pytest.fixture
def app(live_settings_factory: Callable[..., Any]) -> Iterator[Flask]:
    """Build the example service on a fresh PostgreSQL database and a flushed Redis db."""
    app = example_service.build(live_settings_factory())
    with app.app_context():
        example_service.db.create_all()
    yield app
    with app.app_context():
        example_service.db.engine.dispose()  # before the fixture drops the database


@pytest.fixture
def light_app(settings_factory: Callable[..., Any]) -> Flask:
    """Build the example service on in-memory SQLite, for tests that need no real server."""
    app = example_service.build(settings_factory())
    with app.app_context():
        example_service.db.create_all()
    return app
