"""The schema comes from the migrations, and the migrations agree with the models."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask import Flask
from sqlalchemy import Engine, event, inspect

from chapters.ch03_databases.api_demo import create_app
from chapters.ch03_databases.api_demo.database import db, migrate, schema_revisions

from .conftest import DATABASES, database_url


def differences(app: Flask) -> list:
    """Compare the live schema with the models, the way `flask db migrate` would."""
    with app.app_context(), db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        return compare_metadata(context, db.metadata)


def tables(app: Flask) -> set[str]:
    with app.app_context():
        return set(inspect(db.engine).get_table_names())


def alembic(app: Flask, action: str, revision: str) -> None:
    with app.app_context():
        config = migrate.get_config()
        config.attributes["configure_logging"] = False
        getattr(command, action)(config, revision)


# --8<-- [start:agree]
def test_migrations_produce_exactly_the_models_schema(app: Flask) -> None:
    assert differences(app) == []


# --8<-- [end:agree]


def test_downgrade_to_nothing_and_upgrade_again(app: Flask) -> None:
    alembic(app, "downgrade", "0001")
    with app.app_context():
        columns = {c["name"] for c in inspect(db.engine).get_columns("books")}
    assert "published_year" not in columns
    alembic(app, "downgrade", "base")
    assert tables(app) == {"alembic_version"}
    alembic(app, "upgrade", "head")
    assert differences(app) == []


@pytest.mark.parametrize("backend", DATABASES)
def test_cli_upgrade_builds_the_schema_when_auto_migrate_is_off(
    request: pytest.FixtureRequest, tmp_path: Path, backend: str
) -> None:
    app = create_app(
        {"DATABASE_URL": database_url(request, tmp_path, backend), "AUTO_MIGRATE": "0"}
    )
    assert tables(app) == set()
    result = app.test_cli_runner().invoke(args=["db", "upgrade"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        assert schema_revisions(db.session.connection()) == ("0002", "0002")
    assert app.test_cli_runner().invoke(args=["db", "check"]).exit_code == 0
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def test_readiness_fails_until_the_schema_is_at_head(app: Flask, client) -> None:
    assert client.get("/health/ready").get_json() == {
        "status": "ok",
        "checks": {"database": "ok", "schema": "ok"},
    }
    alembic(app, "downgrade", "0001")
    response = client.get("/health/ready")
    assert (response.status_code, response.headers["Cache-Control"]) == (503, "no-store")
    assert response.get_json()["checks"]["schema"].startswith("at 0001, code expects 0002")
    assert client.get("/health/live").status_code == 200


def test_readiness_reports_an_unreachable_database(tmp_path: Path) -> None:
    missing = tmp_path / "no-such-folder" / "library.db"
    app = create_app({"DATABASE_URL": f"sqlite:///{missing}", "AUTO_MIGRATE": "false"})
    response = app.test_client().get("/health/ready")
    assert (response.status_code, response.get_json()["checks"]["database"]) == (
        503,
        "unreachable: OperationalError",
    )


def test_postgresql_migrations_hold_an_advisory_lock(postgres_sqlalchemy_url: str) -> None:
    """Instances starting together must not migrate at once: the lock comes before any DDL."""
    statements: list[str] = []

    def record(_conn, _cursor, statement: str, *_args) -> None:
        statements.append(statement)

    event.listen(Engine, "before_cursor_execute", record)
    try:
        app = create_app({"DATABASE_URL": postgres_sqlalchemy_url})
    finally:
        event.remove(Engine, "before_cursor_execute", record)
    lock = next(i for i, sql in enumerate(statements) if "pg_advisory_xact_lock" in sql)
    first_ddl = next(i for i, sql in enumerate(statements) if sql.lstrip().startswith("CREATE"))
    assert lock < first_ddl
    with app.app_context():
        db.engine.dispose()


def test_first_run_without_configuration_migrates_a_sqlite_file_in_the_cwd(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    app = create_app({})
    response = app.test_client().post("/api/authors", json={"name": "Ada", "email": "a@b.io"})
    assert response.status_code == 201
    assert (tmp_path / "ch03_library.db").is_file()
    with app.app_context():
        db.engine.dispose()
