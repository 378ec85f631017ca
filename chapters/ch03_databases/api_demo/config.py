"""Settings read from the environment: which database, and how to pool connections to it."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dotenv import dotenv_values
from sqlalchemy.engine import make_url
from sqlalchemy.pool import StaticPool

DEFAULT_DATABASE_FILE = "ch03_library.db"
_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


class ConfigError(RuntimeError):
    """The environment does not describe a configuration the app may run with."""


# --8<-- [start:settings]
@dataclass(frozen=True)
class Settings:
    """Everything the demo reads from its environment, typed and validated once."""

    database_url: str
    pool_size: int = 5  # connections kept open per process
    max_overflow: int = 10  # extra connections allowed during a burst, closed afterwards
    pool_timeout: float = 30.0  # seconds a request waits for a free connection
    pool_recycle: int = 1800  # seconds before a connection is replaced (beats server timeouts)
    pool_pre_ping: bool = True  # test a connection on checkout; drop it if the server closed it
    auto_migrate: bool = True  # apply missing migrations at start-up (or run `flask db upgrade`)

    def engine_options(self) -> dict[str, Any]:
        """Return the keyword arguments for SQLAlchemy's create_engine()."""
        url = make_url(self.database_url)
        if url.get_backend_name() == "sqlite" and url.database in (None, "", ":memory:"):
            # One in-memory database exists per connection, so the pool must hold exactly one.
            return {"poolclass": StaticPool, "connect_args": {"check_same_thread": False}}
        return {
            "pool_size": self.pool_size,
            "max_overflow": self.max_overflow,
            "pool_timeout": self.pool_timeout,
            "pool_recycle": self.pool_recycle,
            "pool_pre_ping": self.pool_pre_ping,
        }

    def as_flask_config(self) -> dict[str, Any]:
        """Return the Flask config keys these settings stand for."""
        return {
            "SQLALCHEMY_DATABASE_URI": self.database_url,
            "SQLALCHEMY_ENGINE_OPTIONS": self.engine_options(),
            "AUTO_MIGRATE": self.auto_migrate,
            "RESTX_MASK_SWAGGER": False,
            "RESTX_ERROR_404_HELP": False,
            "ERROR_INCLUDE_MESSAGE": False,  # errors.py writes the whole error body
        }


# --8<-- [end:settings]


# --8<-- [start:load]
def load_settings(environ: Mapping[str, str] | None = None, *, env_file: str = ".env") -> Settings:
    """Build Settings from `environ`, or from the process environment over `env_file`."""
    values = dict(environ) if environ is not None else {**dotenv_values(env_file), **os.environ}
    # No DATABASE_URL: a SQLite file in the directory you started from.
    database_url = normalise_database_url(values.get("DATABASE_URL") or "")
    database_url = database_url or default_database_url()
    return Settings(
        database_url=database_url,
        pool_size=_integer(values, "DB_POOL_SIZE", 5, low=1),
        max_overflow=_integer(values, "DB_MAX_OVERFLOW", 10, low=0),
        pool_timeout=float(_integer(values, "DB_POOL_TIMEOUT", 30, low=1)),
        pool_recycle=_integer(values, "DB_POOL_RECYCLE", 1800, low=-1),
        pool_pre_ping=_boolean(values, "DB_POOL_PRE_PING", True),
        auto_migrate=_boolean(values, "AUTO_MIGRATE", True),
    )


def default_database_url() -> str:
    """Return the URL of the demo's SQLite file in the current working directory."""
    # An absolute path: Flask-SQLAlchemy would put a relative one in the instance folder.
    return f"sqlite:///{Path.cwd() / DEFAULT_DATABASE_FILE}"


def normalise_database_url(url: str) -> str:
    """Point postgres:// and postgresql:// URLs at the psycopg 3 driver the course installs."""
    url = url.strip()
    for scheme in ("postgres://", "postgresql://"):
        if url.startswith(scheme):
            return "postgresql+psycopg://" + url.removeprefix(scheme)
    return url


# --8<-- [end:load]


def _integer(values: Mapping[str, str], name: str, default: int, *, low: int) -> int:
    raw = (values.get(name) or "").strip()
    if not raw:
        return default
    try:
        number = int(raw)
    except ValueError:
        raise ConfigError(f"{name}={raw!r} is not a whole number") from None
    if number < low:
        raise ConfigError(f"{name}={number} is below the minimum of {low}")
    return number


def _boolean(values: Mapping[str, str], name: str, default: bool) -> bool:
    raw = (values.get(name) or "").strip().lower()
    if not raw:
        return default
    if raw in _TRUE | _FALSE:
        return raw in _TRUE
    raise ConfigError(f"{name}={raw!r}; use true or false")
