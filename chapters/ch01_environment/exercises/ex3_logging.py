"""Exercise 3 — structured logging.

Check your work with: nox -s chapter01 -- ex3
"""

from __future__ import annotations

import logging

SENSITIVE = frozenset({"password", "token", "secret", "authorization", "api_key", "cookie"})
REDACTED = "[REDACTED]"


def redact(value: object) -> object:
    """Replace the values of sensitive keys, at any depth of dicts and lists.

    4. For a dict, a key whose lower-cased name is in SENSITIVE gets REDACTED as its
       value; every other value is redacted in turn. Lists and tuples become lists
       of redacted items. Anything else is returned unchanged.
    """
    raise NotImplementedError("Exercise 3 (redact) is not done yet")


class JsonFormatter(logging.Formatter):
    """Format each record as one line of JSON."""

    def format(self, record: logging.LogRecord) -> str:
        """Return the record as a JSON object on one line.

        1. Keys: "time" (ISO 8601 in UTC with milliseconds, e.g.
           2026-01-31T12:00:00.123+00:00), "level", "logger", "message" (the
           formatted message, arguments filled in).
        2. Add every field passed with `extra=` (attributes that a plain LogRecord
           does not have), passed through redact().
        3. When the record carries exception info, add "exception" with the
           formatted traceback.
        5. A value JSON cannot encode is written as its str(); never raise.
        """
        raise NotImplementedError("Exercise 3 (JsonFormatter.format) is not done yet")
