"""Exercise 5 — an audit logging system, on SQLite and on PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from sqlalchemy import Engine, create_engine, select
from sqlalchemy.orm import Session, sessionmaker

from .conftest import on_both_databases


@pytest.fixture
def engine(exercise, database: str) -> Iterator[Engine]:
    engine = create_engine(database)
    exercise.Base.metadata.create_all(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def factory(exercise, engine) -> sessionmaker[Session]:
    factory = sessionmaker(engine)
    exercise.install_audit(factory)
    return factory


def entries(exercise, engine: Engine) -> list:
    """Read the audit log with a plain session, oldest first."""
    with Session(engine) as session:
        return list(session.scalars(select(exercise.AuditEntry).order_by(exercise.AuditEntry.id)))


def open_account(exercise, factory, **values) -> int:
    account = exercise.Account(owner="Ada", email="ada@example.com", **values)
    with factory(info={"actor": "alice"}) as session:
        session.add(account)
        session.commit()
        return account.id


@on_both_databases
def test_an_insert_records_every_new_value(exercise, factory, engine) -> None:
    """Adding a row logs action insert with old None and the new value of each column."""
    account_id = open_account(exercise, factory, balance_cents=100, opened_on=date(2024, 1, 2))
    [entry] = entries(exercise, engine)
    assert (entry.table_name, entry.row_id, entry.action, entry.actor) == (
        "accounts",
        str(account_id),
        "insert",
        "alice",
    )
    assert entry.changes == {
        "id": {"old": None, "new": account_id},
        "owner": {"old": None, "new": "Ada"},
        "email": {"old": None, "new": "ada@example.com"},
        "balance_cents": {"old": None, "new": 100},
        "opened_on": {"old": None, "new": "2024-01-02"},
    }


def test_an_update_records_only_what_changed(exercise, factory, engine) -> None:
    """An update logs the changed columns with old and new values, and nothing else."""
    account_id = open_account(exercise, factory, balance_cents=100)
    with factory(info={"actor": "bob"}) as session:
        account = session.get(exercise.Account, account_id)
        account.balance_cents = 250
        account.owner = "Ada"  # the same value: not a change
        session.commit()
    entry = entries(exercise, engine)[-1]
    assert (entry.action, entry.actor, entry.changes) == (
        "update",
        "bob",
        {"balance_cents": {"old": 100, "new": 250}},
    )


@on_both_databases
def test_an_update_of_an_expired_row_still_knows_the_old_value(exercise, factory, engine) -> None:
    """Changing a row right after commit (all attributes expired) logs the real old value."""
    with factory() as session:
        account = exercise.Account(owner="Ada", email="ada@example.com")
        session.add(account)
        session.commit()
        account.email = "lovelace@example.com"
        session.commit()
    assert entries(exercise, engine)[-1].changes == {
        "email": {"old": "ada@example.com", "new": "lovelace@example.com"}
    }


def test_an_update_that_changes_nothing_is_not_logged(exercise, factory, engine) -> None:
    """Setting a column to its current value writes no audit entry."""
    account_id = open_account(exercise, factory)
    with factory() as session:
        session.get(exercise.Account, account_id).owner = "Ada"
        session.commit()
    assert [entry.action for entry in entries(exercise, engine)] == ["insert"]


@on_both_databases
def test_a_delete_records_the_old_values(exercise, factory, engine) -> None:
    """Deleting a row logs action delete with each old value and new None."""
    account_id = open_account(exercise, factory, balance_cents=7)
    with factory(info={"actor": "carol"}) as session:
        session.delete(session.get(exercise.Account, account_id))
        session.commit()
    entry = entries(exercise, engine)[-1]
    assert (entry.action, entry.actor, entry.row_id) == ("delete", "carol", str(account_id))
    assert entry.changes["balance_cents"] == {"old": 7, "new": None}
    assert entry.changes["owner"] == {"old": "Ada", "new": None}


def test_the_actor_defaults_to_system(exercise, factory, engine) -> None:
    """A session without info["actor"] records the actor "system"."""
    with factory() as session:
        session.add(exercise.Account(owner="Ada", email="ada@example.com"))
        session.commit()
    assert entries(exercise, engine)[0].actor == "system"


def test_the_timestamp_is_the_time_of_the_change_in_utc(exercise, factory, engine) -> None:
    """`at` lies between the moments before and after the commit."""
    before = datetime.now(UTC)
    open_account(exercise, factory)
    after = datetime.now(UTC)
    at = entries(exercise, engine)[0].at
    at = at if at.tzinfo else at.replace(tzinfo=UTC)  # SQLite keeps no zone
    assert before <= at <= after


@on_both_databases
def test_a_rollback_leaves_no_audit_entries(exercise, factory, engine) -> None:
    """Entries are written in the change's transaction, so a rollback removes them."""
    with factory() as session:
        session.add(exercise.Account(owner="Ada", email="ada@example.com"))
        session.flush()
        session.rollback()
    assert entries(exercise, engine) == []


def test_every_change_of_one_flush_gets_its_own_entry(exercise, factory, engine) -> None:
    """Two inserts and an update in one commit give three entries."""
    account_id = open_account(exercise, factory)
    with factory() as session:
        session.add_all(
            [
                exercise.Account(owner="Bob", email="bob@example.com"),
                exercise.Account(owner="Cy", email="cy@example.com"),
            ]
        )
        session.get(exercise.Account, account_id).balance_cents = 5
        session.commit()
    assert sorted(entry.action for entry in entries(exercise, engine)[1:]) == [
        "insert",
        "insert",
        "update",
    ]


def test_tables_without_the_mixin_are_not_audited(exercise, factory, engine) -> None:
    """Changes to Note rows write nothing to the audit log."""
    with factory() as session:
        session.add(exercise.Note(text="not audited"))
        session.commit()
    assert entries(exercise, engine) == []


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, None),
        (True, True),
        (3, 3),
        (2.5, 2.5),
        ("text", "text"),
        (date(2024, 1, 2), "2024-01-02"),
        (datetime(2024, 1, 2, 3, 4, 5, tzinfo=UTC), "2024-01-02T03:04:05+00:00"),
        (Decimal("10.50"), "10.50"),
    ],
)
def test_json_safe(exercise, value, expected) -> None:
    """json_safe() keeps JSON's own types and turns others into text."""
    assert exercise.json_safe(value) == expected
