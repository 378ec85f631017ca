"""Exercise 3 — read/write splitting, with a primary and replicas in separate databases.

The replicas are never updated here, which is replication lag at its worst: a read
that returns "stale" came from a replica, one that returns "fresh" from the primary.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask, jsonify
from sqlalchemy import Engine, create_engine, insert, select, text, update

from .conftest import on_both_databases


def make_database(exercise, url: str, note: str) -> Engine:
    engine = create_engine(url)
    exercise.Base.metadata.create_all(engine)
    with engine.begin() as conn:
        conn.execute(insert(exercise.Note.__table__).values(id=1, text=note))
    return engine


@pytest.fixture
def primary(exercise, database: str) -> Iterator[Engine]:
    """The primary (SQLite, or PostgreSQL where marked); note 1 says "fresh"."""
    engine = make_database(exercise, database, "fresh")
    yield engine
    engine.dispose()


@pytest.fixture
def replicas(exercise, tmp_path: Path) -> Iterator[list[Engine]]:
    """Two replicas (SQLite files) that lag: note 1 says "stale A" and "stale B"."""
    engines = [
        make_database(exercise, f"sqlite:///{tmp_path / f'replica_{name}.db'}", f"stale {name}")
        for name in "AB"
    ]
    yield engines
    for engine in engines:
        engine.dispose()


@pytest.fixture
def router(exercise, primary, replicas):
    return exercise.ReplicaRouter(primary, replicas[:1])


def note_texts(session, exercise) -> list[str]:
    return list(session.scalars(select(exercise.Note.text).order_by(exercise.Note.id)))


def rows(engine: Engine) -> list[str]:
    with engine.connect() as conn:
        return list(conn.scalars(text("SELECT text FROM notes ORDER BY id")))


def test_reads_go_to_the_replica(exercise, router) -> None:
    """A plain SELECT in a fresh session is answered by the replica."""
    with router.session() as session:
        assert note_texts(session, exercise) == ["stale A"]
        assert session.get(exercise.Note, 1).text == "stale A"


def test_writes_go_to_the_primary(exercise, router, primary, replicas) -> None:
    """A flush writes to the primary and never to a replica."""
    with router.session() as session:
        session.add(exercise.Note(id=2, text="new"))
        session.commit()
    assert (rows(primary), rows(replicas[0])) == (["fresh", "new"], ["stale A"])


@on_both_databases
def test_a_session_reads_its_own_writes(exercise, router) -> None:
    """After a write, the same session's reads go to the primary."""
    with router.session() as session:
        assert note_texts(session, exercise) == ["stale A"]
        session.add(exercise.Note(id=2, text="new"))
        session.commit()
        assert note_texts(session, exercise) == ["fresh", "new"]


def test_bulk_update_goes_to_the_primary(exercise, router, primary, replicas) -> None:
    """An UPDATE statement runs on the primary."""
    with router.session() as session:
        session.execute(update(exercise.Note).values(text="edited"))
        session.commit()
    assert (rows(primary), rows(replicas[0])) == (["edited"], ["stale A"])


@on_both_databases
def test_select_for_update_goes_to_the_primary(exercise, router) -> None:
    """SELECT ... FOR UPDATE locks rows, so it must run on the primary."""
    with router.session() as session:
        note = session.scalars(select(exercise.Note).with_for_update()).one()
    assert note.text == "fresh"


def test_raw_sql_is_treated_as_a_write(exercise, router) -> None:
    """text() could be anything, so it goes to the primary."""
    with router.session() as session:
        assert session.execute(text("SELECT text FROM notes")).scalar() == "fresh"


def test_use_primary_forces_reads_inside_the_block_only(exercise, router) -> None:
    """Reads inside use_primary() see the primary; reads after it the replica again."""
    with router.session() as session:
        with session.use_primary():
            with session.use_primary():
                inner = note_texts(session, exercise)
            outer = note_texts(session, exercise)
        after = note_texts(session, exercise)
    assert (inner, outer, after) == (["fresh"], ["fresh"], ["stale A"])


def test_sessions_take_turns_over_the_replicas(exercise, primary, replicas) -> None:
    """Each new session reads from the next replica, and keeps it for all its reads."""
    router = exercise.ReplicaRouter(primary, replicas)
    seen = []
    for _ in range(4):
        with router.session() as session:
            first, second = note_texts(session, exercise), note_texts(session, exercise)
            assert first == second
            seen.append(first[0])
    assert seen == ["stale A", "stale B", "stale A", "stale B"]


def test_without_replicas_everything_uses_the_primary(exercise, primary) -> None:
    """A router with no replicas reads from the primary."""
    with exercise.ReplicaRouter(primary, []).session() as session:
        assert note_texts(session, exercise) == ["fresh"]


@pytest.fixture
def app(exercise, router) -> Flask:
    app = Flask(__name__)
    exercise.init_app(app, router)

    @app.get("/notes")
    def list_notes():
        return jsonify(note_texts(exercise.db_session(), exercise))

    @app.post("/notes")
    def add_note():
        session = exercise.db_session()
        session.add(exercise.Note(id=2, text="new"))
        session.commit()
        return jsonify(note_texts(session, exercise)), 201

    return app


def test_a_request_reads_its_own_writes_and_the_next_request_starts_over(exercise, app) -> None:
    """POST sees its new note (primary); a later GET reads the lagging replica again."""
    client = app.test_client()
    created = client.post("/notes")
    listed = client.get("/notes")
    assert (created.status_code, created.get_json()) == (201, ["fresh", "new"])
    assert listed.get_json() == ["stale A"]


def test_the_request_session_is_shared_and_closed_at_the_end(exercise, app) -> None:
    """db_session() returns one session per request and closes it afterwards."""
    with app.test_request_context():
        session = exercise.db_session()
        assert exercise.db_session() is session
        assert note_texts(session, exercise) == ["stale A"]
        assert session.in_transaction()
    assert not session.in_transaction()
