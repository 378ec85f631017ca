"""Settings: the service issues tokens, has development defaults, and refuses bad production."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from projects.auth_service.api import create_app
from projects.auth_service.settings import DEV_ADMIN_EMAIL, DEV_DATABASE_FILE, AuthSettings
from projects.core import ConfigError

from .conftest import login


@pytest.fixture
def bare_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Run in an empty folder with none of the service's variables set."""
    monkeypatch.chdir(tmp_path)
    for name in list(os.environ):
        if name.startswith(("APP_", "DATABASE_", "REDIS_", "JWT_", "SECRET_", "ADMIN_", "LOGIN_")):
            monkeypatch.delenv(name)
    return tmp_path


def test_the_service_is_the_token_issuer() -> None:
    """token_role makes JWT_PRIVATE_KEY a required secret outside development."""
    assert AuthSettings.token_role == "issuer"


def test_production_needs_a_private_key(bare_environment: Path) -> None:
    """Without JWT_PRIVATE_KEY (and the other secrets) production will not start."""
    with pytest.raises(ConfigError, match="JWT_PRIVATE_KEY"):
        AuthSettings.load(environment="production", secret_key="s" * 40)


def test_create_app_runs_on_development_defaults(bare_environment: Path) -> None:
    """No arguments, no environment: SQLite in the working folder, migrated, a dev admin."""
    app = create_app()
    settings = app.config["SETTINGS"]
    assert settings.environment == "development"
    assert settings.database_url.endswith(DEV_DATABASE_FILE)
    assert (bare_environment / DEV_DATABASE_FILE).exists()
    client = app.test_client()
    assert client.get("/health").get_json()["database"] == "ok"
    tokens = login(client, DEV_ADMIN_EMAIL, "dev-admin-password-change-me")
    users = client.get("/api/users/", headers={"Authorization": f"Bearer {tokens['access_token']}"})
    assert users.get_json()["items"][0]["role"] == "admin"


def test_a_second_start_reuses_the_database(bare_environment: Path) -> None:
    """Start-up migrations and the admin bootstrap are idempotent."""
    create_app()
    app = create_app()
    assert app.test_client().get("/health").status_code == 200


def test_the_environment_configures_throttling(
    bare_environment: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """LOGIN_MAX_FAILURES and LOGIN_LOCKOUT are read from the environment."""
    monkeypatch.setenv("LOGIN_MAX_FAILURES", "3")
    monkeypatch.setenv("LOGIN_LOCKOUT", "PT5M")
    settings = AuthSettings.load()
    assert (settings.login_max_failures, settings.login_lockout.total_seconds()) == (3, 300)
