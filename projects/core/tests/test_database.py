"""Database: a metadata per service, stable constraint names, pooled engines, a check."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata, produce_migrations, render_python_code
from alembic.migration import MigrationContext
from flask import Flask
from sqlalchemy import CheckConstraint, ForeignKey, String, inspect
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Mapped, mapped_column

from projects.core import create_app, create_db, database_check
from projects.core.database import engine_options
from projects.core.testing import unreachable_postgres_url

db = create_db()


class Author(db.Model):  # type: ignore[name-defined,misc]
    __tablename__ = "authors"
    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(200), unique=True)
    age: Mapped[int] = mapped_column(CheckConstraint("age >= 0", name="age_not_negative"))


class Book(db.Model):  # type: ignore[name-defined,misc]
    __tablename__ = "books"
    id: Mapped[int] = mapped_column(primary_key=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("authors.id"), index=True)


@pytest.fixture
def app(live_settings_factory: Callable[..., Any], tmp_path) -> Flask:
    app = create_app(
        name="db_demo", settings=live_settings_factory(), db=db, migrations=tmp_path / "migrations"
    )
    yield app
    with app.app_context():
        db.engine.dispose()


def test_constraints_get_conventional_names_on_postgresql(app: Flask) -> None:
    with app.app_context():
        db.create_all()
        inspector = inspect(db.engine)
        assert inspector.get_pk_constraint("authors")["name"] == "pk_authors"
        assert [u["name"] for u in inspector.get_unique_constraints("authors")] == [
            "uq_authors_email"
        ]
        assert [c["name"] for c in inspector.get_check_constraints("authors")] == [
            "ck_authors_age_not_negative"
        ]
        assert [f["name"] for f in inspector.get_foreign_keys("books")] == [
            "fk_books_author_id_authors"
        ]
        assert [i["name"] for i in inspector.get_indexes("books")] == ["ix_books_author_id"]


def test_alembic_writes_the_names_into_migrations_and_then_sees_no_drift(app: Flask) -> None:
    with app.app_context(), db.engine.connect() as connection:
        context = MigrationContext.configure(connection)
        script = render_python_code(produce_migrations(context, db.metadata).upgrade_ops)
        for name in ("pk_authors", "uq_authors_email", "fk_books_author_id_authors"):
            assert f"op.f('{name}')" in script
        db.metadata.create_all(connection)
        assert compare_metadata(MigrationContext.configure(connection), db.metadata) == []


def test_each_service_has_its_own_metadata() -> None:
    other = create_db()
    assert other.metadata is not db.metadata
    assert "authors" in db.metadata.tables and "authors" not in other.metadata.tables
    assert other.metadata.naming_convention == db.metadata.naming_convention


def test_the_migrate_commands_use_the_service_folder(app: Flask, tmp_path) -> None:
    assert app.extensions["migrate"].directory == str(tmp_path / "migrations")
    assert app.extensions["migrate"].db is db


def test_engine_options_for_postgresql_and_sqlite(settings_factory: Callable[..., Any]) -> None:
    settings = settings_factory(database_pool_size=3, database_connect_timeout=4)
    postgres = engine_options("postgresql+psycopg://u@h/d", settings)
    assert postgres["pool_pre_ping"] is True
    assert (postgres["pool_size"], postgres["connect_args"]) == (3, {"connect_timeout": 4})
    assert engine_options("sqlite://", settings) == {"pool_pre_ping": True}


def test_testing_defaults_to_in_memory_sqlite(settings_factory: Callable[..., Any]) -> None:
    app = create_app(name="db_default", settings=settings_factory(), db=db)
    with app.app_context():
        assert db.engine.url.get_backend_name() == "sqlite"
        database_check(db)()  # SELECT 1 answers


def test_the_check_raises_when_the_database_is_down(settings_factory: Callable[..., Any]) -> None:
    app = create_app(
        name="db_down", settings=settings_factory(database_url=unreachable_postgres_url()), db=db
    )
    with app.app_context(), pytest.raises(OperationalError):
        database_check(db)()
