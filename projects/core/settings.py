"""Typed settings read from the environment and an optional .env file."""

from __future__ import annotations

from datetime import timedelta
from typing import Any, ClassVar, Literal, Self

from limits import parse
from pydantic import Field, SecretStr, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

# Named so that a leaked development key is obvious in any log or config dump.
DEV_SECRET_KEY = "dev-only-insecure-key-do-not-use-outside-development"
MIN_SECRET_LENGTH = 32
SECRET_HINT = 'make one with: python -c "import secrets; print(secrets.token_urlsafe(48))"'


class ConfigError(RuntimeError):
    """The environment does not describe a configuration the service may start with."""


class Settings(BaseSettings):
    """What every service reads from its environment; a service subclasses it to add its own."""

    model_config = SettingsConfigDict(
        env_file=".env", extra="ignore", validate_by_name=True, validate_by_alias=True
    )

    # "issuer": the service signs tokens (auth_service), so JWT_PRIVATE_KEY is a required
    # secret; "verifier": it only checks them; "none": it has no protected endpoints.
    token_role: ClassVar[Literal["issuer", "verifier", "none"]] = "verifier"

    environment: Literal["development", "testing", "production"] = Field(
        "development", validation_alias="APP_ENV"
    )
    secret_key: SecretStr | None = None
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"] = "INFO"
    proxy_hops: int = Field(0, ge=0, description="reverse proxies in front that set X-Forwarded-*")

    database_url: str | None = None
    database_pool_size: int = Field(5, ge=1)
    database_max_overflow: int = Field(10, ge=0)
    database_pool_recycle: int = Field(1800, ge=1, description="seconds")
    database_connect_timeout: int = Field(5, ge=1, description="seconds")
    redis_url: str | None = None
    redis_timeout: float = Field(1.0, gt=0, description="seconds per Redis socket operation")
    health_check_timeout: float = Field(2.0, gt=0, description="seconds per readiness check")
    rate_limit_default: str = Field("300/minute", min_length=1)

    jwt_private_key: SecretStr | None = None
    jwt_key_id: str | None = None
    jwt_issuer: str = "auth-service"
    jwt_audience: str = "capstone-api"
    jwt_access_ttl: timedelta = timedelta(minutes=15)
    jwt_refresh_ttl: timedelta = timedelta(days=7)
    jwt_leeway: timedelta = timedelta(seconds=30)
    jwt_jwks: dict[str, Any] | None = None
    jwt_jwks_url: str | None = None

    @field_validator("database_url")
    @classmethod
    def _use_psycopg_driver(cls, url: str | None) -> str | None:
        # libpq and PaaS URLs say postgres:// or postgresql://; SQLAlchemy would then
        # look for psycopg2, which the course does not install.
        if url is None:
            return None
        scheme, sep, rest = url.partition("://")
        return f"postgresql+psycopg://{rest}" if scheme in {"postgres", "postgresql"} else url

    @field_validator("rate_limit_default")
    @classmethod
    def _parse_rate_limit(cls, limit: str) -> str:
        try:
            parse(limit)
        except ValueError:
            raise ValueError("write a rate limit such as '300/minute' or '10 per second'") from None
        return limit

    @model_validator(mode="after")
    def _check_environment(self) -> Self:
        if self.environment == "development":
            return self
        problems = [*self._missing_secrets(), *self._missing_services()]
        if problems:
            raise ValueError("; ".join(problems))
        return self

    def _missing_secrets(self) -> list[str]:
        problems = []
        secret = self.secret_key.get_secret_value() if self.secret_key else ""
        if len(secret) < MIN_SECRET_LENGTH:
            problems.append(
                f"SECRET_KEY must be set to at least {MIN_SECRET_LENGTH} random characters "
                f"when APP_ENV={self.environment} ({SECRET_HINT})"
            )
        if self.token_role == "issuer" and self.jwt_private_key is None:
            problems.append(
                "JWT_PRIVATE_KEY (an RSA private key in PEM) must be set for a service that "
                "issues tokens; make one with: python -m projects.core.keys"
            )
        has_keys = self.jwt_private_key or self.jwt_jwks or self.jwt_jwks_url
        if self.token_role != "none" and not has_keys:
            problems.append("JWT_JWKS_URL or JWT_JWKS must be set so tokens can be verified")
        return problems

    def _missing_services(self) -> list[str]:
        if self.environment != "production":
            return []  # tests and demos run on embedded defaults
        names = {"DATABASE_URL": self.database_url, "REDIS_URL": self.redis_url}
        return [f"{name} must be set in production" for name, value in names.items() if not value]

    @classmethod
    def load(cls, **overrides: Any) -> Self:
        """Read settings from the environment, raising ConfigError that names each variable."""
        try:
            return cls(**overrides)
        except ValidationError as exc:
            lines = [_describe(error) for error in exc.errors()]
            raise ConfigError("invalid settings:\n  " + "\n  ".join(lines)) from None

    def flask_config(self) -> dict[str, Any]:
        """Return the Flask config keys these settings stand for."""
        secret = self.secret_key.get_secret_value() if self.secret_key else DEV_SECRET_KEY
        return {
            "SETTINGS": self,
            "SECRET_KEY": secret,
            "DEBUG": self.environment == "development",
            "TESTING": self.environment == "testing",
            "LOG_LEVEL": self.log_level,
            "RESTX_MASK_SWAGGER": False,
            "RESTX_ERROR_404_HELP": False,  # no "did you mean" hints in 404 bodies
            "ERROR_INCLUDE_MESSAGE": False,  # errors.py writes the whole error body
            "SWAGGER_UI_DOC_EXPANSION": "list",
            "HEALTH_CHECK_TIMEOUT": self.health_check_timeout,
            "RATE_LIMIT_DEFAULT": self.rate_limit_default,
        }


def _describe(error: Any) -> str:
    """Turn one pydantic error into 'VARIABLE: message'."""
    if not error["loc"]:  # a model-level check: the message already names its variables
        return str(error["msg"]).removeprefix("Value error, ")
    return f"{str(error['loc'][0]).upper()}: {error['msg']}"
