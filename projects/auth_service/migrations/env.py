"""Alembic's entry point: run the auth service's migrations against the app's database.

Flask-Migrate runs this inside an app context, so the engine and the models' metadata
come from the app: `flask db upgrade` and the automatic upgrade at start-up (development
and testing) share this file.
"""

from __future__ import annotations

import logging
from logging.config import fileConfig
from typing import Any

from alembic import context
from flask import current_app
from sqlalchemy import text

# Several replicas starting at once: one migrates, the others wait for this lock.
LOCK_KEY = 5_001_001

config = context.config
# `flask db ...` shows Alembic's progress; an upgrade run by the app itself (or under
# pytest) must leave the process's loggers alone.
if config.config_file_name and config.attributes.get("configure_logging", True):
    fileConfig(config.config_file_name, disable_existing_loggers=False)
log = logging.getLogger("alembic.env")

extension = current_app.extensions["migrate"]
engine = extension.db.engine
target_metadata = extension.db.metadata


def skip_empty_autogenerate(_context: object, _revision: object, directives: list[Any]) -> None:
    """Write no revision file when autogenerate finds nothing to change."""
    if getattr(config.cmd_opts, "autogenerate", False) and directives[0].upgrade_ops.is_empty():
        directives[:] = []
        log.info("No changes in schema detected.")


def run_offline() -> None:
    """Print the SQL instead of running it (`flask db upgrade --sql`)."""
    context.configure(
        url=engine.url.render_as_string(hide_password=False),
        target_metadata=target_metadata,
        literal_binds=True,
        **extension.configure_args,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_online() -> None:
    """Run the migrations in one transaction, holding an advisory lock on PostgreSQL."""
    options = {"process_revision_directives": skip_empty_autogenerate}
    options.update(extension.configure_args)
    with engine.connect() as connection:
        context.configure(connection=connection, target_metadata=target_metadata, **options)
        with context.begin_transaction():
            if connection.dialect.name == "postgresql":
                connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": LOCK_KEY})
            context.run_migrations()


if context.is_offline_mode():
    run_offline()
else:
    run_online()
