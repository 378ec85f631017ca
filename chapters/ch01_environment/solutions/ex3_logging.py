"""Exercise 3 — structured logging (reference solution)."""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime

SENSITIVE = frozenset({"password", "token", "secret", "authorization", "api_key", "cookie"})
REDACTED = "[REDACTED]"
# Attributes every LogRecord has; anything else on a record came from `extra=`.
_STANDARD = frozenset(vars(logging.makeLogRecord({}))) | {"message", "asctime"}


def redact(value: object) -> object:
    """Replace the values of sensitive keys, at any depth of dicts and lists."""
    if isinstance(value, dict):
        return {
            key: REDACTED if str(key).lower() in SENSITIVE else redact(item)
            for key, item in value.items()
        }
    if isinstance(value, list | tuple):
        return [redact(item) for item in value]
    return value


class JsonFormatter(logging.Formatter):
    """Format each record as one line of JSON."""

    def format(self, record: logging.LogRecord) -> str:
        """Return the record as a JSON object on one line."""
        entry: dict[str, object] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        extras = {k: v for k, v in vars(record).items() if k not in _STANDARD}
        entry.update(redact(extras))  # type: ignore[arg-type]
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        # default=str: one odd object in `extra` must not cost us the whole line.
        return json.dumps(entry, default=str)
