"""Settings: one DATABASE_URL picks the database; pool settings are typed and checked."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy.pool import StaticPool

from chapters.ch03_databases.api_demo.config import (
    DEFAULT_DATABASE_FILE,
    ConfigError,
    load_settings,
    normalise_database_url,
)


def test_without_database_url_a_sqlite_file_in_the_cwd_is_used_and_migrated(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    settings = load_settings({})
    assert settings.database_url == f"sqlite:///{tmp_path / DEFAULT_DATABASE_FILE}"
    assert settings.auto_migrate is True


def test_database_url_alone_switches_to_postgresql() -> None:
    settings = load_settings({"DATABASE_URL": "postgresql://app:secret@db:5432/library"})
    assert settings.database_url == "postgresql+psycopg://app:secret@db:5432/library"
    assert settings.auto_migrate is True


def test_auto_migrate_can_be_turned_off_for_a_release_step() -> None:
    assert load_settings({"AUTO_MIGRATE": "false"}).auto_migrate is False


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("postgres://u:p@h/db", "postgresql+psycopg://u:p@h/db"),
        ("postgresql://u:p@h:5433/db", "postgresql+psycopg://u:p@h:5433/db"),
        ("postgresql+psycopg://u@h/db", "postgresql+psycopg://u@h/db"),
        ("  sqlite:////data/app.db ", "sqlite:////data/app.db"),
    ],
)
def test_database_urls_are_pointed_at_psycopg_3(url: str, expected: str) -> None:
    assert normalise_database_url(url) == expected


def test_pool_settings_are_read_and_typed() -> None:
    settings = load_settings(
        {
            "DATABASE_URL": "postgresql://h/db",
            "DB_POOL_SIZE": "20",
            "DB_MAX_OVERFLOW": "0",
            "DB_POOL_TIMEOUT": "5",
            "DB_POOL_RECYCLE": "300",
            "DB_POOL_PRE_PING": "off",
            "AUTO_MIGRATE": "no",
        }
    )
    assert settings.engine_options() == {
        "pool_size": 20,
        "max_overflow": 0,
        "pool_timeout": 5.0,
        "pool_recycle": 300,
        "pool_pre_ping": False,
    }
    assert settings.auto_migrate is False


def test_in_memory_sqlite_gets_a_single_shared_connection() -> None:
    options = load_settings({"DATABASE_URL": "sqlite:///:memory:"}).engine_options()
    assert options["poolclass"] is StaticPool


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("DB_POOL_SIZE", "0"),
        ("DB_POOL_SIZE", "five"),
        ("DB_MAX_OVERFLOW", "-1"),
        ("DB_POOL_PRE_PING", "maybe"),
        ("AUTO_MIGRATE", "2"),
    ],
)
def test_bad_settings_are_refused_by_name(name: str, value: str) -> None:
    with pytest.raises(ConfigError, match=name):
        load_settings({name: value})
