"""Count the SQL statements each request runs, so an N+1 shows up in a response header."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from flask import Flask, Response, g, has_request_context, request
from sqlalchemy import Engine, event

HEADER = "X-Query-Count"
WARN_ABOVE = 20  # more statements than this in one request is almost always an N+1


# --8<-- [start:count]
def init_app(app: Flask, engine: Engine) -> None:
    """Count statements per request and report the count in the X-Query-Count header."""

    @event.listens_for(engine, "before_cursor_execute")
    def count(*_args: Any) -> None:
        if has_request_context():
            g.query_count = g.get("query_count", 0) + 1

    @app.after_request
    def report(response: Response) -> Response:
        queries = g.get("query_count", 0)
        response.headers[HEADER] = str(queries)
        if queries > WARN_ABOVE:
            app.logger.warning("%s %s ran %d SQL statements", request.method, request.path, queries)
        return response


# --8<-- [end:count]


@contextmanager
def recorded_statements(engine: Engine) -> Iterator[list[str]]:
    """Collect the SQL of every statement `engine` runs inside the `with` block."""
    statements: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", record)
