"""Exercise 1 — a multi-environment configuration system (reference solution)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

ENVIRONMENTS = ("development", "testing", "production")
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
MIN_SECRET_LENGTH = 32
_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}

DEFAULTS: dict[str, dict[str, object]] = {
    "development": {
        "debug": True,
        "log_level": "DEBUG",
        "database_url": "sqlite:///development.db",
        "secret_key": "dev-only-insecure-key",
    },
    "testing": {
        "debug": False,
        "log_level": "WARNING",
        "database_url": "sqlite:///:memory:",
        "secret_key": "testing-only-insecure-key",
    },
    # Production has no secret or database default: both must come from outside.
    "production": {"debug": False, "log_level": "INFO", "database_url": "", "secret_key": ""},
}


class ConfigError(ValueError):
    """The environment does not describe a configuration the app may run with."""


@dataclass(frozen=True)
class Settings:
    """Validated settings for one environment."""

    environment: str
    debug: bool
    log_level: str
    database_url: str
    secret_key: str


def parse_bool(name: str, raw: str) -> bool:
    """Read a yes/no environment variable, refusing anything ambiguous."""
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ConfigError(
        f"{name}={raw!r} is not a boolean; use one of 1/0, true/false, yes/no, on/off"
    )


def load_settings(environ: Mapping[str, str]) -> Settings:
    """Build validated Settings for the environment named by APP_ENV in `environ`."""
    environment = environ.get("APP_ENV", "development").strip().lower()
    if environment not in ENVIRONMENTS:
        raise ConfigError(f"APP_ENV={environment!r}; use one of {', '.join(ENVIRONMENTS)}")
    values = dict(DEFAULTS[environment])

    if "DEBUG" in environ:
        values["debug"] = parse_bool("DEBUG", environ["DEBUG"])
    for key in ("SECRET_KEY", "DATABASE_URL"):
        if environ.get(key):
            values[key.lower()] = environ[key]
    if "LOG_LEVEL" in environ:
        level = environ["LOG_LEVEL"].strip().upper()
        if level not in LOG_LEVELS:
            raise ConfigError(
                f"LOG_LEVEL={environ['LOG_LEVEL']!r}; use one of {', '.join(LOG_LEVELS)}"
            )
        values["log_level"] = level

    if environment == "production":
        if len(str(values["secret_key"])) < MIN_SECRET_LENGTH:
            raise ConfigError(
                f"production needs SECRET_KEY of at least {MIN_SECRET_LENGTH} characters"
            )
        if not values["database_url"]:
            raise ConfigError("production needs DATABASE_URL")
        if values["debug"]:
            raise ConfigError(
                "DEBUG must be off in production: the debugger runs any code it is sent"
            )
    return Settings(environment=environment, **values)  # type: ignore[arg-type]
