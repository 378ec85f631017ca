"""Alembic's entry point for the task API, run by Flask-Migrate inside an app context.

The engine, its URL and the models' metadata come from the app, so `flask db …` and
the upgrade that create_app runs in development and testing use the same database.
"""

from __future__ import annotations

import logging
from logging.config import fileConfig
from typing import Any

from alembic import context
from flask import current_app
from sqlalchemy import text

# An arbitrary number that names this service's migration lock in PostgreSQL.
ADVISORY_LOCK = 7_302_002

config = context.config
# Only a bare `flask db …` run configures logging; an upgrade started by the app (or
# under pytest) must not replace the process's loggers.
if config.config_file_name and config.attributes.get("configure_logging", True):
    fileConfig(config.config_file_name, disable_existing_loggers=False)
log = logging.getLogger("alembic.env")

migrate = current_app.extensions["migrate"]
engine = migrate.db.engine
target_metadata = migrate.db.metadata


def _no_empty_revisions(_context: object, _revision: object, directives: list[Any]) -> None:
    """Write nothing when autogenerate finds no change."""
    if getattr(config.cmd_opts, "autogenerate", False) and directives[0].upgrade_ops.is_empty():
        directives[:] = []
        log.info("No changes in schema detected.")


def run_offline() -> None:
    """Emit SQL instead of running it (`flask db upgrade --sql`)."""
    context.configure(
        url=engine.url.render_as_string(hide_password=False),
        target_metadata=target_metadata,
        literal_binds=True,
        **migrate.configure_args,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_online() -> None:
    """Run the migrations in one transaction, one instance at a time."""
    options = {"process_revision_directives": _no_empty_revisions, **migrate.configure_args}
    with engine.connect() as connection:
        context.configure(connection=connection, target_metadata=target_metadata, **options)
        with context.begin_transaction():
            if connection.dialect.name == "postgresql":
                # gunicorn workers starting together: the first migrates, the others wait
                # here and find the schema at head. The lock ends with the transaction.
                lock = text("SELECT pg_advisory_xact_lock(:key)")
                connection.execute(lock, {"key": ADVISORY_LOCK})
            context.run_migrations()


if context.is_offline_mode():
    run_offline()
else:
    run_online()
