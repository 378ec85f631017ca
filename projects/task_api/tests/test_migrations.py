"""The schema comes from the migrations, and the migrations match the models exactly."""

from __future__ import annotations

from collections.abc import Callable

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask import Flask
from sqlalchemy import inspect

from projects.task_api.models import db

TABLES = {"alembic_version", "attachments", "comments", "task_tags", "tasks",
          "webhook_deliveries", "webhook_subscriptions"}  # fmt: skip


def test_migrations_match_the_models_on_postgresql(app: Flask) -> None:
    """Autogenerate finds nothing to add after the migrations ran on an empty database."""
    with app.app_context(), db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, db.metadata) == []
        assert set(inspect(connection).get_table_names()) == TABLES


def test_migrations_go_down_and_up_again(make_app: Callable[..., Flask]) -> None:
    """Downgrading to base leaves no tables; upgrading restores them all."""
    app = make_app()
    with app.app_context():
        config = app.extensions["migrate"].migrate.get_config()
        config.attributes["configure_logging"] = False
        command.downgrade(config, "base")
        assert set(inspect(db.engine).get_table_names()) == {"alembic_version"}
        command.upgrade(config, "head")
        assert set(inspect(db.engine).get_table_names()) == TABLES


def test_the_app_migrates_sqlite_too(light_app: Flask) -> None:
    """The development default (SQLite) gets the same tables from the same migrations."""
    with light_app.app_context():
        assert set(inspect(db.engine).get_table_names()) == TABLES
