"""Chapter 1 demo: a Flask API with Swagger UI, per-environment settings, JSON logs,
health probes, a versioned URL space and request IDs."""

from __future__ import annotations

from collections.abc import Mapping

from flask import Flask
from flask_restx import Api

from . import errors, request_ids
from .config import load_settings
from .greetings import ns as greetings_ns
from .health import add_check
from .health import ns as health_ns
from .logs import configure_logging

__all__ = ["create_app"]


# --8<-- [start:factory]
def create_app(config: Mapping[str, str] | None = None) -> Flask:
    """Build the app; `config` replaces the process environment (tests pass their own)."""
    settings = load_settings(config)
    app = Flask(__name__)
    app.config.from_mapping(settings.as_flask_config())

    request_ids.init_app(app)
    configure_logging(app)

    api = Api(
        app,
        version="1.0",
        title="Chapter 1 — Flask API development environment",
        description="Health probes and a versioned hello-world API.",
        doc="/swagger",
    )
    api.add_namespace(health_ns, path="/health")
    api.add_namespace(greetings_ns, path="/api/v1")
    errors.init_app(app, api)

    # The demo has no database yet; this check shows where one would plug in.
    add_check(app, "settings", lambda: None)
    return app


# --8<-- [end:factory]
