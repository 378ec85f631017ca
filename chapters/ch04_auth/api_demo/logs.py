"""Plain one-line logs on stderr, for the app and for Flask-Limiter's storage warnings."""

from __future__ import annotations

import logging
import sys

from flask import Flask

FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
# Flask-Limiter reports "storage unreachable" and "storage recovered" on this logger.
LIMITER_LOGGER = "flask-limiter"


def configure_logging(app: Flask, level: str) -> None:
    """Send the app's and Flask-Limiter's records to one stderr handler."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter(FORMAT))
    for logger in (app.logger, logging.getLogger(LIMITER_LOGGER)):
        logger.handlers[:] = [handler]
        logger.setLevel(level)
        logger.propagate = False  # one line per event, not a second copy from the root
