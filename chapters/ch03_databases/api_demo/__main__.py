"""Run the demo: python -m chapters.ch03_databases.api_demo (Swagger UI at /swagger)."""

from __future__ import annotations

import os
import sys

from sqlalchemy.engine import make_url

from . import create_app
from .config import ConfigError


def main() -> None:
    """Start the development server on http://127.0.0.1:5000."""
    try:
        app = create_app()
    except ConfigError as exc:
        sys.exit(f"Cannot start: {exc}")
    port = int(os.environ.get("PORT", "5000"))
    database = make_url(app.config["SQLALCHEMY_DATABASE_URI"]).render_as_string()
    print(f" * Database: {database}", flush=True)
    print(f" * Swagger UI: http://127.0.0.1:{port}/swagger", flush=True)
    app.run(host="127.0.0.1", port=port, use_reloader=False)


if __name__ == "__main__":
    main()
