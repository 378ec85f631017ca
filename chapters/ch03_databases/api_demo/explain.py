"""Ask the database how it would run the demo's queries: EXPLAIN on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from .errors import BadInput
from .models import Author, Book

# --8<-- [start:queries]
# Named queries only: EXPLAIN runs whatever SQL it is given, so it never takes SQL
# from a request. The sample values are fixed; plans depend on the shape, not the value.
QUERIES: dict[str, Callable[[], Select]] = {
    "books_by_author": lambda: (
        select(Book).where(Book.author_id == 1).order_by(Book.published_year)
    ),
    "author_by_email": lambda: select(Author).where(Author.email == "ada@example.com"),
    "books_by_title": lambda: select(Book).where(Book.title == "Notes"),  # no index: a scan
}
_PREFIXES = {"sqlite": "EXPLAIN QUERY PLAN ", "postgresql": "EXPLAIN "}
# --8<-- [end:queries]


# --8<-- [start:explain]
def explain(session: Session, name: str) -> dict[str, object]:
    """Return the SQL of the named query and the plan the database chose for it."""
    if name not in QUERIES:
        raise BadInput(f"query must be one of {', '.join(QUERIES)}")
    dialect = session.get_bind().dialect
    if dialect.name not in _PREFIXES:
        raise BadInput(f"EXPLAIN is not set up for {dialect.name}")
    compiled = QUERIES[name]().compile(dialect=dialect, compile_kwargs={"literal_binds": True})
    sql = str(compiled)
    rows = session.connection().exec_driver_sql(_PREFIXES[dialect.name] + sql).all()
    # SQLite answers (id, parent, notused, detail); PostgreSQL one line of text per row.
    plan = [row[-1] for row in rows]
    return {"query": name, "dialect": dialect.name, "sql": sql, "plan": plan}


# --8<-- [end:explain]
