"""The extensions (Flask-SQLAlchemy, Flask-Migrate), engine set-up and migration helpers."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from alembic import command
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask import Flask
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import Connection, MetaData, event
from sqlalchemy.orm import DeclarativeBase

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


# --8<-- [start:base]
# Predictable constraint names: migrations can drop them, and errors can be matched on them.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """The declarative base every model of the demo inherits from."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


# expire_on_commit=False: a view may serialise what it just saved without reloading it.
db = SQLAlchemy(model_class=Base, session_options={"expire_on_commit": False})
migrate = Migrate(directory=str(MIGRATIONS_DIR))
# --8<-- [end:base]


# --8<-- [start:init]
def init_app(app: Flask) -> None:
    """Attach the extensions, prepare the engine and, if configured, migrate to head."""
    db.init_app(app)
    migrate.init_app(app, db)
    with app.app_context():
        if db.engine.dialect.name == "sqlite":
            event.listen(db.engine, "connect", _sqlite_pragmas)
        if app.config["AUTO_MIGRATE"]:
            upgrade_to_head()


def _sqlite_pragmas(dbapi_connection: Any, _record: object) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys = ON")  # off by default, per connection, in SQLite
    cursor.execute("PRAGMA journal_mode = WAL")  # readers no longer block the one writer
    cursor.close()


def upgrade_to_head() -> None:
    """Apply every migration the database lacks (call inside an app context)."""
    config = migrate.get_config()
    config.attributes["configure_logging"] = False  # leave the app's loggers alone
    command.upgrade(config, "head")


# --8<-- [end:init]


def schema_revisions(connection: Connection) -> tuple[str | None, str | None]:
    """Return the database's migration revision and the newest one in migrations/."""
    current = MigrationContext.configure(connection).get_current_revision()
    head = ScriptDirectory(str(MIGRATIONS_DIR)).get_current_head()
    return current, head
