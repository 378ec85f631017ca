"""Exercise 4 — a database backup API: dump, restore, round trips, streaming."""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import (
    Boolean,
    Column,
    Date,
    DateTime,
    Engine,
    ForeignKey,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    create_engine,
    event,
    func,
    insert,
    select,
)

from .conftest import on_both_databases

metadata = MetaData()
# Declared child first, so only a dependency sort puts "people" before "pets".
pets = Table(
    "pets",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("person_id", ForeignKey("people.id"), nullable=False),
    Column("name", String(50), nullable=False),
)
people = Table(
    "people",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(100), nullable=False),
    Column("born", Date),
    Column("active", Boolean, nullable=False),
    Column("joined_at", DateTime, nullable=False),
    Column("photo", LargeBinary),
    Column("notes", Text),
)
PEOPLE = [
    {
        "id": 1,
        "name": "Ada Lovelace",
        "born": date(1815, 12, 10),
        "active": True,
        "joined_at": datetime(2024, 5, 1, 9, 30, 15, 250000),
        "photo": b"\x89PNG\x00\xff",
        "notes": "Zählmaschine ✓",
    },
    {
        "id": 2,
        "name": "Charles Babbage",
        "born": None,
        "active": False,
        "joined_at": datetime(2024, 5, 2, 10, 0),
        "photo": None,
        "notes": None,
    },
    {
        "id": 5,
        "name": "Grace Hopper",
        "born": date(1906, 12, 9),
        "active": True,
        "joined_at": datetime(2024, 5, 3),
        "photo": b"",
        "notes": 'quotes " and \\ and\nnew lines',
    },
]
PETS = 1200  # more than two batches of BATCH_SIZE


def new_engine(url: str) -> Engine:
    engine = create_engine(url)
    metadata.create_all(engine)
    return engine


@pytest.fixture
def source(database: str) -> Iterator[Engine]:
    """A filled database (SQLite, or PostgreSQL where marked)."""
    engine = new_engine(database)
    with engine.begin() as conn:
        conn.execute(insert(people), PEOPLE)
        conn.execute(
            insert(pets),
            [{"id": n, "person_id": 1 + n % 2, "name": f"pet {n}"} for n in range(1, PETS + 1)],
        )
    yield engine
    engine.dispose()


@pytest.fixture
def target(tmp_path: Path) -> Iterator[Engine]:
    """An empty SQLite database with the same tables."""
    engine = new_engine(f"sqlite:///{tmp_path / 'target.db'}")
    yield engine
    engine.dispose()


def dumped(exercise, engine: Engine) -> list[str]:
    with engine.connect() as conn:
        return list(exercise.dump(conn, metadata))


def restored(exercise, engine: Engine, lines) -> dict[str, int]:
    with engine.begin() as conn:
        return exercise.restore(conn, metadata, lines)


def test_dump_starts_with_a_header_naming_tables_parents_first(exercise, source) -> None:
    """The first line names the format, version and tables in dependency order."""
    first = json.loads(dumped(exercise, source)[0])
    assert first == {"format": "ch03-backup", "version": 1, "tables": ["people", "pets"]}


def test_dump_writes_one_json_line_per_row_in_key_order(exercise, source) -> None:
    """Every row is one line, people (by id) before pets (by id)."""
    lines = dumped(exercise, source)
    documents = [json.loads(line) for line in lines[1:]]
    assert all(line.endswith("\n") and line.count("\n") == 1 for line in lines)
    assert [(d["table"], d["row"]["id"]) for d in documents[:4]] == [
        ("people", 1),
        ("people", 2),
        ("people", 5),
        ("pets", 1),
    ]
    assert len(documents) == len(PEOPLE) + PETS


def test_dump_encodes_dates_bytes_and_nulls(exercise, source) -> None:
    """Dates become ISO 8601, bytes base64, NULL null; text keeps its characters."""
    ada = json.loads(dumped(exercise, source)[1])["row"]
    assert ada == {
        "id": 1,
        "name": "Ada Lovelace",
        "born": "1815-12-10",
        "active": True,
        "joined_at": "2024-05-01T09:30:15.250000",
        "photo": base64.b64encode(b"\x89PNG\x00\xff").decode(),
        "notes": "Zählmaschine ✓",
    }


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (date(2024, 2, 29), "2024-02-29"),
        (datetime(2024, 2, 29, 23, 59, 1), "2024-02-29T23:59:01"),
        (b"\x00\x01", "AAE="),
        (42, 42),
        ("text", "text"),
        (None, None),
    ],
)
def test_encode(exercise, value, expected) -> None:
    """encode() turns dates and bytes into JSON-safe text and leaves the rest alone."""
    assert exercise.encode(value) == expected


def test_dump_is_a_lazy_stream(exercise, source) -> None:
    """dump() returns an iterator that yields the header before reading any table."""
    with source.connect() as conn:
        lines = exercise.dump(conn, metadata)
        assert isinstance(lines, Iterator)
        assert json.loads(next(lines))["format"] == "ch03-backup"


@on_both_databases
def test_round_trip_restores_every_row_unchanged(exercise, source, target) -> None:
    """Dump, restore into an empty database, dump again: the same lines."""
    lines = dumped(exercise, source)
    counts = restored(exercise, target, lines)
    assert counts == {"people": len(PEOPLE), "pets": PETS}
    assert dumped(exercise, target) == lines


def test_restore_inserts_in_batches(exercise, source, target) -> None:
    """1,200 pets are inserted in three round trips of at most BATCH_SIZE rows."""
    lines = dumped(exercise, source)
    inserts = []

    def record(_conn, _cursor, statement, parameters, _context, executemany) -> None:
        if statement.startswith("INSERT INTO pets"):
            inserts.append(len(parameters) if executemany else 1)

    event.listen(target, "before_cursor_execute", record)
    restored(exercise, target, iter(lines))
    assert inserts == [500, 500, 200]


def test_restore_into_postgresql_moves_the_id_sequences(
    exercise, target, postgres_sqlalchemy_url
) -> None:
    """After a restore on PostgreSQL, a new row gets the next free id."""
    with target.begin() as conn:
        conn.execute(insert(people), PEOPLE)
    engine = new_engine(postgres_sqlalchemy_url)
    try:
        restored(exercise, engine, dumped(exercise, target))
        with engine.begin() as conn:
            new_id = conn.execute(
                insert(people).values(name="New", active=True, joined_at=func.now())
            ).inserted_primary_key[0]
        assert new_id == 6
    finally:
        engine.dispose()


def test_restore_refuses_a_database_that_has_rows(exercise, source) -> None:
    """Restoring over existing data raises TargetNotEmptyError."""
    lines = dumped(exercise, source)
    with pytest.raises(exercise.TargetNotEmptyError, match="people"):
        restored(exercise, source, lines)


HEADER = '{"format":"ch03-backup","version":1,"tables":["people","pets"]}\n'
ROW = '{"table":"pets","row":{"id":1,"person_id":1,"name":"Rex"}}\n'


@pytest.mark.parametrize(
    ("lines", "message"),
    [
        ([], "line 1"),
        (['{"format":"other","version":1,"tables":[]}\n'], "ch03-backup"),
        ([HEADER.replace('"version":1', '"version":2')], "version"),
        ([HEADER, "not json\n"], "line 2"),
        ([HEADER, "[1, 2]\n"], "line 2"),
        ([HEADER, '{"table":"owners","row":{}}\n'], "owners"),
        ([HEADER, ROW.replace('"name"', '"colour"')], "line 2"),
        ([HEADER, '{"table":"pets","row":"Rex"}\n'], "line 2"),
    ],
)
def test_restore_rejects_malformed_backups(exercise, target, lines, message) -> None:
    """A bad header, bad line, unknown table or unknown column raises RestoreError."""
    with pytest.raises(exercise.RestoreError, match=message):
        restored(exercise, target, lines)


@pytest.fixture
def client(exercise, source):
    app = Flask(__name__)
    app.register_blueprint(exercise.create_backup_blueprint(source, metadata))
    return app.test_client()


def test_backup_endpoint_streams_ndjson_as_a_download(exercise, client, source) -> None:
    """GET /backup streams the dump with an NDJSON type and an attachment name."""
    response = client.get("/backup")
    assert response.is_streamed
    assert response.mimetype == "application/x-ndjson"
    assert response.headers["Content-Disposition"] == 'attachment; filename="backup.ndjson"'
    assert response.get_data(as_text=True).splitlines(keepends=True) == dumped(exercise, source)


def test_restore_endpoint_round_trip(exercise, client, target) -> None:
    """POST /restore fills an empty database from GET /backup's body, then answers 409."""
    backup = client.get("/backup").get_data()
    app = Flask(__name__)
    app.register_blueprint(exercise.create_backup_blueprint(target, metadata))
    restore_client = app.test_client()
    first = restore_client.post("/restore", data=backup, content_type="application/x-ndjson")
    second = restore_client.post("/restore", data=backup, content_type="application/x-ndjson")
    assert (first.status_code, first.get_json()) == (
        200,
        {"restored": {"people": len(PEOPLE), "pets": PETS}},
    )
    assert second.status_code == 409 and "error" in second.get_json()


def test_a_bad_line_fails_the_whole_restore(exercise, target) -> None:
    """POST /restore with a bad last line answers 400 and stores nothing."""
    app = Flask(__name__)
    app.register_blueprint(exercise.create_backup_blueprint(target, metadata))
    person = {"id": 1, "name": "Ada", "active": True, "joined_at": "2024-01-01T00:00:00"}
    body = HEADER + json.dumps({"table": "people", "row": person}) + "\n" + ROW + "oops\n"
    response = app.test_client().post("/restore", data=body)
    assert response.status_code == 400 and "line 4" in response.get_json()["error"]
    with target.connect() as conn:
        assert conn.scalar(select(func.count()).select_from(people)) == 0
