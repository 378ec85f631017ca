"""Alembic's entry point: run the migrations against the Flask app's database.

Flask-Migrate runs this file inside an app context, so the engine, its URL and the
models' metadata all come from the app; `flask db ...` and the demo's automatic
upgrade at start-up share it.
"""

from __future__ import annotations

import logging
from logging.config import fileConfig
from typing import Any

from alembic import context
from flask import current_app
from sqlalchemy import text

LOCK_KEY = 3_000_003  # any number the app's other advisory locks do not use

config = context.config
# `flask db ...` shows alembic's progress; an upgrade run by the app, or under a test
# runner that set up logging already, must leave the process's loggers alone.
if (
    config.config_file_name
    and config.attributes.get("configure_logging", True)
    and not logging.getLogger().handlers
):
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
    """Print the SQL instead of running it (flask db upgrade --sql)."""
    context.configure(
        url=engine.url.render_as_string(hide_password=False),
        target_metadata=target_metadata,
        literal_binds=True,
        **extension.configure_args,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_online() -> None:
    """Run the migrations over a connection, in one transaction where the database allows."""
    options = {"process_revision_directives": skip_empty_autogenerate}
    options.update(extension.configure_args)
    # --8<-- [start:lock]
    with engine.connect() as connection:
        context.configure(connection=connection, target_metadata=target_metadata, **options)
        with context.begin_transaction():
            if connection.dialect.name == "postgresql":
                # Several instances starting at once: one migrates, the others wait here
                # and then find the database at head. The lock ends with the transaction.
                connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": LOCK_KEY})
            context.run_migrations()
    # --8<-- [end:lock]


if context.is_offline_mode():
    run_offline()
else:
    run_online()
