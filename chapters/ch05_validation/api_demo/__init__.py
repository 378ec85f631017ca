"""Chapter 5 demo: an orders API whose bodies marshmallow validates, sanitises and serialises."""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

from flask import Flask
from flask_restx import Api

from . import errors, order_service
from .config import load_settings
from .orders import ns as orders_ns

__all__ = ["create_app"]


# --8<-- [start:factory]
def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    """Build the app; `config` replaces the process environment (tests pass their own)."""
    settings = load_settings(os.environ if config is None else config)
    app = Flask(__name__)
    app.config.from_mapping(settings.as_flask_config())

    api = Api(
        app,
        version="1.0",
        title="Chapter 5 — Data validation and serialization",
        description=(
            "An orders API: nested validation, custom and cross-field rules, sanitised "
            "input, formatted output, and one error body that lists every field error."
        ),
        doc="/swagger",
    )
    api.add_namespace(orders_ns, path="/api/orders")
    errors.init_app(app, api)
    order_service.init_app(app, capacity=settings.max_stored_orders)
    return app


# --8<-- [end:factory]
