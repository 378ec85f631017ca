"""Chapter 2 demo: a users CRUD API and the Posts API, documented in Swagger UI."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import Flask
from flask_cors import CORS
from flask_restx import Api

from . import errors, post_service, user_service
from .config import load_settings
from .examples import load_examples
from .posts import ns as posts_ns
from .users import ns as users_ns

__all__ = ["create_app"]

cors = CORS()


# --8<-- [start:factory]
def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    """Build the app; `config` replaces the process environment (tests pass their own)."""
    settings = load_settings(config)
    app = Flask(__name__)
    app.config.from_mapping(settings.as_flask_config())

    # Browsers on other origins may call the API; Location must be exposed to be read.
    cors.init_app(
        app,
        resources={r"/api/*": {"origins": list(settings.cors_origins)}},
        expose_headers=["Location"],
    )
    api = Api(
        app,
        version="1.0",
        title="Chapter 2 — RESTful API design with Swagger",
        description="A users CRUD API and the Posts API with its response envelope.",
        doc="/swagger",
    )
    api.add_namespace(users_ns, path="/api/users")
    api.add_namespace(posts_ns, path="/api/posts")
    errors.init_app(app, api)

    # Each app owns its stores: two apps (or two tests) never share data.
    user_service.init_app(app)
    post_service.init_app(app)
    if settings.seed_data:
        load_examples(app)
    return app


# --8<-- [end:factory]
