"""Settings: typed values from the environment, and secrets required outside development."""

from __future__ import annotations

from datetime import timedelta

import pytest

from projects.core import ConfigError, Settings
from projects.core.keys import KeyPair

GOOD_SECRET = "s" * 40


@pytest.fixture
def environ(monkeypatch: pytest.MonkeyPatch, tmp_path) -> pytest.MonkeyPatch:
    """Clear every variable Settings reads, and run where no .env file is."""
    for name in Settings.model_fields:
        monkeypatch.delenv(name.upper(), raising=False)
    monkeypatch.delenv("APP_ENV", raising=False)
    monkeypatch.chdir(tmp_path)
    return monkeypatch


def test_development_needs_no_variables(environ: pytest.MonkeyPatch) -> None:
    settings = Settings.load()
    assert settings.environment == "development"
    assert settings.secret_key is None and settings.database_url is None
    assert settings.flask_config()["SECRET_KEY"].startswith("dev-only")


def test_values_are_typed_from_the_environment(environ: pytest.MonkeyPatch) -> None:
    environ.setenv("APP_ENV", "testing")
    environ.setenv("SECRET_KEY", GOOD_SECRET)
    environ.setenv("JWT_JWKS", '{"keys": [{"kty": "RSA", "kid": "k1"}]}')
    environ.setenv("JWT_ACCESS_TTL", "PT5M")
    environ.setenv("DATABASE_POOL_SIZE", "12")
    settings = Settings.load()
    assert settings.environment == "testing"
    assert settings.jwt_jwks == {"keys": [{"kty": "RSA", "kid": "k1"}]}
    assert settings.jwt_access_ttl == timedelta(minutes=5)
    assert settings.database_pool_size == 12
    assert settings.flask_config()["TESTING"] is True


def test_a_dotenv_file_is_read_under_the_environment(environ: pytest.MonkeyPatch, tmp_path) -> None:
    (tmp_path / ".env").write_text("LOG_LEVEL=ERROR\nRATE_LIMIT_DEFAULT=5/second\n")
    environ.setenv("LOG_LEVEL", "DEBUG")
    settings = Settings.load()
    assert (settings.log_level, settings.rate_limit_default) == ("DEBUG", "5/second")


@pytest.mark.parametrize(
    ("variables", "named"),
    [
        ({"APP_ENV": "production"}, "SECRET_KEY"),
        ({"APP_ENV": "testing", "SECRET_KEY": "short"}, "SECRET_KEY"),
        ({"APP_ENV": "production", "SECRET_KEY": GOOD_SECRET}, "JWT_JWKS_URL or JWT_JWKS"),
        ({"APP_ENV": "production", "SECRET_KEY": GOOD_SECRET}, "DATABASE_URL"),
        ({"APP_ENV": "production", "SECRET_KEY": GOOD_SECRET}, "REDIS_URL"),
        ({"APP_ENV": "staging"}, "APP_ENV"),
        ({"DATABASE_POOL_SIZE": "many"}, "DATABASE_POOL_SIZE"),
        ({"LOG_LEVEL": "LOUD"}, "LOG_LEVEL"),
    ],
)
def test_startup_error_names_the_variable(
    environ: pytest.MonkeyPatch, variables: dict[str, str], named: str
) -> None:
    for name, value in variables.items():
        environ.setenv(name, value)
    with pytest.raises(ConfigError, match=named):
        Settings.load()


def test_production_starts_with_everything_set(environ: pytest.MonkeyPatch) -> None:
    settings = Settings.load(
        environment="production",
        secret_key=GOOD_SECRET,
        database_url="postgres://app@db/app",
        redis_url="redis://cache:6379/0",
        jwt_jwks_url="https://auth.example/.well-known/jwks.json",
    )
    assert settings.database_url == "postgresql+psycopg://app@db/app"  # psycopg 3 driver
    assert settings.flask_config()["DEBUG"] is False


class IssuingSettings(Settings):
    token_role = "issuer"


def test_an_issuer_needs_a_private_key_outside_development(
    environ: pytest.MonkeyPatch, jwt_key_pair: KeyPair
) -> None:
    with pytest.raises(ConfigError, match="JWT_PRIVATE_KEY"):
        IssuingSettings.load(environment="testing", secret_key=GOOD_SECRET)
    settings = IssuingSettings.load(
        environment="testing", secret_key=GOOD_SECRET, jwt_private_key=jwt_key_pair.private_pem
    )
    assert "PRIVATE KEY" not in repr(settings)  # secrets never show in logs or tracebacks


def test_a_service_without_tokens_needs_no_keys(environ: pytest.MonkeyPatch) -> None:
    class Quiet(Settings):
        token_role = "none"

    assert Quiet.load(environment="testing", secret_key=GOOD_SECRET).jwt_jwks is None
