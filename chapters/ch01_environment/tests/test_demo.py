"""Chapter 1's demo: settings, probes, versioned routes, request IDs, JSON logs, errors."""

from __future__ import annotations

import io
import json
import logging

import pytest

from chapters.ch01_environment.api_demo import create_app
from chapters.ch01_environment.api_demo.config import DEV_SECRET_KEY, ConfigError, load_settings
from chapters.ch01_environment.api_demo.health import add_check

STRONG_KEY = "k" * 48


# ---------------------------------------------------------------- settings
def test_development_is_the_default_environment() -> None:
    settings = load_settings({})
    assert (settings.environment, settings.debug, settings.secret_key) == (
        "development",
        True,
        DEV_SECRET_KEY,
    )


@pytest.mark.parametrize("secret", [None, "", "short"])
def test_production_refuses_to_start_without_a_real_secret(secret: str | None) -> None:
    environ = {"APP_ENV": "production"} | ({"SECRET_KEY": secret} if secret is not None else {})
    with pytest.raises(ConfigError, match="SECRET_KEY"):
        create_app(environ)


def test_production_starts_with_a_strong_secret_and_no_debug() -> None:
    app = create_app({"APP_ENV": "production", "SECRET_KEY": STRONG_KEY})
    assert (app.debug, app.config["SECRET_KEY"]) == (False, STRONG_KEY)


def test_unknown_environment_is_named_in_the_error() -> None:
    with pytest.raises(ConfigError, match="staging"):
        load_settings({"APP_ENV": "staging"})


def test_empty_values_fall_back_and_bad_levels_are_refused() -> None:
    assert load_settings({"LOG_LEVEL": "", "SECRET_KEY": ""}).log_level == "DEBUG"
    with pytest.raises(ConfigError, match="LOUD"):
        load_settings({"LOG_LEVEL": "loud"})


def test_dotenv_file_is_read_and_environment_wins(tmp_path, monkeypatch) -> None:
    env_file = tmp_path / ".env"
    env_file.write_text("APP_ENV=testing\nLOG_LEVEL=WARNING\n")
    monkeypatch.setenv("LOG_LEVEL", "ERROR")
    settings = load_settings(env_file=str(env_file))
    assert (settings.environment, settings.log_level) == ("testing", "ERROR")


def test_an_explicit_mapping_ignores_dotenv_and_the_shell(tmp_path, monkeypatch) -> None:
    (tmp_path / ".env").write_text("APP_ENV=production\n")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("APP_ENV", "production")
    assert load_settings({}).environment == "development"


# ---------------------------------------------------------------- API and Swagger
def test_swagger_ui_and_spec_are_served(client) -> None:
    assert client.get("/swagger").status_code == 200
    spec = client.get("/swagger.json").get_json()
    assert {"/api/v1/hello", "/api/v1/info", "/health/live", "/health/ready"} <= set(spec["paths"])


def test_hello_greets_by_name(client) -> None:
    response = client.get("/api/v1/hello", query_string={"name": "  Ada "})
    assert (response.status_code, response.get_json()) == (200, {"message": "Hello, Ada!"})


@pytest.mark.parametrize("name", ["", "   ", "x" * 51])
def test_hello_rejects_bad_names_with_the_error_shape(client, name: str) -> None:
    response = client.get("/api/v1/hello", query_string={"name": name})
    error = response.get_json()["error"]
    assert (response.status_code, error["code"]) == (400, "bad_request")
    assert "1 to 50" in error["message"]


def test_info_names_the_environment(client) -> None:
    assert client.get("/api/v1/info").get_json()["environment"] == "testing"


@pytest.mark.parametrize(
    ("method", "path", "status"), [("get", "/api/v2/hello", 404), ("post", "/api/v1/hello", 405)]
)
def test_errors_outside_and_inside_the_api_share_one_shape(client, method, path, status) -> None:
    response = getattr(client, method)(path, headers={"X-Request-ID": "trace-1"})
    assert response.status_code == status
    assert response.get_json()["error"]["request_id"] == "trace-1"


# ---------------------------------------------------------------- health
def test_liveness_is_ok_and_not_cached(client) -> None:
    response = client.get("/health/live")
    assert (response.status_code, response.headers["Cache-Control"]) == (200, "no-store")


def test_readiness_fails_with_503_naming_the_broken_check(app, client) -> None:
    def database() -> None:
        raise ConnectionError("connection refused")

    add_check(app, "database", database)
    response = client.get("/health/ready")
    body = response.get_json()
    assert (response.status_code, body["status"]) == (503, "fail")
    assert body["checks"]["database"]["error"] == "ConnectionError: connection refused"
    assert body["checks"]["settings"]["status"] == "ok"


# ---------------------------------------------------------------- request IDs and logs
def test_request_id_is_echoed_when_sane(client) -> None:
    response = client.get("/health/live", headers={"X-Request-ID": "abc-123.x_y"})
    assert response.headers["X-Request-ID"] == "abc-123.x_y"


@pytest.mark.parametrize("incoming", [None, "", "has space", "a" * 65, "semi;colon"])
def test_request_id_is_generated_when_missing_or_unsafe(client, incoming) -> None:
    headers = {} if incoming is None else {"X-Request-ID": incoming}
    generated = client.get("/health/live", headers=headers).headers["X-Request-ID"]
    assert len(generated) == 32 and generated != incoming


def test_every_log_line_of_a_request_is_json_with_its_id(app, client) -> None:
    stream = io.StringIO()
    app.logger.handlers[0].setStream(stream)
    client.get("/api/v1/hello?name=Ada", headers={"X-Request-ID": "req-42"})
    lines = [json.loads(line) for line in stream.getvalue().splitlines()]
    assert [line["message"] for line in lines] == ["greeting", "request handled"]
    assert {line["request_id"] for line in lines} == {"req-42"}
    assert lines[1]["status"] == 200 and lines[1]["time"].endswith("+00:00")
    assert app.logger.level == logging.getLevelName(app.config["LOG_LEVEL"])
