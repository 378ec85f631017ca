"""The task API's app factory: core's app plus tasks, comments, attachments and webhooks."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import redis
from alembic import command
from flask import Flask, current_app
from pydantic import SecretStr
from redis.backoff import NoBackoff
from redis.retry import Retry
from sqlalchemy import event

from projects.core import add_check, create_celery, generate_key_pair
from projects.core import create_app as create_core_app
from projects.core.redis_store import CLIENT_KEY
from projects.core.revocation import is_revoked

from ..models import db
from ..services import cache, delivery, storage
from ..settings import TaskSettings
from . import attachments, comments, dev, tasks, webhooks

MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"
UPLOAD_OVERHEAD = 64 * 1024  # multipart boundaries and headers around the file itself
DESCRIPTION = (
    "Tasks with assignment and per-task permissions, file attachments and signed webhooks. "
    "Send `Authorization: Bearer <access token>` from the auth service."
)

__all__ = ["create_app"]


def create_app(settings: TaskSettings | None = None) -> Flask:
    """Build the task API; with no settings, read them from the environment."""
    settings = settings or TaskSettings.load()
    settings, development_tokens = _development_key(settings)
    namespaces = [tasks.ns, comments.ns, attachments.ns, webhooks.ns]
    if development_tokens:
        namespaces.append(dev.ns)
    app = create_core_app(
        name="projects.task_api",
        settings=settings,
        namespaces=namespaces,
        db=db,
        migrations=MIGRATIONS,
        is_revoked=is_revoked,  # a token the auth service revoked (logout) is refused here
        init=[_init],
        title="Task API",
        description=DESCRIPTION,
    )
    if development_tokens:
        app.logger.warning(
            "development: trusting a throwaway signing key; POST /api/dev/token mints tokens"
        )
    return app


def _development_key(settings: TaskSettings) -> tuple[TaskSettings, bool]:
    """In development with no keys at all, trust a throwaway key (and offer /api/dev/token)."""
    has_keys = settings.jwt_private_key or settings.jwt_jwks or settings.jwt_jwks_url
    if settings.environment != "development" or has_keys:
        return settings, False
    pem = generate_key_pair().private_pem
    return settings.model_copy(update={"jwt_private_key": SecretStr(pem)}), True


def _init(app: Flask) -> None:
    """Wire the task API's own pieces: upload limit, schema, storage, cache and Celery."""
    settings: TaskSettings = app.config["SETTINGS"]
    app.config["MAX_CONTENT_LENGTH"] = settings.attachment_max_bytes + UPLOAD_OVERHEAD
    with app.app_context():
        if db.engine.dialect.name == "sqlite":
            event.listen(db.engine, "connect", _sqlite_pragmas)
        if settings.migrate_at_startup:
            upgrade_to_head()
    local = storage.LocalStorage(settings.upload_dir)
    storage.init_app(app, local)
    add_check(app, "storage", lambda: _check_writable(local.root))
    cache.init_app(app, _cache_client(app, settings), ttl=settings.cache_ttl)
    if settings.redis_url:
        create_celery(
            app,
            # Fail fast when the broker is down: the deliveries wait in the outbox.
            task_publish_retry_policy={"max_retries": 2, "interval_start": 0.1,
                                       "interval_step": 0.2, "interval_max": 0.5},
            beat_schedule={"requeue-pending-webhooks": {
                "task": delivery.requeue_pending.name, "schedule": 300.0}},
        )  # fmt: skip


def upgrade_to_head() -> None:
    """Apply every migration the database lacks (inside an app context)."""
    config = current_app.extensions["migrate"].migrate.get_config()
    config.attributes["configure_logging"] = False  # leave the app's JSON logging alone
    command.upgrade(config, "head")


def _cache_client(app: Flask, settings: TaskSettings) -> redis.Redis | None:
    """Return the Redis client for cached reads: its own URL, else the app's Redis."""
    if settings.cache_redis_url:
        return redis.Redis.from_url(
            settings.cache_redis_url,
            socket_timeout=settings.redis_timeout,
            socket_connect_timeout=settings.redis_timeout,
            retry=Retry(NoBackoff(), 0),  # a miss is cheap; waiting on Redis is not
        )
    return app.extensions.get(CLIENT_KEY)


def _check_writable(root: Path) -> None:
    root.mkdir(parents=True, exist_ok=True)
    if not os.access(root, os.W_OK):
        raise PermissionError("the upload folder is not writable")


def _sqlite_pragmas(dbapi_connection: Any, _record: object) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys = ON")  # ON DELETE CASCADE needs it, per connection
    cursor.execute("PRAGMA journal_mode = WAL")  # readers do not wait for the writer
    cursor.execute("PRAGMA busy_timeout = 5000")
    cursor.close()
