"""Settings for each environment, read from the environment and an optional .env file."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from dotenv import dotenv_values

ENVIRONMENTS = ("development", "testing", "production")
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
# A development key is fine on a laptop and fatal in production; naming it this way
# makes a leaked default obvious in any log or config dump.
DEV_SECRET_KEY = "dev-only-insecure-key"
MIN_SECRET_LENGTH = 32


class ConfigError(RuntimeError):
    """The environment does not describe a configuration the app may run with."""


# --8<-- [start:settings]
@dataclass(frozen=True)
class Settings:
    """Everything the app reads from its environment, typed and validated once."""

    environment: str
    secret_key: str
    log_level: str
    debug: bool

    def as_flask_config(self) -> dict[str, Any]:
        """Return the Flask config keys these settings stand for."""
        return {
            "ENV_NAME": self.environment,
            "SECRET_KEY": self.secret_key,
            "LOG_LEVEL": self.log_level,
            "DEBUG": self.debug,
            "TESTING": self.environment == "testing",
            "RESTX_MASK_SWAGGER": False,
            "RESTX_ERROR_404_HELP": False,
            "ERROR_INCLUDE_MESSAGE": False,  # errors.py writes the whole error body
            "SWAGGER_UI_DOC_EXPANSION": "list",  # show every operation on opening
        }


def load_settings(environ: Mapping[str, str] | None = None, *, env_file: str = ".env") -> Settings:
    """Build Settings from `environ`, or else from the process environment over `env_file`."""
    # An explicit mapping is the whole configuration: a .env lying in the working
    # directory must not leak into a test that said exactly what it wants.
    if environ is not None:
        values = dict(environ)
    else:
        values = {**dotenv_values(env_file), **os.environ}
    environment = values.get("APP_ENV", "development")
    if environment not in ENVIRONMENTS:
        raise ConfigError(f"APP_ENV={environment!r}; use one of {', '.join(ENVIRONMENTS)}")
    secret_key = values.get("SECRET_KEY") or ""
    if environment == "production" and len(secret_key) < MIN_SECRET_LENGTH:
        raise ConfigError(
            f"production needs SECRET_KEY of at least {MIN_SECRET_LENGTH} random characters; "
            'make one with: python -c "import secrets; print(secrets.token_urlsafe(48))"'
        )
    log_level = (values.get("LOG_LEVEL") or "").upper() or (
        "DEBUG" if environment == "development" else "INFO"
    )
    if log_level not in LOG_LEVELS:
        raise ConfigError(f"LOG_LEVEL={log_level!r}; use one of {', '.join(LOG_LEVELS)}")
    return Settings(
        environment=environment,
        secret_key=secret_key or DEV_SECRET_KEY,
        log_level=log_level,
        debug=environment == "development",
    )


# --8<-- [end:settings]
