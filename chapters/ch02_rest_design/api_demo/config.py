"""Settings for the demo, read once from the environment (or from a mapping in tests)."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

ENVIRONMENTS = ("development", "testing", "production")
_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


class ConfigError(RuntimeError):
    """The environment does not describe a configuration the demo may run with."""


@dataclass(frozen=True)
class Settings:
    """What the demo reads from its environment, typed and validated once."""

    environment: str
    seed_data: bool
    cors_origins: tuple[str, ...]

    def as_flask_config(self) -> dict[str, Any]:
        """Return the Flask and flask-restx config keys these settings stand for."""
        return {
            "ENV_NAME": self.environment,
            "TESTING": self.environment == "testing",
            "RESTX_MASK_SWAGGER": False,  # no X-Fields header in the docs: masks are not taught
            "RESTX_ERROR_404_HELP": False,  # no "did you mean ..." text appended to 404s
            "ERROR_INCLUDE_MESSAGE": False,  # errors.py writes the whole error body
        }


def parse_bool(name: str, raw: object) -> bool:
    """Read a yes/no setting given as a bool or as a string such as "1" or "off"."""
    if isinstance(raw, bool):
        return raw
    value = str(raw).strip().lower()
    if value in _TRUE | _FALSE:
        return value in _TRUE
    raise ConfigError(f"{name}={raw!r} is not a boolean; use 1/0, true/false, yes/no or on/off")


def load_settings(config: Mapping[str, Any] | None = None) -> Settings:
    """Build Settings from `config`, or from the process environment when it is None."""
    values = os.environ if config is None else config
    environment = str(values.get("APP_ENV", "development")).strip().lower()
    if environment not in ENVIRONMENTS:
        raise ConfigError(f"APP_ENV={environment!r}; use one of {', '.join(ENVIRONMENTS)}")
    # Example rows make Swagger UI show something on the first click; tests want none.
    seed_data = parse_bool("SEED_DATA", values.get("SEED_DATA", environment != "testing"))
    # "*" suits a public API that takes no cookies; list real origins once there are some.
    origins = values.get("CORS_ORIGINS", "*")
    if isinstance(origins, str):
        origins = [origin.strip() for origin in origins.split(",")]
    cors_origins = tuple(origin for origin in origins if origin)
    if not cors_origins:
        raise ConfigError("CORS_ORIGINS is empty; give '*' or a comma-separated list of origins")
    return Settings(environment=environment, seed_data=seed_data, cors_origins=cors_origins)
