"""Run the auth service alone: python -m projects.auth_service (Swagger UI at /swagger).

Without any environment it runs on development defaults: SQLite in the working folder,
migrated at start, a development administrator, a throwaway signing key, no Redis.
"""

from __future__ import annotations

import os
import sys

from projects.core import ConfigError

from .api import create_app

DEFAULT_PORT = 5001  # the other capstones take 5000, 5002…, so they can run side by side


def main() -> None:
    """Start the development server on http://127.0.0.1:$PORT (default 5001)."""
    try:
        app = create_app()
    except ConfigError as exc:
        sys.exit(f"Cannot start: {exc}")
    port = int(os.environ.get("PORT", DEFAULT_PORT))
    print(f" * Swagger UI: http://127.0.0.1:{port}/swagger", flush=True)
    app.run(host="127.0.0.1", port=port, use_reloader=False)


if __name__ == "__main__":
    main()
