"""Fixtures of the task API's tests: apps on real PostgreSQL and Redis, and per-user clients."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import event

from projects.core.testing import *  # noqa: F403
from projects.core.testing import api_client
from projects.task_api.api import create_app
from projects.task_api.models import db
from projects.task_api.settings import TaskSettings

LOOPBACK = ["127.0.0.0/8"]  # the tests' webhook receiver listens there


def _dispose(app: Flask) -> None:
    with app.app_context():
        db.engine.dispose()  # before the fixture drops the database


@pytest.fixture
def make_app(live_settings_factory: Callable[..., Any], tmp_path: Path) -> Iterator[Any]:
    """Return `make(**overrides)`: the task API on a fresh PostgreSQL database and Redis db."""
    built: list[Flask] = []

    def make(**overrides: Any) -> Flask:
        values = {
            "upload_dir": tmp_path / "uploads",
            "webhook_allowed_networks": LOOPBACK,
            "rate_limit_default": "100000/minute",  # tests poll the delivery log
        }
        app = create_app(live_settings_factory(TaskSettings, **{**values, **overrides}))
        built.append(app)
        return app

    yield make
    for app in built:
        _dispose(app)


@pytest.fixture
def app(make_app: Callable[..., Flask]) -> Flask:
    """Build the task API on real PostgreSQL and Redis."""
    return make_app()


@pytest.fixture
def light_app(settings_factory: Callable[..., Any], tmp_path: Path) -> Flask:
    """Build the task API on in-memory SQLite with no Redis, for tests that need no server."""
    settings = settings_factory(TaskSettings, upload_dir=tmp_path / "uploads")
    return create_app(settings)


@pytest.fixture
def client_for(app: Flask, token_for: Callable[..., str]) -> Callable[..., FlaskClient]:
    """Return `client_for(subject, roles=())`: a client of `app` sending that user's token."""

    def make(subject: str, *, roles: tuple[str, ...] = ()) -> FlaskClient:
        return api_client(app, token=token_for(subject, roles=roles))

    return make


@pytest.fixture
def sql_counter(app: Flask) -> Iterator[list[str]]:
    """Yield a list that collects every SQL statement `app` sends to its database."""
    statements: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        statements.append(statement)

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", record)
    yield statements
    event.remove(engine, "before_cursor_execute", record)
