"""Run the task API alone: `python -m projects.task_api` (port $PORT, default 5002)."""

from __future__ import annotations

import os

from .api import create_app

DEFAULT_PORT = 5002


def main() -> None:
    """Serve the API on 127.0.0.1 with Flask's development server."""
    app = create_app()
    port = int(os.environ.get("PORT", DEFAULT_PORT))
    # threaded: one slow upload must not hold every other request.
    app.run(host="127.0.0.1", port=port, threaded=True, use_reloader=False)


if __name__ == "__main__":
    main()
