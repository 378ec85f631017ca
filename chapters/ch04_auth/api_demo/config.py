"""Typed settings from the environment and an optional .env file; secrets only default in dev."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from dotenv import dotenv_values
from limits import parse_many

ENVIRONMENTS = ("development", "testing", "production")
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
MIN_SECRET_LENGTH = 32  # bytes of key for HS256 (RFC 7518 §3.2); PyJWT warns below it
# Named so that a leaked development default is obvious in any log or config dump.
DEV_SECRET_KEY = "dev-only-insecure-secret-key-do-not-deploy"
DEV_JWT_SECRET_KEY = "dev-only-insecure-jwt-signing-key-do-not-deploy"
REDIS_SCHEMES = ("redis://", "rediss://", "unix://")


class ConfigError(RuntimeError):
    """The environment does not describe a configuration the app may run with."""


# --8<-- [start:settings]
@dataclass(frozen=True)
class Settings:
    """Everything the demo reads from its environment, typed and validated once."""

    environment: str
    secret_key: str
    jwt_secret_key: str
    jwt_issuer: str
    jwt_audience: str
    access_token_ttl: int
    refresh_token_ttl: int
    redis_url: str
    ratelimit_storage_url: str
    ratelimit_default: str
    ratelimit_login: str
    trusted_proxy_count: int
    hsts_seconds: int
    log_level: str

    @property
    def debug(self) -> bool:
        return self.environment == "development"


def load_settings(environ: Mapping[str, Any] | None = None, *, env_file: str = ".env") -> Settings:
    """Read Settings from `environ`, or from the process environment over `env_file`."""
    if environ is None:
        values = {**dotenv_values(env_file), **os.environ}
    else:  # tests pass exactly what they mean: no shell, no .env
        values = dict(environ)
    raw = {key: str(value).strip() for key, value in values.items() if value is not None}
    environment = raw.get("APP_ENV", "development").lower()
    if environment not in ENVIRONMENTS:
        raise ConfigError(f"APP_ENV={environment!r}; use one of {', '.join(ENVIRONMENTS)}")
    redis_url = raw.get("REDIS_URL", "")
    storage_url = raw.get("RATELIMIT_STORAGE_URL") or redis_url or "memory://"
    for name, url in (("REDIS_URL", redis_url), ("RATELIMIT_STORAGE_URL", storage_url)):
        if url and url != "memory://" and not url.startswith(REDIS_SCHEMES):
            raise ConfigError(f"{name} must be a redis:// URL, not {url.split(':', 1)[0]!r}")
    settings = Settings(
        environment=environment,
        secret_key=_secret(raw, "SECRET_KEY", DEV_SECRET_KEY, environment),
        jwt_secret_key=_secret(raw, "JWT_SECRET_KEY", DEV_JWT_SECRET_KEY, environment),
        jwt_issuer=raw.get("JWT_ISSUER") or "ch04-demo",
        jwt_audience=raw.get("JWT_AUDIENCE") or "ch04-api",
        access_token_ttl=_int(raw, "JWT_ACCESS_TTL_SECONDS", 900, low=30, high=86_400),
        refresh_token_ttl=_int(raw, "JWT_REFRESH_TTL_SECONDS", 1_209_600, low=60, high=7_776_000),
        redis_url=redis_url,
        ratelimit_storage_url=storage_url,
        ratelimit_default=_limit(raw, "RATELIMIT_DEFAULT", "120 per minute"),
        ratelimit_login=_limit(raw, "RATELIMIT_LOGIN", "10 per minute"),
        trusted_proxy_count=_int(raw, "TRUSTED_PROXY_COUNT", 0, low=0, high=5),
        hsts_seconds=_int(raw, "HSTS_SECONDS", 0, low=0, high=63_072_000),
        log_level=_log_level(raw, environment),
    )
    if settings.refresh_token_ttl <= settings.access_token_ttl:
        raise ConfigError("JWT_REFRESH_TTL_SECONDS must be longer than JWT_ACCESS_TTL_SECONDS")
    return settings


def _secret(raw: Mapping[str, str], name: str, dev_default: str, environment: str) -> str:
    """Return a secret; only development may fall back to its insecure default."""
    value = raw.get(name, "")
    if not value and environment == "development":
        return dev_default
    if not value:
        raise ConfigError(
            f"{environment} needs {name}; make one with: "
            'python -c "import secrets; print(secrets.token_urlsafe(48))"'
        )
    if len(value) < MIN_SECRET_LENGTH or value == dev_default:
        raise ConfigError(f"{name} must be at least {MIN_SECRET_LENGTH} random characters")
    return value


# --8<-- [end:settings]


def _int(raw: Mapping[str, str], name: str, default: int, *, low: int, high: int) -> int:
    text = raw.get(name, "")
    try:
        value = int(text) if text else default
    except ValueError:
        raise ConfigError(f"{name}={text!r} is not a whole number") from None
    if not low <= value <= high:
        raise ConfigError(f"{name}={value} is outside {low}..{high}")
    return value


def _limit(raw: Mapping[str, str], name: str, default: str) -> str:
    value = raw.get(name) or default
    try:
        parse_many(value)
    except ValueError:
        raise ConfigError(f"{name}={value!r} is not a rate limit like '10 per minute'") from None
    return value


def _log_level(raw: Mapping[str, str], environment: str) -> str:
    default = "DEBUG" if environment == "development" else "INFO"
    level = raw.get("LOG_LEVEL", "").upper() or default
    if level not in LOG_LEVELS:
        raise ConfigError(f"LOG_LEVEL={level!r}; use one of {', '.join(LOG_LEVELS)}")
    return level
