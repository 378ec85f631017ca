"""Fixtures for chapter 3's demo tests: every demo test runs on SQLite and on PostgreSQL."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from chapters.ch03_databases.api_demo import create_app
from chapters.ch03_databases.api_demo.database import db

DATABASES = ["sqlite", "postgresql"]


def database_url(request: pytest.FixtureRequest, tmp_path: Path, backend: str) -> str:
    """Return the URL of an empty database of `backend`, private to this test."""
    if backend == "sqlite":
        return f"sqlite:///{tmp_path / 'library.db'}"
    return request.getfixturevalue("postgres_sqlalchemy_url")


# Exercise tests run on SQLite; those marked @on_both_databases on PostgreSQL as well.
on_both_databases = pytest.mark.parametrize("database", DATABASES, indirect=True)


@pytest.fixture
def database(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Return the URL of an empty database: a SQLite file, or a real PostgreSQL one."""
    return database_url(request, tmp_path, getattr(request, "param", "sqlite"))


@pytest.fixture(params=DATABASES)
def app(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Flask]:
    """Build the demo on a fresh, migrated database, ignoring the caller's shell and .env."""
    url = database_url(request, tmp_path, request.param)
    app = create_app({"DATABASE_URL": url})
    yield app
    with app.app_context():
        db.engine.dispose()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    """Return a test client for the demo."""
    return app.test_client()


@pytest.fixture
def make_author(client: FlaskClient) -> Callable[..., dict[str, Any]]:
    """Return a factory that registers an author through the API and returns its JSON."""
    created = 0

    def make(name: str = "Ada Lovelace", email: str | None = None) -> dict[str, Any]:
        nonlocal created
        created += 1
        body = {"name": name, "email": email or f"author{created}@example.com"}
        response = client.post("/api/authors", json=body)
        assert response.status_code == 201, response.get_json()
        return response.get_json()

    return make


@pytest.fixture
def make_book(client: FlaskClient) -> Callable[..., dict[str, Any]]:
    """Return a factory that adds a book through the API and returns its JSON."""
    created = 0

    def make(author_id: int, title: str = "A book", year: int | None = 1843) -> dict[str, Any]:
        nonlocal created
        created += 1
        body = {"author_id": author_id, "title": title, "isbn": f"978{created:010d}"}
        if year is not None:
            body["published_year"] = year
        response = client.post("/api/books", json=body)
        assert response.status_code == 201, response.get_json()
        return response.get_json()

    return make
