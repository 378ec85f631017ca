"""The body of every service's Alembic env.py: migrations run against the app's database.

Flask-Migrate runs env.py inside an app context, so the engine and the models'
metadata come from the app: `flask db upgrade` and the upgrade a service runs at
start-up (development and testing) use the same database. A service's env.py is then
two lines: import `run_migrations` and call it with the service's lock number.
"""

from __future__ import annotations

import logging
from logging.config import fileConfig
from typing import Any

from alembic import context
from flask import current_app
from sqlalchemy import text

log = logging.getLogger("alembic.env")


def run_migrations(*, lock_key: int) -> None:
    """Run (or, with --sql, print) the migrations; `lock_key` names the service's lock."""
    config = context.config
    # Only a bare `flask db …` run configures logging; an upgrade started by the app
    # (or under pytest) must not replace the process's loggers.
    if config.config_file_name and config.attributes.get("configure_logging", True):
        fileConfig(config.config_file_name, disable_existing_loggers=False)
    migrate = current_app.extensions["migrate"]
    if context.is_offline_mode():
        _run_offline(migrate)
    else:
        _run_online(migrate, lock_key)


def _no_empty_revisions(_context: object, _revision: object, directives: list[Any]) -> None:
    """Write no revision file when autogenerate finds nothing to change."""
    if getattr(context.config.cmd_opts, "autogenerate", False):
        if directives[0].upgrade_ops.is_empty():
            directives[:] = []
            log.info("No changes in schema detected.")


def _run_offline(migrate: Any) -> None:
    context.configure(
        url=migrate.db.engine.url.render_as_string(hide_password=False),
        target_metadata=migrate.db.metadata,
        literal_binds=True,
        **migrate.configure_args,
    )
    with context.begin_transaction():
        context.run_migrations()


def _run_online(migrate: Any, lock_key: int) -> None:
    options = {"process_revision_directives": _no_empty_revisions, **migrate.configure_args}
    with migrate.db.engine.connect() as connection:
        context.configure(connection=connection, target_metadata=migrate.db.metadata, **options)
        with context.begin_transaction():
            if connection.dialect.name == "postgresql":
                # Replicas starting together: the first migrates, the others wait here
                # and find the schema at head. The lock ends with the transaction.
                lock = text("SELECT pg_advisory_xact_lock(:key)")
                connection.execute(lock, {"key": lock_key})
            context.run_migrations()
