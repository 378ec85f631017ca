"""The schema comes from the migrations, and the migrations agree with the models."""

from __future__ import annotations

from collections.abc import Callable

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask import Flask
from sqlalchemy import inspect

from projects.auth_service.api import MIGRATIONS, create_app
from projects.auth_service.models import db
from projects.auth_service.settings import AuthSettings
from projects.core import generate_key_pair


def differences(app: Flask) -> list:
    """Return what Alembic's autogenerate would change to make the database match the models."""
    with app.app_context(), db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        return compare_metadata(context, db.metadata)


def revision(app: Flask) -> str | None:
    """Return the database's migration revision."""
    with app.app_context(), db.engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def test_migrations_on_postgresql_match_the_models(app: Flask) -> None:
    """Upgrading an empty PostgreSQL database gives exactly the models' schema."""
    assert revision(app) == ScriptDirectory(str(MIGRATIONS)).get_current_head()
    assert differences(app) == []


def test_migrations_on_sqlite_match_the_models(light_app: Flask) -> None:
    """The development database is built by the same migrations, with the same result."""
    assert differences(light_app) == []


def test_downgrade_and_upgrade_again(app: Flask) -> None:
    """Every migration can be undone and redone."""
    with app.app_context():
        config = app.extensions["migrate"].migrate.get_config()
        config.attributes["configure_logging"] = False
        command.downgrade(config, "base")
        assert set(inspect(db.engine).get_table_names()) == {"alembic_version"}
        command.upgrade(config, "head")
    assert differences(app) == []


def test_production_migrates_with_the_flask_command(
    settings_factory: Callable[..., AuthSettings], postgres_sqlalchemy_url: str, redis_url: str
) -> None:
    """Production does not migrate at start-up; `flask db upgrade` builds the schema."""
    settings = settings_factory(
        AuthSettings,
        environment="production",
        database_url=postgres_sqlalchemy_url,
        redis_url=redis_url,
        jwt_private_key=generate_key_pair().private_pem,
    )
    app = create_app(settings)
    with app.app_context():
        assert inspect(db.engine).get_table_names() == []
    result = app.test_cli_runner().invoke(args=["db", "upgrade"])
    assert result.exit_code == 0, result.output
    assert differences(app) == []
    created = app.test_cli_runner().invoke(
        args=["create-admin", "--email", "ops@example.com", "--password", "a-long-admin-password"]
    )
    assert created.exit_code == 0 and "ops@example.com" in created.output
    with app.app_context():
        db.engine.dispose()
