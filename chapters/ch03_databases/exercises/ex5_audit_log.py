"""Exercise 5 — an audit logging system.

Record who changed what and when, for every insert, update and delete of audited
rows: the table, the row's key, the action, the old and new values, the actor and a
timestamp. The record must commit with the change, or not at all.

Check your work with: nox -s chapter03 -- ex5
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, DateTime, String
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, sessionmaker

SYSTEM_ACTOR = "system"  # the actor when session.info has no "actor"


class Base(DeclarativeBase):
    """The declarative base of this exercise's tables."""


class Audited:
    """Mixin: inserts, updates and deletes of these rows are written to the audit log."""


class AuditEntry(Base):
    """One change to one row: who, when, what, and the values before and after."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    table_name: Mapped[str] = mapped_column(String(100))
    row_id: Mapped[str] = mapped_column(String(100))
    action: Mapped[str] = mapped_column(String(10))
    changes: Mapped[dict[str, Any]] = mapped_column(JSON)
    actor: Mapped[str] = mapped_column(String(100))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class Account(Audited, Base):
    __tablename__ = "accounts"

    id: Mapped[int] = mapped_column(primary_key=True)
    # active_history: load the old value before it is overwritten, even on an expired row.
    owner: Mapped[str] = mapped_column(String(100), active_history=True)
    email: Mapped[str] = mapped_column(String(200), active_history=True)
    balance_cents: Mapped[int] = mapped_column(default=0, active_history=True)
    opened_on: Mapped[date | None] = mapped_column(active_history=True)


class Note(Base):
    """Not audited."""

    __tablename__ = "notes"

    id: Mapped[int] = mapped_column(primary_key=True)
    text: Mapped[str] = mapped_column(String(200))


def json_safe(value: Any) -> Any:
    """Return `value` in a form the JSON column can store.

    1. None, bool, int, float and str stay as they are; date and datetime become ISO
       8601 strings; anything else becomes its str().
    """
    raise NotImplementedError("Exercise 5 (json_safe) is not done yet")


def row_changes(obj: Any, action: str) -> dict[str, dict[str, Any]]:
    """Describe what `action` did to `obj`: {column: {"old": ..., "new": ...}}.

    2. "insert": every mapped column, old None, new its value. "delete": every column,
       old its value, new None. "update": only the columns whose value really changed,
       from the attribute history (`inspect(obj).attrs[key].history`). All values pass
       through json_safe().
    """
    raise NotImplementedError("Exercise 5 (row_changes) is not done yet")


def install_audit(factory: sessionmaker[Session]) -> None:
    """Write an AuditEntry for every change to an Audited row, in the same transaction.

    3. In a `before_flush` listener on `factory`, describe the changed (dirty) and
       deleted Audited objects while their old values are still readable; skip updates
       that change nothing. Remember the new Audited objects too.
    4. In an `after_flush` listener (primary keys are known by then), describe the new
       objects, and write one audit_log row per change: table name, row_id (the primary
       key as text, several joined by ","), action, changes, actor
       (`session.info.get("actor", SYSTEM_ACTOR)`) and `at` (now, in UTC).
    5. Write them with a Core insert on `session.connection()` — not session.add(), which
       a flush forbids — so they commit or roll back with the changes themselves.
    """
    raise NotImplementedError("Exercise 5 (install_audit) is not done yet")
