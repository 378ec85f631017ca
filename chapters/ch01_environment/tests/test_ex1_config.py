"""Exercise 1 — multi-environment configuration."""

from __future__ import annotations

import pytest

STRONG = "s" * 40
PROD = {"APP_ENV": "production", "SECRET_KEY": STRONG, "DATABASE_URL": "postgresql://db/app"}


def test_development_is_the_default(exercise) -> None:
    """With nothing set, you get development settings with debug on."""
    settings = exercise.load_settings({})
    assert (settings.environment, settings.debug, settings.log_level) == (
        "development",
        True,
        "DEBUG",
    )
    assert settings.database_url == "sqlite:///development.db"


def test_testing_defaults(exercise) -> None:
    """APP_ENV=testing uses an in-memory database and quiet logs."""
    settings = exercise.load_settings({"APP_ENV": "Testing"})
    assert (settings.environment, settings.debug) == ("testing", False)
    assert (settings.database_url, settings.log_level) == ("sqlite:///:memory:", "WARNING")


def test_unknown_environment_is_refused_by_name(exercise) -> None:
    """An APP_ENV outside the three environments raises ConfigError naming it."""
    with pytest.raises(exercise.ConfigError, match="staging"):
        exercise.load_settings({"APP_ENV": "staging"})


def test_environment_variables_override_defaults(exercise) -> None:
    """DEBUG, LOG_LEVEL, DATABASE_URL and SECRET_KEY replace the defaults."""
    settings = exercise.load_settings(
        {"DEBUG": "off", "LOG_LEVEL": "error", "DATABASE_URL": "sqlite:///x.db", "SECRET_KEY": "k"}
    )
    assert (settings.debug, settings.log_level) == (False, "ERROR")
    assert (settings.database_url, settings.secret_key) == ("sqlite:///x.db", "k")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("1", True),
        ("TRUE", True),
        (" yes ", True),
        ("on", True),
        ("0", False),
        ("False", False),
        ("no", False),
        ("OFF", False),
    ],
)
def test_parse_bool_accepts_common_spellings(exercise, raw: str, expected: bool) -> None:
    """parse_bool reads the usual yes/no spellings in any case."""
    assert exercise.parse_bool("DEBUG", raw) is expected


@pytest.mark.parametrize("raw", ["", "maybe", "2", "enabled"])
def test_parse_bool_refuses_ambiguous_values(exercise, raw: str) -> None:
    """Anything else raises ConfigError that names the variable."""
    with pytest.raises(exercise.ConfigError, match="DEBUG"):
        exercise.parse_bool("DEBUG", raw)


def test_bad_log_level_is_refused(exercise) -> None:
    """LOG_LEVEL must be a real logging level."""
    with pytest.raises(exercise.ConfigError, match="LOG_LEVEL"):
        exercise.load_settings({"LOG_LEVEL": "LOUD"})


def test_production_with_everything_set(exercise) -> None:
    """Production starts when its secret and database are given."""
    settings = exercise.load_settings(PROD)
    assert (settings.environment, settings.debug, settings.log_level) == (
        "production",
        False,
        "INFO",
    )
    assert settings.secret_key == STRONG


@pytest.mark.parametrize(
    ("override", "mentions"),
    [
        ({"SECRET_KEY": ""}, "SECRET_KEY"),
        ({"SECRET_KEY": "too-short"}, "SECRET_KEY"),
        ({"DATABASE_URL": ""}, "DATABASE_URL"),
        ({"DEBUG": "true"}, "DEBUG"),
    ],
)
def test_production_refuses_unsafe_settings(exercise, override: dict, mentions: str) -> None:
    """Production never falls back to a default secret, database or debug mode."""
    with pytest.raises(exercise.ConfigError, match=mentions):
        exercise.load_settings(PROD | override)
