"""Chapter 4's demo: settings, logging in, JWT verification, refresh, logout and errors."""

from __future__ import annotations

import time

import jwt
import pytest

from chapters.ch04_auth.api_demo import create_app
from chapters.ch04_auth.api_demo.config import (
    DEV_JWT_SECRET_KEY,
    DEV_SECRET_KEY,
    ConfigError,
    load_settings,
)
from chapters.ch04_auth.tests.conftest import TEST_CONFIG

JWT_KEY = TEST_CONFIG["JWT_SECRET_KEY"]
STRONG = "p" * 48
PRODUCTION = {"APP_ENV": "production", "SECRET_KEY": STRONG, "JWT_SECRET_KEY": "q" * 48}


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def forge(**claims) -> str:
    """Sign a token with the demo's key, starting from valid access claims."""
    now = int(time.time())
    base = {
        "iss": "ch04-demo",
        "aud": "ch04-api",
        "sub": "alice",
        "iat": now,
        "exp": now + 300,
        "jti": "forged-1",
        "type": "access",
        "roles": ["admin"],
    }
    payload = {key: value for key, value in (base | claims).items() if value is not None}
    return jwt.encode(payload, JWT_KEY, algorithm="HS256")


# ---------------------------------------------------------------- settings
def test_development_runs_on_embedded_defaults() -> None:
    settings = load_settings({})
    assert (settings.environment, settings.secret_key, settings.jwt_secret_key) == (
        "development",
        DEV_SECRET_KEY,
        DEV_JWT_SECRET_KEY,
    )
    assert (settings.ratelimit_storage_url, settings.redis_url) == ("memory://", "")


@pytest.mark.parametrize(
    ("override", "mentions"),
    [
        ({"SECRET_KEY": ""}, "SECRET_KEY"),
        ({"JWT_SECRET_KEY": ""}, "JWT_SECRET_KEY"),
        ({"JWT_SECRET_KEY": "too-short"}, "JWT_SECRET_KEY"),
        ({"SECRET_KEY": DEV_SECRET_KEY}, "SECRET_KEY"),
        ({"JWT_SECRET_KEY": DEV_JWT_SECRET_KEY}, "JWT_SECRET_KEY"),
    ],
)
def test_production_refuses_to_start_without_real_secrets(override, mentions) -> None:
    with pytest.raises(ConfigError, match=mentions):
        create_app(PRODUCTION | override)


def test_testing_needs_secrets_too() -> None:
    with pytest.raises(ConfigError, match="SECRET_KEY"):
        load_settings({"APP_ENV": "testing"})


def test_production_starts_with_real_secrets_and_no_demo_users() -> None:
    client = create_app(PRODUCTION).test_client()
    response = client.post("/auth/login", json={"username": "alice", "password": "x"})
    assert response.status_code == 401


@pytest.mark.parametrize(
    ("override", "mentions"),
    [
        ({"APP_ENV": "staging"}, "staging"),
        ({"JWT_ACCESS_TTL_SECONDS": "soon"}, "JWT_ACCESS_TTL_SECONDS"),
        ({"JWT_ACCESS_TTL_SECONDS": "5"}, "JWT_ACCESS_TTL_SECONDS"),
        ({"JWT_ACCESS_TTL_SECONDS": "3600", "JWT_REFRESH_TTL_SECONDS": "600"}, "REFRESH"),
        ({"RATELIMIT_LOGIN": "lots"}, "RATELIMIT_LOGIN"),
        ({"REDIS_URL": "http://cache:6379"}, "REDIS_URL"),
        ({"RATELIMIT_STORAGE_URL": "memcached://x"}, "RATELIMIT_STORAGE_URL"),
        ({"TRUSTED_PROXY_COUNT": "-1"}, "TRUSTED_PROXY_COUNT"),
        ({"LOG_LEVEL": "LOUD"}, "LOG_LEVEL"),
    ],
)
def test_bad_settings_are_refused_by_name(override, mentions) -> None:
    with pytest.raises(ConfigError, match=mentions):
        load_settings(TEST_CONFIG | override)


def test_ratelimit_storage_url_wins_over_redis_url() -> None:
    settings = load_settings(
        TEST_CONFIG | {"REDIS_URL": "redis://a:6379/0", "RATELIMIT_STORAGE_URL": "redis://b/1"}
    )
    assert (settings.redis_url, settings.ratelimit_storage_url) == (
        "redis://a:6379/0",
        "redis://b/1",
    )


def test_dotenv_is_read_and_the_environment_wins(tmp_path, monkeypatch) -> None:
    env_file = tmp_path / ".env"
    env_file.write_text("APP_ENV=development\nRATELIMIT_LOGIN=3 per minute\nHSTS_SECONDS=60\n")
    monkeypatch.setenv("HSTS_SECONDS", "120")
    settings = load_settings(env_file=str(env_file))
    assert (settings.ratelimit_login, settings.hsts_seconds) == ("3 per minute", 120)


def test_create_app_needs_no_settings_at_all(tmp_path, monkeypatch, capsys) -> None:
    monkeypatch.chdir(tmp_path)
    for name in ("APP_ENV", "SECRET_KEY", "JWT_SECRET_KEY", "REDIS_URL", "RATELIMIT_STORAGE_URL"):
        monkeypatch.delenv(name, raising=False)
    app = create_app()
    assert app.test_client().get("/health").get_json()["rate_limits"] == "memory"
    assert "rate limits: in memory" in capsys.readouterr().err


def test_every_example_setting_is_documented_in_env_example() -> None:
    from pathlib import Path

    example = (Path(__file__).parents[1] / "api_demo" / ".env.example").read_text()
    documented = {line.split("=", 1)[0] for line in example.splitlines() if "=" in line}
    documented = {name.lstrip("# ") for name in documented}
    read = {
        "APP_ENV",
        "SECRET_KEY",
        "JWT_SECRET_KEY",
        "JWT_ISSUER",
        "JWT_AUDIENCE",
        "JWT_ACCESS_TTL_SECONDS",
        "JWT_REFRESH_TTL_SECONDS",
        "REDIS_URL",
        "RATELIMIT_STORAGE_URL",
        "RATELIMIT_DEFAULT",
        "RATELIMIT_LOGIN",
        "TRUSTED_PROXY_COUNT",
        "HSTS_SECONDS",
        "LOG_LEVEL",
    }
    assert read - documented == set()


# ---------------------------------------------------------------- logging in
def test_login_returns_an_access_and_a_refresh_token(client) -> None:
    response = client.post(
        "/auth/login", json={"username": "carol", "password": "correct-horse-viewer"}
    )
    body = response.get_json()
    assert (response.status_code, body["token_type"], body["expires_in"]) == (200, "Bearer", 900)
    access = jwt.decode(body["access_token"], JWT_KEY, algorithms=["HS256"], audience="ch04-api")
    refresh = jwt.decode(body["refresh_token"], JWT_KEY, algorithms=["HS256"], audience="ch04-api")
    assert (access["type"], access["sub"], access["roles"]) == ("access", "carol", ["viewer"])
    assert access["exp"] - access["iat"] == 900
    assert (refresh["type"], refresh["exp"] - refresh["iat"]) == ("refresh", 1_209_600)
    assert "roles" not in refresh and access["jti"] != refresh["jti"]
    assert response.headers["Cache-Control"] == "no-store"


@pytest.mark.parametrize(
    "credentials",
    [
        {"username": "carol", "password": "wrong"},
        {"username": "nobody", "password": "correct-horse-viewer"},
    ],
)
def test_wrong_credentials_get_one_vague_401(client, credentials) -> None:
    response = client.post("/auth/login", json=credentials)
    assert (response.status_code, response.get_json()["error"]["message"]) == (
        401,
        "wrong username or password",
    )
    assert response.headers["WWW-Authenticate"] == 'Bearer realm="ch04-demo"'


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"username": "alice"},
        {"username": "alice", "password": 12},
        {"username": None, "password": "x"},
        {"username": "", "password": "x"},
        {"username": "a" * 65, "password": "x"},
        {"username": "alice", "password": "x" * 1025},
        {"username": "alice", "password": "\ud800"},
        ["alice", "correct-horse-admin"],
        "alice",
    ],
)
def test_login_rejects_malformed_bodies_with_400(client, body) -> None:
    response = client.post("/auth/login", json=body)
    error = response.get_json()["error"]
    assert (response.status_code, error["code"]) == (400, "bad_request")


def test_login_rejects_a_body_that_is_not_json(client) -> None:
    response = client.post("/auth/login", data="username=alice", content_type="text/plain")
    assert response.status_code == 400


def test_field_errors_are_listed(client) -> None:
    response = client.post("/auth/login", json={"username": "alice"})
    assert "password" in response.get_json()["error"]["fields"]


# ---------------------------------------------------------------- verifying tokens
def test_an_access_token_opens_the_api(client, login) -> None:
    token = login("bob")["access_token"]
    response = client.get("/auth/me", headers=bearer(token))
    assert response.get_json() == {
        "username": "bob",
        "roles": ["editor"],
        "permissions": ["reports:read", "reports:write"],
        "authenticated_with": "jwt",
    }


def test_no_credentials_is_401_with_a_plain_challenge(client) -> None:
    response = client.get("/auth/me")
    assert (response.status_code, response.get_json()["error"]["code"]) == (401, "unauthorized")
    assert response.headers["WWW-Authenticate"] == 'Bearer realm="ch04-demo"'


def _with_alg_none() -> str:
    header = jwt.utils.base64url_encode(b'{"alg":"none","typ":"JWT"}').decode()
    payload = jwt.utils.base64url_encode(
        jwt.api_jwt.json.dumps(jwt.decode(forge(), options={"verify_signature": False})).encode()
    ).decode()
    return f"{header}.{payload}."


@pytest.mark.parametrize(
    ("token", "why"),
    [
        (forge(exp=int(time.time()) - 60), "expired"),
        (forge(type="refresh"), "cannot be used here"),
        (forge(aud="another-api"), "not valid"),
        (forge(iss="someone-else"), "not valid"),
        (forge(jti=None), "not valid"),
        (jwt.encode({"sub": "alice"}, "x" * 32, algorithm="HS256"), "not valid"),
        (_with_alg_none(), "not valid"),
        ("not.a.jwt", "not valid"),
        ("éèà", "not valid"),
    ],
    ids=["expired", "refresh", "aud", "iss", "no-jti", "other-key", "alg-none", "junk", "latin"],
)
def test_bad_tokens_are_401_invalid_token(client, token, why) -> None:
    response = client.get("/auth/me", headers=bearer(token))
    error = response.get_json()["error"]
    assert (response.status_code, error["code"]) == (401, "invalid_token")
    assert why in error["message"]
    assert 'error="invalid_token"' in response.headers["WWW-Authenticate"]


@pytest.mark.parametrize("header", ["Basic YWxpY2U6eA==", "Bearer", "Bearer   ", "Token abc"])
def test_malformed_authorization_headers_are_401(client, header) -> None:
    response = client.get("/auth/me", headers={"Authorization": header})
    assert response.status_code == 401


# ---------------------------------------------------------------- refresh and logout
def test_refresh_gives_a_new_access_token(client, login) -> None:
    tokens = login("carol")
    response = client.post("/auth/refresh", json={"refresh_token": tokens["refresh_token"]})
    body = response.get_json()
    assert (response.status_code, sorted(body)) == (
        200,
        ["access_token", "expires_in", "token_type"],
    )
    assert client.get("/auth/me", headers=bearer(body["access_token"])).status_code == 200


def test_an_access_token_cannot_refresh(client, login) -> None:
    access = login("carol")["access_token"]
    response = client.post("/auth/refresh", json={"refresh_token": access})
    assert (response.status_code, response.get_json()["error"]["code"]) == (401, "invalid_token")


def test_logout_revokes_the_access_and_the_refresh_token(client, login) -> None:
    tokens = login("carol")
    response = client.post(
        "/auth/logout",
        json={"refresh_token": tokens["refresh_token"]},
        headers=bearer(tokens["access_token"]),
    )
    assert (response.status_code, response.data) == (204, b"")
    me = client.get("/auth/me", headers=bearer(tokens["access_token"]))
    assert (me.status_code, me.get_json()["error"]["message"]) == (
        401,
        "the access token has been revoked",
    )
    again = client.post("/auth/refresh", json={"refresh_token": tokens["refresh_token"]})
    assert again.status_code == 401


def test_logout_without_a_body_revokes_the_access_token(client, login) -> None:
    access = login("carol")["access_token"]
    assert client.post("/auth/logout", headers=bearer(access)).status_code == 204
    assert client.get("/auth/me", headers=bearer(access)).status_code == 401


def test_logout_refuses_someone_elses_refresh_token(client, login) -> None:
    carol, bob = login("carol"), login("bob")
    response = client.post(
        "/auth/logout",
        json={"refresh_token": bob["refresh_token"]},
        headers=bearer(carol["access_token"]),
    )
    assert response.status_code == 401
    assert client.get("/auth/me", headers=bearer(carol["access_token"])).status_code == 200


@pytest.mark.parametrize("refresh", [12, "", ["token"]])
def test_logout_rejects_a_malformed_refresh_token_field(client, login, refresh) -> None:
    access = login("carol")["access_token"]
    response = client.post("/auth/logout", json={"refresh_token": refresh}, headers=bearer(access))
    assert response.status_code == 400


# ---------------------------------------------------------------- errors and docs
@pytest.mark.parametrize(
    ("method", "path", "status"),
    [("get", "/nowhere", 404), ("get", "/auth/login", 405), ("delete", "/api/v1/reports", 405)],
)
def test_errors_share_one_json_shape(client, method, path, status) -> None:
    response = getattr(client, method)(path)
    error = response.get_json()["error"]
    assert (response.status_code, error["status"]) == (status, status)
    assert isinstance(error["message"], str) and error["code"]


def test_405_says_which_methods_are_allowed(client) -> None:
    assert "POST" in client.get("/auth/login").headers["Allow"]


def test_swagger_documents_every_endpoint_and_both_schemes(client) -> None:
    assert client.get("/swagger").status_code == 200
    spec = client.get("/swagger.json").get_json()
    assert set(spec["paths"]) == {
        "/health",
        "/auth/login",
        "/auth/refresh",
        "/auth/logout",
        "/auth/me",
        "/api-keys",
        "/api-keys/{key_id}",
        "/api/v1/reports",
        "/api/v1/admin/users",
    }
    assert set(spec["securityDefinitions"]) == {"Bearer", "ApiKey"}
    assert spec["paths"]["/api/v1/reports"]["get"]["responses"].keys() >= {"401", "403"}
