"""Exercise 4 — a database backup API (reference solution)."""

from __future__ import annotations

import base64
import json
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from typing import Any

from flask import Blueprint, Response, jsonify, request, stream_with_context
from sqlalchemy import Connection, Engine, MetaData, Table, func, select

FORMAT = "ch03-backup"
VERSION = 1
BATCH_SIZE = 500  # rows per INSERT round trip, and per fetch while dumping


class RestoreError(ValueError):
    """The backup cannot be restored: it is malformed or does not fit the schema."""


class TargetNotEmptyError(RestoreError):
    """The database to restore into already holds rows."""


def dump(connection: Connection, metadata: MetaData) -> Iterator[str]:
    """Yield the backup as NDJSON lines: a header, then every row of every table."""
    tables = metadata.sorted_tables  # parents before children, so a restore can insert in order
    yield _line({"format": FORMAT, "version": VERSION, "tables": [t.name for t in tables]})
    for table in tables:
        # yield_per streams the rows in batches instead of loading the table into memory.
        statement = select(table).order_by(*table.primary_key.columns)
        result = connection.execute(statement.execution_options(yield_per=BATCH_SIZE))
        for row in result.mappings():
            yield _line({"table": table.name, "row": {k: encode(v) for k, v in row.items()}})


def encode(value: Any) -> Any:
    """Return `value` as JSON can carry it: dates as ISO 8601, bytes as base64."""
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, bytes | bytearray | memoryview):
        return base64.b64encode(bytes(value)).decode("ascii")
    return value


def _line(document: dict[str, Any]) -> str:
    return json.dumps(document, ensure_ascii=False, separators=(",", ":")) + "\n"


def restore(
    connection: Connection, metadata: MetaData, lines: Iterable[str | bytes]
) -> dict[str, int]:
    """Insert the rows of a backup into empty tables; return the row count per table."""
    iterator = iter(lines)
    header = _parse(next(iterator, b""), 1)
    if header.get("format") != FORMAT or header.get("version") != VERSION:
        raise RestoreError(f"not a {FORMAT} version {VERSION} backup")
    tables = [_table(metadata, name) for name in header.get("tables", [])]
    for table in tables:
        if connection.scalar(select(func.count()).select_from(table)):
            raise TargetNotEmptyError(f"table {table.name} is not empty")
    counts = {table.name: 0 for table in tables}
    batch: list[dict[str, Any]] = []
    current: Table | None = None
    for number, raw in enumerate(iterator, start=2):
        if not raw.strip():
            continue
        document = _parse(raw, number)
        table = _table(metadata, document.get("table"))
        if table is not current or len(batch) >= BATCH_SIZE:
            _flush(connection, current, batch, counts)
            current, batch = table, []
        batch.append(_decode_row(table, document.get("row"), number))
    _flush(connection, current, batch, counts)
    if connection.dialect.name == "postgresql":
        _reset_sequences(connection, tables)
    return counts


def _parse(raw: str | bytes, number: int) -> dict[str, Any]:
    try:
        document = json.loads(raw)
    except ValueError:
        raise RestoreError(f"line {number} is not JSON") from None
    if not isinstance(document, dict):
        raise RestoreError(f"line {number} is not a JSON object")
    return document


def _table(metadata: MetaData, name: object) -> Table:
    if not isinstance(name, str) or name not in metadata.tables:
        raise RestoreError(f"unknown table {name!r}")
    return metadata.tables[name]


def _decode_row(table: Table, row: object, number: int) -> dict[str, Any]:
    if not isinstance(row, dict) or not set(row) <= set(table.columns.keys()):
        raise RestoreError(f"line {number} does not match table {table.name}")
    decoded = {}
    for name, value in row.items():
        kind = table.columns[name].type.python_type
        if value is None or isinstance(value, kind):
            decoded[name] = value
        elif kind is datetime or kind is date:
            decoded[name] = kind.fromisoformat(value)
        elif kind is bytes:
            decoded[name] = base64.b64decode(value)
        else:
            decoded[name] = value
    return decoded


def _flush(
    connection: Connection, table: Table | None, batch: list[dict], counts: dict[str, int]
) -> None:
    if table is not None and batch:
        connection.execute(table.insert(), batch)  # one executemany per batch
        counts[table.name] += len(batch)


def _reset_sequences(connection: Connection, tables: list[Table]) -> None:
    # Rows came with their ids, so the sequences never moved; without this the next
    # INSERT would collide with id 1. setval(NULL, ...) is a no-op for non-serial keys.
    for table in tables:
        for column in table.primary_key.columns:
            if column.type.python_type is int:
                next_id = select(func.coalesce(func.max(column), 0) + 1).scalar_subquery()
                sequence = func.pg_get_serial_sequence(table.name, column.name)
                connection.execute(select(func.setval(sequence, next_id, False)))


def create_backup_blueprint(engine: Engine, metadata: MetaData) -> Blueprint:
    """Return a blueprint with GET /backup (a streamed download) and POST /restore."""
    blueprint = Blueprint("backup", __name__)

    @blueprint.get("/backup")
    def download() -> Response:
        def lines() -> Iterator[str]:
            with engine.connect() as connection:
                if connection.dialect.name == "postgresql":
                    # One snapshot for all tables, so the children match their parents.
                    connection = connection.execution_options(isolation_level="REPEATABLE READ")
                with connection.begin():
                    yield from dump(connection, metadata)

        response = Response(stream_with_context(lines()), mimetype="application/x-ndjson")
        response.headers["Content-Disposition"] = 'attachment; filename="backup.ndjson"'
        return response

    @blueprint.post("/restore")
    def upload():
        try:
            with engine.begin() as connection:  # all or nothing
                counts = restore(connection, metadata, request.stream)
        except TargetNotEmptyError as exc:
            return jsonify(error=str(exc)), 409
        except RestoreError as exc:
            return jsonify(error=str(exc)), 400
        return jsonify(restored=counts)

    return blueprint
