"""Chapter 4 demo: a JWT-protected API with API keys, roles, security headers and
Redis-backed rate limits that keep serving when Redis is down."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import Flask
from flask_restx import Api
from werkzeug.middleware.proxy_fix import ProxyFix

from . import errors, ratelimit, reports, security_headers, users
from .admin import ns as admin_ns
from .api_keys import ns as api_keys_ns
from .auth import ns as auth_ns
from .config import load_settings
from .denylist import create_denylist
from .health import ns as health_ns
from .keyring import KeyRing
from .logs import configure_logging
from .reports import ns as reports_ns
from .tokens import TokenService

__all__ = ["create_app"]

# Swagger 2.0 has no "bearer" scheme; a header named Authorization is the usual stand-in.
AUTHORIZATIONS = {
    "Bearer": {
        "type": "apiKey",
        "in": "header",
        "name": "Authorization",
        "description": "Type: Bearer <access_token from POST /auth/login>",
    },
    "ApiKey": {"type": "apiKey", "in": "header", "name": "X-API-Key"},
}


# --8<-- [start:factory]
def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    """Build the app; `config` replaces the process environment and .env (tests pass their own)."""
    settings = load_settings(config)
    app = Flask(__name__)
    app.config.update(
        SECRET_KEY=settings.secret_key,
        DEBUG=settings.debug,
        TESTING=settings.environment == "testing",
        ERROR_INCLUDE_MESSAGE=False,  # errors.py writes the whole error body
        RESTX_ERROR_404_HELP=False,
        RESTX_MASK_SWAGGER=False,
        SWAGGER_UI_DOC_EXPANSION="list",
    )
    app.extensions["settings"] = settings
    configure_logging(app, settings.log_level)
    if settings.trusted_proxy_count:
        # Believe X-Forwarded-For only as far as our own proxies wrote it.
        n = settings.trusted_proxy_count
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=n, x_proto=n)  # type: ignore[method-assign]

    store = users.init_app(app, environment=settings.environment)
    app.extensions["tokens"] = TokenService(
        secret=settings.jwt_secret_key,
        issuer=settings.jwt_issuer,
        audience=settings.jwt_audience,
        access_ttl=settings.access_token_ttl,
        refresh_ttl=settings.refresh_token_ttl,
        denylist=create_denylist(settings.redis_url),
        users=store,
    )
    app.extensions["api_keys"] = KeyRing(pepper=settings.secret_key)
    reports.init_app(app)
    ratelimit.init_app(app, settings)
    security_headers.init_app(app, hsts_seconds=settings.hsts_seconds)

    api = Api(
        app,
        version="1.0",
        title="Chapter 4 — API authentication and security",
        description="Log in at /auth/login, then press Authorize and paste 'Bearer <token>'.",
        doc="/swagger",
        authorizations=AUTHORIZATIONS,
    )
    api.add_namespace(health_ns, path="/health")
    api.add_namespace(auth_ns, path="/auth")
    api.add_namespace(api_keys_ns, path="/api-keys")
    api.add_namespace(reports_ns, path="/api/v1/reports")
    api.add_namespace(admin_ns, path="/api/v1/admin")
    errors.init_app(app, api)
    return app


# --8<-- [end:factory]
