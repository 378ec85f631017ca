"""Settings for the demo: the limits that keep hostile request bodies cheap to refuse."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

ENVIRONMENTS = ("development", "testing", "production")


class ConfigError(RuntimeError):
    """The configuration does not describe settings the app may run with."""


# --8<-- [start:settings]
@dataclass(frozen=True)
class Settings:
    """Everything the demo reads from its environment, typed and validated once."""

    environment: str = "development"
    # 64 KiB holds an order with hundreds of lines; anything bigger is a mistake or an attack.
    max_body_bytes: int = 64 * 1024
    # Orders nest three levels deep; ten leaves room and still stops `[[[[…]]]]` bombs.
    max_json_depth: int = 10
    # The in-memory store forgets its oldest orders beyond this many.
    max_stored_orders: int = 10_000

    def as_flask_config(self) -> dict[str, Any]:
        """Return the Flask config keys these settings stand for."""
        return {
            "ENV_NAME": self.environment,
            "TESTING": self.environment == "testing",
            "MAX_CONTENT_LENGTH": self.max_body_bytes,  # werkzeug answers 413 beyond it
            "MAX_JSON_DEPTH": self.max_json_depth,
            "RESTX_MASK_SWAGGER": False,
            "RESTX_VALIDATE": False,  # marshmallow validates; restx only documents
            "RESTX_ERROR_404_HELP": False,
            "ERROR_INCLUDE_MESSAGE": False,  # errors.py writes the whole error body
        }


def load_settings(values: Mapping[str, Any]) -> Settings:
    """Build Settings from a mapping such as `os.environ`, refusing nonsense early."""
    environment = str(values.get("APP_ENV", "development")).strip().lower()
    if environment not in ENVIRONMENTS:
        raise ConfigError(f"APP_ENV={environment!r}; use one of {', '.join(ENVIRONMENTS)}")
    defaults = Settings()
    return Settings(
        environment=environment,
        max_body_bytes=_positive_int(values, "MAX_BODY_BYTES", defaults.max_body_bytes),
        max_json_depth=_positive_int(values, "MAX_JSON_DEPTH", defaults.max_json_depth),
        max_stored_orders=_positive_int(values, "MAX_STORED_ORDERS", defaults.max_stored_orders),
    )


# --8<-- [end:settings]


def _positive_int(values: Mapping[str, Any], name: str, default: int) -> int:
    raw = values.get(name)
    if raw is None or raw == "":
        return default
    try:
        number = int(raw)
    except (TypeError, ValueError):
        raise ConfigError(f"{name}={raw!r} is not a whole number") from None
    if number < 1:
        raise ConfigError(f"{name}={raw!r} must be at least 1")
    return number
