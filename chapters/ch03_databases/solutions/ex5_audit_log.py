"""Exercise 5 — an audit logging system (reference solution)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import JSON, DateTime, String, event, insert, inspect
from sqlalchemy.orm import (
    DeclarativeBase,
    Mapped,
    Session,
    UOWTransaction,
    mapped_column,
    sessionmaker,
)

SYSTEM_ACTOR = "system"


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
    """Return `value` in a form the JSON column can store."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, date | datetime):
        return value.isoformat()
    return str(value)  # Decimal, UUID, enums and the like keep their exact text


def row_changes(obj: Any, action: str) -> dict[str, dict[str, Any]]:
    """Describe what `action` did to `obj`: {column: {"old": ..., "new": ...}}."""
    state = inspect(obj)
    changes: dict[str, dict[str, Any]] = {}
    for column in state.mapper.column_attrs:
        key = column.key
        if action == "insert":
            changes[key] = {"old": None, "new": json_safe(getattr(obj, key))}
        elif action == "delete":
            changes[key] = {"old": json_safe(getattr(obj, key)), "new": None}
        else:
            history = state.attrs[key].history
            if history.has_changes():
                old = history.deleted[0] if history.deleted else None
                new = history.added[0] if history.added else None
                if old != new:
                    changes[key] = {"old": json_safe(old), "new": json_safe(new)}
    return changes


def install_audit(factory: sessionmaker[Session]) -> None:
    """Write an AuditEntry for every change to an Audited row, in the same transaction."""
    event.listen(factory, "before_flush", _capture)
    event.listen(factory, "after_flush", _write_entries)


_PENDING = "audit_pending"


def _capture(session: Session, _flush_context: UOWTransaction, _instances: Any) -> None:
    # Before the flush: old values are still there to read, even for rows being deleted.
    # Start afresh: a flush that failed never reached after_flush.
    pending: list[tuple[Any, str, dict | None]] = []
    for obj in session.dirty:
        if isinstance(obj, Audited) and (changes := row_changes(obj, "update")):
            pending.append((obj, "update", changes))
    for obj in session.deleted:
        if isinstance(obj, Audited):
            pending.append((obj, "delete", row_changes(obj, "delete")))
    # New rows have no primary key yet; describe them after the flush.
    pending.extend((obj, "insert", None) for obj in session.new if isinstance(obj, Audited))
    session.info[_PENDING] = pending


def _write_entries(session: Session, _flush_context: UOWTransaction) -> None:
    actor = session.info.get("actor", SYSTEM_ACTOR)
    now = datetime.now(UTC)
    entries = []
    for obj, action, changes in session.info.pop(_PENDING, []):
        state = inspect(obj)
        entries.append(
            {
                "table_name": state.mapper.local_table.name,
                # The identity key is only assigned after this hook; the attributes have it.
                "row_id": ",".join(map(str, state.mapper.primary_key_from_instance(obj))),
                "action": action,
                "changes": changes if changes is not None else row_changes(obj, action),
                "actor": actor,
                "at": now,
            }
        )
    if entries:
        # A Core insert on the flush's own connection: session.add() is not allowed here,
        # and the entries commit or roll back together with the changes they describe.
        session.connection().execute(insert(AuditEntry), entries)
