"""Exercise 1 — a multi-environment configuration system.

Check your work with: nox -s chapter01 -- ex1
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

ENVIRONMENTS = ("development", "testing", "production")
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
MIN_SECRET_LENGTH = 32


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
    """Read a yes/no environment variable, refusing anything ambiguous.

    Accept 1/true/yes/on as True and 0/false/no/off as False, in any case and with
    surrounding spaces. Anything else raises ConfigError naming the variable `name`.
    """
    raise NotImplementedError("Exercise 1 (parse_bool) is not done yet")


def load_settings(environ: Mapping[str, str]) -> Settings:
    """Build validated Settings for the environment named by APP_ENV in `environ`.

    1. Read APP_ENV (default "development", case-insensitive). A value outside
       ENVIRONMENTS raises ConfigError whose message names the bad value.
    2. Start from the environment's defaults:
       development: debug on, DEBUG logs, sqlite:///development.db, a dev-only key;
       testing: debug off, WARNING logs, sqlite:///:memory:, a testing-only key;
       production: debug off, INFO logs, and no database URL or secret key at all.
    3. Let DEBUG (via parse_bool), SECRET_KEY, DATABASE_URL and LOG_LEVEL from
       `environ` override the defaults. LOG_LEVEL is case-insensitive and stored in
       upper case; a level outside LOG_LEVELS raises ConfigError.
    4. In production, raise ConfigError when SECRET_KEY is missing or shorter than
       MIN_SECRET_LENGTH, when DATABASE_URL is missing, or when DEBUG is on.
    5. Return a Settings.
    """
    raise NotImplementedError("Exercise 1 (load_settings) is not done yet")
