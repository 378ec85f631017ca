"""Exercise 4 — a database backup API.

Dump every table to newline-delimited JSON (NDJSON) and restore it into an empty
database, with the same rows and the same keys. Stream both ways: a backup must not
have to fit in memory, on the server or in the request.

Check your work with: nox -s chapter03 -- ex4
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from flask import Blueprint
from sqlalchemy import Connection, Engine, MetaData

FORMAT = "ch03-backup"
VERSION = 1
BATCH_SIZE = 500  # rows per INSERT round trip, and per fetch while dumping


class RestoreError(ValueError):
    """The backup cannot be restored: it is malformed or does not fit the schema."""


class TargetNotEmptyError(RestoreError):
    """The database to restore into already holds rows."""


def dump(connection: Connection, metadata: MetaData) -> Iterator[str]:
    """Yield the backup as NDJSON lines: a header, then every row of every table.

    1. Be a generator. First yield the header
       {"format": FORMAT, "version": VERSION, "tables": [<names>]}, naming the tables in
       `metadata.sorted_tables` order (parents before children).
    2. Then, table by table in that order, yield {"table": <name>, "row": {<column>:
       <encode(value)>}} for each row, ordered by primary key, fetched BATCH_SIZE at a
       time (the `yield_per` execution option). Every line is compact JSON ending "\\n".
    """
    raise NotImplementedError("Exercise 4 (dump) is not done yet")


def encode(value: Any) -> Any:
    """Return `value` as JSON can carry it.

    3. date and datetime become ISO 8601 strings; bytes become base64 text; anything
       else is returned unchanged.
    """
    raise NotImplementedError("Exercise 4 (encode) is not done yet")


def restore(
    connection: Connection, metadata: MetaData, lines: Iterable[str | bytes]
) -> dict[str, int]:
    """Insert the rows of a backup into empty tables; return the row count per table.

    4. Check the header: another format or version, a line that is not a JSON object,
       an unknown table or an unknown column raise RestoreError (say which line). If any
       table named in the header already has rows, raise TargetNotEmptyError.
    5. Turn values back by their column's `type.python_type` (ISO strings to date or
       datetime, base64 to bytes) and insert them with one executemany per BATCH_SIZE
       rows. Return {table name: rows inserted} for every table in the header.
    6. On PostgreSQL, move each integer primary key's sequence past the largest
       restored id (setval and pg_get_serial_sequence), so new rows do not collide.
    """
    raise NotImplementedError("Exercise 4 (restore) is not done yet")


def create_backup_blueprint(engine: Engine, metadata: MetaData) -> Blueprint:
    """Return a blueprint with GET /backup (a streamed download) and POST /restore.

    7. GET /backup streams dump() as `application/x-ndjson` with
       `Content-Disposition: attachment; filename="backup.ndjson"`, from one connection
       in one transaction (REPEATABLE READ on PostgreSQL, so all tables share a snapshot).
    8. POST /restore reads the request body line by line and restores it in one
       transaction: 200 {"restored": counts}; 409 {"error": ...} when the target is not
       empty; 400 {"error": ...} for any other RestoreError, with nothing stored.
    """
    raise NotImplementedError("Exercise 4 (create_backup_blueprint) is not done yet")
