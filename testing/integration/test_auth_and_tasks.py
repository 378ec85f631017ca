"""Two services, one login: register and log in on auth_service, use the token on task_api,
log out, and be refused by task_api too.

The auth service is served over real HTTP, and the task API fetches its keys from
`/.well-known/jwks.json` (JWT_JWKS_URL), the way it runs in production. Both share one
Redis, where the auth service writes revoked token IDs at logout.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from projects.core.testing import *  # noqa: F403  (settings_factory, jwt_key_pair, …)
from projects.core.testing import api_client
from testing.api.live import serving
from testing.services import postgres

ROOT = Path(__file__).resolve().parents[2]

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        not (ROOT / "projects" / "auth_service" / "api" / "__init__.py").exists(),
        reason="projects/auth_service is not built yet",
    ),
]

PASSWORD = "correct-horse-battery"


@pytest.fixture
def second_database(postgres_server_url: str) -> Iterator[str]:
    """Yield a SQLAlchemy URL of one more fresh database (each service owns its own)."""
    url = postgres.create_database(postgres_server_url)
    try:
        yield postgres.sqlalchemy_url(url)
    finally:
        postgres.drop_database(postgres_server_url, url)


@pytest.fixture
def auth_url(live_settings_factory: Callable[..., Any]) -> Iterator[str]:
    """Serve the auth service over HTTP on a loopback port; yield its base URL."""
    from projects.auth_service.api import create_app
    from projects.auth_service.models import db
    from projects.auth_service.settings import AuthSettings

    app = create_app(live_settings_factory(AuthSettings, jwt_jwks=None))
    with serving(app) as url:
        yield url
    with app.app_context():
        db.engine.dispose()


@pytest.fixture
def task_app(
    settings_factory: Callable[..., Any],
    auth_url: str,
    second_database: str,
    redis_url: str,
    tmp_path: Path,
) -> Iterator[Flask]:
    """Build the task API trusting only the keys the live auth service publishes."""
    from projects.task_api.api import create_app
    from projects.task_api.models import db
    from projects.task_api.settings import TaskSettings

    settings = settings_factory(
        TaskSettings,
        database_url=second_database,
        redis_url=redis_url,  # the same Redis: the revocation list is shared
        jwt_private_key=None,
        jwt_key_id=None,
        jwt_jwks=None,
        jwt_jwks_url=f"{auth_url}/.well-known/jwks.json",
        upload_dir=tmp_path / "uploads",
    )
    app = create_app(settings)
    yield app
    with app.app_context():
        db.engine.dispose()


def log_in(auth_url: str, email: str) -> dict[str, Any]:
    """Register an account on the live auth service and log in; return the token pair."""
    import requests

    account = {"email": email, "username": email.split("@")[0], "password": PASSWORD}
    registered = requests.post(f"{auth_url}/api/users/register", json=account, timeout=10)
    assert registered.status_code == 201, registered.text
    login = {"email": email, "password": PASSWORD}
    response = requests.post(f"{auth_url}/api/auth/login", json=login, timeout=10)
    assert response.status_code == 200, response.text
    return response.json()


def test_a_token_from_the_auth_service_works_until_logout(auth_url: str, task_app: Flask) -> None:
    """Log in on auth_service, create a task on task_api, log out, and get 401 on task_api."""
    import requests

    tokens = log_in(auth_url, "ann@example.com")
    ann: FlaskClient = api_client(task_app, token=tokens["access_token"])

    created = ann.post("/api/tasks", json={"title": "Made with a real token"})
    assert created.status_code == 201, created.json
    assert ann.get(f"/api/tasks/{created.json['id']}").status_code == 200

    headers = {"Authorization": f"Bearer {tokens['access_token']}"}
    logout = requests.post(f"{auth_url}/api/auth/logout", headers=headers, timeout=10)
    assert logout.status_code == 200, logout.text

    refused = ann.get("/api/tasks")
    assert (refused.status_code, refused.json["error"]["message"]) == (
        401,
        "The token has been revoked.",
    )
    assert ann.get(f"/api/tasks/{created.json['id']}").status_code == 401


def test_the_task_owner_is_the_auth_service_user(auth_url: str, task_app: Flask) -> None:
    """The task API records the token's subject, the auth service's user ID."""
    import requests

    tokens = log_in(auth_url, "bob@example.com")
    me = requests.get(
        f"{auth_url}/api/auth/me",
        headers={"Authorization": f"Bearer {tokens['access_token']}"},
        timeout=10,
    )
    assert me.status_code == 200, me.text
    task = api_client(task_app, token=tokens["access_token"]).post(
        "/api/tasks", json={"title": "Whose is it?"}
    )
    assert task.json["owner_id"] == str(me.json()["id"])


def test_refresh_tokens_are_not_accepted_as_access_tokens(auth_url: str, task_app: Flask) -> None:
    """The refresh token of the same login is refused by the task API."""
    tokens = log_in(auth_url, "cyd@example.com")
    response = api_client(task_app, token=tokens["refresh_token"]).get("/api/tasks")
    assert response.status_code == 401
