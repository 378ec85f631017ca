"""The app factory every service is built with."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable

from flask import Flask
from flask_restx import Api, Namespace
from flask_sqlalchemy import SQLAlchemy
from werkzeug.middleware.proxy_fix import ProxyFix

from . import (
    admission,
    auth,
    database,
    error_handlers,
    health,
    logs,
    metrics,
    ratelimit,
    redis_store,
    request_ids,
)
from .settings import Settings

InitHook = Callable[[Flask], None]


def create_app(
    *,
    name: str,
    settings: Settings,
    namespaces: Iterable[Namespace] = (),
    db: SQLAlchemy | None = None,
    migrations: str | os.PathLike[str] | None = None,
    is_revoked: Callable[[str], bool] | None = None,
    init: Iterable[InitHook] = (),
    title: str | None = None,
    version: str = "1.0",
    description: str = "",
) -> Flask:
    """Build a service's app from its settings, namespaces, database and init hooks.

    `name` is the service's package (`__name__`), so its modules' loggers log JSON;
    `namespaces` carry their own paths (`Namespace("tasks", path="/api/v1/tasks")`);
    `is_revoked(jti)` lets a service refuse revoked tokens; each `init(app)` hook runs
    last, for extensions of the service's own. Nothing here connects to anything.
    """
    app = Flask(name)
    app.config.from_mapping(settings.flask_config())
    app.json.sort_keys = False  # type: ignore[attr-defined]  # keep the documented key order
    if settings.proxy_hops:
        # Trust X-Forwarded-For/-Proto from that many proxies, so rate limits see the
        # client and not the load balancer, and links use the public scheme.
        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app, x_for=settings.proxy_hops, x_proto=settings.proxy_hops
        )
    request_ids.init_app(app)  # first, so every later hook and log line has the ID
    logs.init_app(app)
    metrics.init_app(app)
    _add_api(app, namespaces, title=title or name, version=version, description=description)
    auth.init_app(app, settings, is_revoked=is_revoked)
    ratelimit.init_app(app, settings)
    if settings.redis_url:
        redis_store.init_app(app, settings.redis_url, timeout=settings.redis_timeout)
    admission.init_app(app)  # rate limit and revocation check: one Redis round trip
    if db is not None:
        database.init_app(app, db, settings, migrations=migrations)
    for hook in init:
        hook(app)
    return app


def _add_api(
    app: Flask, namespaces: Iterable[Namespace], *, title: str, version: str, description: str
) -> Api:
    """Mount flask-restx with Swagger UI at /swagger, the health probes and the namespaces."""
    api = Api(
        app,
        title=title,
        version=version,
        description=description,
        doc="/swagger",
        authorizations=auth.AUTHORIZATIONS,
    )
    api.add_namespace(health.ns)
    for namespace in namespaces:
        api.add_namespace(namespace)
    error_handlers.init_app(app, api)
    app.extensions["core.api"] = api
    return api
