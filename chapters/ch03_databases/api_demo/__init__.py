"""Chapter 3 demo: a layered library API (routes -> services -> repositories -> models)
on SQLite by default and PostgreSQL by DATABASE_URL, with migrations, a tuned connection
pool, a visible N+1 and EXPLAIN."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import Flask
from flask_restx import Api

from . import database, errors, query_count
from .authors import ns as authors_ns
from .books import ns as books_ns
from .config import load_settings
from .diagnostics import ns as diagnostics_ns
from .health import ns as health_ns

__all__ = ["create_app"]


# --8<-- [start:factory]
def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    """Build the app; `config` replaces the process environment (tests pass their own)."""
    settings = load_settings(config)
    app = Flask(__name__)
    app.config.from_mapping(settings.as_flask_config())

    database.init_app(app)  # engine, pool, SQLite pragmas, migrations when asked
    with app.app_context():
        query_count.init_app(app, database.db.engine)

    api = Api(
        app,
        version="1.0",
        title="Chapter 3 — Database design for APIs",
        description="Authors and books on SQLAlchemy 2.0, with migrations, pooling and EXPLAIN.",
        doc="/swagger",
    )
    api.add_namespace(authors_ns, path="/api/authors")
    api.add_namespace(books_ns, path="/api/books")
    api.add_namespace(diagnostics_ns, path="/api/db")
    api.add_namespace(health_ns, path="/health")
    errors.init_app(app, api)
    return app


# --8<-- [end:factory]
