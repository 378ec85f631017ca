"""The app as a whole: defaults, development tokens, auth and revocation, health, Swagger."""

from __future__ import annotations

import sys
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import jwt
import pytest
from celery import Celery
from celery.app.utils import find_app
from flask import Flask

from projects.core.revocation import revoke
from projects.core.testing import api_client
from projects.task_api.api import create_app
from projects.task_api.api.tasks import task_out
from projects.task_api.settings import TaskSettings

from .factories import new_task

ENVIRONMENT = ("APP_ENV", "DATABASE_URL", "REDIS_URL", "JWT_JWKS", "JWT_JWKS_URL",
               "JWT_PRIVATE_KEY", "SECRET_KEY", "UPLOAD_DIR", "CACHE_REDIS_URL")  # fmt: skip


@pytest.fixture
def fresh_dev_app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Flask:
    """Build the app as a first run does: no arguments, no environment, an empty folder."""
    for name in ENVIRONMENT:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)
    return create_app()


def test_a_fresh_development_app_works_end_to_end(fresh_dev_app: Flask, tmp_path: Path) -> None:
    """With no settings at all: SQLite file, migrated schema, dev tokens, tasks."""
    client = fresh_dev_app.test_client()
    minted = client.post("/api/dev/token", json={"subject": "alice", "roles": ["admin"]})
    assert (minted.status_code, minted.json["token_type"], minted.json["expires_in"]) == (
        200,
        "Bearer",
        900,
    )
    alice = api_client(fresh_dev_app, token=minted.json["access_token"])
    assert new_task(alice)["owner_id"] == "alice"
    assert alice.get("/api/tasks").json["total"] == 1
    assert (tmp_path / "task_api.sqlite3").is_file()


@pytest.mark.parametrize(
    "body", [{}, {"subject": ""}, {"subject": "a b"}, {"subject": "x", "roles": "admin"}]
)
def test_dev_tokens_need_a_valid_subject(fresh_dev_app: Flask, body: dict[str, Any]) -> None:
    """The development token endpoint validates its input like any other."""
    assert fresh_dev_app.test_client().post("/api/dev/token", json=body).status_code == 400


def test_dev_tokens_do_not_exist_outside_development(light_app: Flask) -> None:
    """In testing (and production) /api/dev/token is not a route at all."""
    response = light_app.test_client().post("/api/dev/token", json={"subject": "alice"})
    assert response.status_code == 404
    assert "/api/dev/token" not in light_app.test_client().get("/swagger.json").json["paths"]


def test_dev_tokens_do_not_exist_when_keys_are_configured(
    settings_factory: Callable[..., Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A development app that trusts the auth service's keys mints nothing itself."""
    monkeypatch.chdir(tmp_path)  # development keeps its SQLite file in the working directory
    settings = settings_factory(TaskSettings, environment="development", upload_dir=tmp_path)
    app = create_app(settings)
    assert app.test_client().post("/api/dev/token", json={"subject": "a"}).status_code == 404


def test_a_revoked_token_is_refused(app: Flask, token_for: Callable[..., str]) -> None:
    """A token the auth service revoked in the shared Redis list is 401 here at once."""
    token = token_for("alice")
    alice = api_client(app, token=token)
    assert alice.get("/api/tasks").status_code == 200
    claims = jwt.decode(token, options={"verify_signature": False})
    with app.app_context():
        revoke(claims["jti"], expires_at=claims["exp"])
    response = alice.get("/api/tasks")
    assert (response.status_code, response.json["error"]["message"]) == (
        401,
        "The token has been revoked.",
    )


@pytest.mark.parametrize(("token_type", "ttl_seconds"), [("refresh", 300), ("access", -120)])
def test_refresh_and_expired_tokens_are_refused(
    app: Flask, token_for: Callable[..., str], token_type: str, ttl_seconds: int
) -> None:
    """Only live access tokens pass."""
    token = token_for("alice", token_type=token_type, ttl=timedelta(seconds=ttl_seconds))
    assert api_client(app, token=token).get("/api/tasks").status_code == 401


def test_readiness_checks_database_redis_and_storage(app: Flask) -> None:
    """/health/ready reports each dependency."""
    response = app.test_client().get("/health/ready")
    assert response.status_code == 200
    assert sorted(response.json["checks"]) == ["database", "redis", "storage"]


def test_swagger_documents_every_resource(app: Flask) -> None:
    """The spec lists the task, comment, attachment and webhook paths with bearer security."""
    spec = app.test_client().get("/swagger.json").json
    assert {
        "/api/tasks",
        "/api/tasks/{task_id}",
        "/api/tasks/{task_id}/comments",
        "/api/tasks/{task_id}/attachments",
        "/api/tasks/{task_id}/attachments/{attachment_id}",
        "/api/tasks/{task_id}/attachments/{attachment_id}/content",
        "/api/webhooks",
        "/api/webhooks/{subscription_id}",
        "/api/webhooks/{subscription_id}/deliveries",
    } <= set(spec["paths"])
    assert spec["paths"]["/api/tasks"]["get"]["security"] == [{"bearer": []}]
    assert spec["definitions"]["TaskPatch"]["properties"]["due_at"]["x-nullable"] is True


def test_task_out_documents_exactly_what_is_sent(app: Flask, token_for: Callable[..., str]) -> None:
    """The TaskOut model and the JSON the API sends have the same fields."""
    task = new_task(api_client(app, token=token_for("alice")))
    assert list(task) == list(task_out)


def test_comments_are_listed_oldest_first(app: Flask, token_for: Callable[..., str]) -> None:
    """Comments carry their author and come back in order, paginated."""
    alice = api_client(app, token=token_for("alice"))
    task = new_task(alice, assignee_id="bob")
    bob = api_client(app, token=token_for("bob"))
    url = f"/api/tasks/{task['id']}/comments"
    assert alice.post(url, json={"body": "please"}).status_code == 201
    assert bob.post(url, json={"body": " on it "}).status_code == 201
    page = alice.get(url).json
    assert [(c["author_id"], c["body"]) for c in page["items"]] == [
        ("alice", "please"),
        ("bob", "on it"),
    ]
    assert alice.post(url, json={"body": "   "}).status_code == 400


@pytest.mark.parametrize(
    ("environment", "auto_migrate", "expected"),
    [
        ("development", None, True),
        ("testing", None, True),
        ("production", None, False),
        ("production", True, True),
        ("development", False, False),
    ],
)
def test_migrations_run_at_start_up_outside_production_by_default(
    settings_factory: Callable[..., Any],
    environment: str,
    auto_migrate: bool | None,
    expected: bool,
) -> None:
    """AUTO_MIGRATE defaults to on, except in production where a release step migrates."""
    settings = settings_factory(
        TaskSettings,
        environment=environment,
        auto_migrate=auto_migrate,
        database_url="sqlite://",
        redis_url="redis://127.0.0.1:1/0",
    )
    assert settings.migrate_at_startup is expected


def test_development_defaults_to_a_sqlite_file_in_the_working_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A demo keeps its data between restarts, in the folder it was started from."""
    for name in ENVIRONMENT:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)
    settings = TaskSettings.load()
    assert settings.database_url == f"sqlite:///{tmp_path / 'task_api.sqlite3'}"


def test_the_celery_command_finds_the_worker_app(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, redis_url: str
) -> None:
    """`celery -A projects.task_api.worker` resolves to the Celery app, not the Flask one."""
    for name in ENVIRONMENT:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("REDIS_URL", redis_url)
    monkeypatch.delitem(sys.modules, "projects.task_api.worker", raising=False)
    found = find_app("projects.task_api.worker")
    assert isinstance(found, Celery)
    assert "task_api.deliver_webhook" in found.tasks
