"""pytest fixtures that hand each test an isolated database, Redis db or Mongo db.

A server is started at most once per test session, on first use, unless its URL is
in the environment (`DATABASE_URL`, `REDIS_URL`, `MONGODB_URL`): then the server you
named is used as it is. Isolation per test: a fresh PostgreSQL database, a flushed
Redis db, a Mongo database with a fresh name. Servers stop when the session ends,
also after a failure or Ctrl-C; SIGTERM is turned into the same orderly shutdown.
"""

from __future__ import annotations

import os
import signal
import threading
import uuid
from collections.abc import Iterator
from urllib.parse import urlsplit, urlunsplit

import pytest
import redis

from testing.services import elasticsearch, postgres
from testing.services.mongodb import MongoServer
from testing.services.postgres import PostgresServer
from testing.services.redis import RedisServer

__all__ = [
    "elasticsearch_url",
    "mongodb_server_url",
    "mongodb_url",
    "postgres_server_url",
    "postgres_sqlalchemy_url",
    "postgres_url",
    "pytest_configure",
    "redis_server",
    "redis_server_url",
    "redis_url",
]


def pytest_configure(config: pytest.Config) -> None:
    """Make SIGTERM unwind like Ctrl-C, so session teardown stops the servers."""
    if threading.current_thread() is threading.main_thread():
        if signal.getsignal(signal.SIGTERM) is signal.SIG_DFL:
            signal.signal(signal.SIGTERM, _raise_keyboard_interrupt)


def _raise_keyboard_interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt(f"signal {signum}")


def _server_url(env_var: str, server: type[PostgresServer | RedisServer | MongoServer]):
    """Yield the URL in `env_var` if set; otherwise start `server` and close it after."""
    if url := os.environ.get(env_var):
        yield url
        return
    running = server()
    try:
        yield running.start()
    finally:
        running.close()


# ---------------------------------------------------------------- PostgreSQL
@pytest.fixture(scope="session")
def postgres_server_url() -> Iterator[str]:
    """Yield the admin URL of the session's PostgreSQL server."""
    yield from _server_url("DATABASE_URL", PostgresServer)


@pytest.fixture
def postgres_url(postgres_server_url: str) -> Iterator[str]:
    """Yield the libpq URL of a fresh, empty database, dropped after the test."""
    url = postgres.create_database(postgres_server_url)
    try:
        yield url
    finally:
        postgres.drop_database(postgres_server_url, url)


@pytest.fixture
def postgres_sqlalchemy_url(postgres_url: str) -> str:
    """Return the fresh database's URL in SQLAlchemy's `postgresql+psycopg://` form."""
    return postgres.sqlalchemy_url(postgres_url)


# ---------------------------------------------------------------- Redis
@pytest.fixture(scope="session")
def redis_server_url() -> Iterator[str]:
    """Yield the URL of the session's Redis server."""
    yield from _server_url("REDIS_URL", RedisServer)


@pytest.fixture
def redis_url(redis_server_url: str) -> Iterator[str]:
    """Yield the URL of a Redis db that is empty when the test starts and after it."""
    client = redis.Redis.from_url(redis_server_url)
    client.flushdb()
    try:
        yield redis_server_url
    finally:
        client.flushdb()
        client.close()


@pytest.fixture
def redis_server() -> Iterator[RedisServer]:
    """Yield a private Redis server that the test may stop and start again."""
    server = RedisServer()
    server.start()
    try:
        yield server
    finally:
        server.close()


# ---------------------------------------------------------------- MongoDB wire
@pytest.fixture(scope="session")
def mongodb_server_url() -> Iterator[str]:
    """Yield the URL of the session's MongoDB-wire server."""
    yield from _server_url("MONGODB_URL", MongoServer)


@pytest.fixture
def mongodb_url(mongodb_server_url: str) -> Iterator[str]:
    """Yield a URL whose default database is new, and drop that database afterwards."""
    from pymongo import MongoClient

    name = f"test_{uuid.uuid4().hex[:12]}"
    parts = urlsplit(mongodb_server_url)
    url = urlunsplit(parts._replace(path=f"/{name}"))
    try:
        yield url
    finally:
        with MongoClient(mongodb_server_url) as client:
            client.drop_database(name)


# ---------------------------------------------------------------- Elasticsearch
@pytest.fixture(scope="session")
def elasticsearch_url() -> str:
    """Return ELASTICSEARCH_URL when a cluster answers there; skip the test otherwise."""
    url = os.environ.get("ELASTICSEARCH_URL")
    if not url:
        pytest.skip("no Elasticsearch: set ELASTICSEARCH_URL to a running cluster to run this")
    problem = elasticsearch.why_not_answering(url)
    if problem:
        pytest.skip(f"Elasticsearch at {url} does not answer ({problem})")
    return url
