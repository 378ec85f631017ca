"""SQLAlchemy for a service: its own metadata with stable constraint names, pooled engines."""

from __future__ import annotations

import os
from typing import Any

from flask import Flask
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import MetaData, make_url, text
from sqlalchemy.orm import DeclarativeBase

from .health import Check, add_check
from .settings import Settings

# Alembic can only drop or alter a constraint it can name; with this convention every
# index, key and check gets the same name on every database and in every migration.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
TESTING_DATABASE_URL = "sqlite://"  # in memory: unit tests and demos need no server


def create_db() -> SQLAlchemy:
    """Make a service's `db`, with a metadata and a model registry of its own."""

    # A new base per service: five services share one test process, and one shared
    # metadata would mix their tables (and their Alembic autogenerate) together.
    class Base(DeclarativeBase):
        metadata = MetaData(naming_convention=NAMING_CONVENTION)

    return SQLAlchemy(model_class=Base)


def engine_options(url: str, settings: Settings) -> dict[str, Any]:
    """Return create_engine() options for `url`: a checked, bounded, recycled pool."""
    options: dict[str, Any] = {"pool_pre_ping": True}  # drop connections the server closed
    if make_url(url).get_backend_name() == "sqlite":
        return options  # SQLite has no server to time out on, and Flask-SQLAlchemy sizes its pool
    options.update(
        pool_size=settings.database_pool_size,
        max_overflow=settings.database_max_overflow,
        pool_recycle=settings.database_pool_recycle,  # below server/proxy idle timeouts
        pool_timeout=settings.database_connect_timeout,
        connect_args={"connect_timeout": settings.database_connect_timeout},
    )
    return options


def init_app(
    app: Flask,
    db: SQLAlchemy,
    settings: Settings,
    *,
    migrations: str | os.PathLike[str] | None = None,
) -> None:
    """Bind `db` to the app, add Flask-Migrate's `flask db` commands and a readiness check."""
    url = settings.database_url or TESTING_DATABASE_URL
    app.config["SQLALCHEMY_DATABASE_URI"] = url
    app.config["SQLALCHEMY_ENGINE_OPTIONS"] = engine_options(url, settings)
    db.init_app(app)
    if migrations is not None:
        Migrate(app, db, directory=str(migrations), compare_type=True)
    add_check(app, "database", database_check(db))


def database_check(db: SQLAlchemy) -> Check:
    """Return a readiness check that runs SELECT 1 on the app's database."""

    def check() -> None:
        with db.engine.connect() as connection:
            connection.execute(text("SELECT 1"))

    return check
