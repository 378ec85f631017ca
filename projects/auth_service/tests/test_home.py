"""GET / and GET /health (with database status), next to core's probes."""

from __future__ import annotations

from collections.abc import Callable

from flask import Flask
from flask.testing import FlaskClient

from projects.auth_service.api import create_app
from projects.auth_service.settings import AuthSettings
from projects.core import generate_key_pair
from projects.core.testing import unreachable_postgres_url


def test_welcome(client: FlaskClient) -> None:
    """/ greets and points at the docs, health and JWKS."""
    response = client.get("/")
    assert response.status_code == 200
    body = response.get_json()
    assert body["docs"] == "/swagger" and body["jwks"] == "/.well-known/jwks.json"


def test_health_reports_the_database(client: FlaskClient) -> None:
    """/health says ok with the database's status; it is never cached."""
    response = client.get("/health")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    body = response.get_json()
    assert (body["status"], body["database"], body["service"]) == ("ok", "ok", "auth_service")


def test_core_probes_are_there_too(client: FlaskClient) -> None:
    """/health/live and /health/ready come from core."""
    assert client.get("/health/live").status_code == 200
    ready = client.get("/health/ready").get_json()
    assert ready["status"] == "ok" and set(ready["checks"]) == {"database", "redis"}


def test_health_is_503_when_the_database_is_down(
    settings_factory: Callable[..., AuthSettings], redis_url: str
) -> None:
    """With the database unreachable, /health answers 503 and names no detail."""
    settings = settings_factory(
        AuthSettings,
        environment="production",  # production does not migrate at start-up
        database_url=unreachable_postgres_url(),
        redis_url=redis_url,
        database_connect_timeout=1,
        jwt_private_key=generate_key_pair().private_pem,
    )
    app: Flask = create_app(settings)
    response = app.test_client().get("/health")
    assert response.status_code == 503
    assert response.get_json()["database"] == "fail"
    assert app.test_client().get("/health/ready").status_code == 503


def test_swagger_documents_the_api(client: FlaskClient) -> None:
    """Swagger UI is at /swagger and the spec lists the seed's and the plan's paths."""
    assert client.get("/swagger").status_code == 200
    paths = client.get("/swagger.json").get_json()["paths"]
    for path in ("/api/auth/login", "/api/users/{user_id}", "/oauth/token", "/api/audit"):
        assert path in paths


def test_nul_characters_are_refused(client: FlaskClient) -> None:
    """PostgreSQL cannot store NUL: such requests are a clear 400, not a 500."""
    response = client.post("/api/auth/login", json={"email": "a\x00@b.co", "password": "x"})
    assert response.status_code == 400
    assert client.get("/api/audit?action=%00").status_code == 400
