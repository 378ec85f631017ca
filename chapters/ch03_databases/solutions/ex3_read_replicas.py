"""Exercise 3 — read/write splitting (reference solution)."""

from __future__ import annotations

import itertools
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from flask import Flask, current_app, g
from sqlalchemy import Engine, Select, String
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

EXTENSION_KEY = "read_replicas"


class Base(DeclarativeBase):
    """The declarative base of this exercise's tables."""


class Note(Base):
    __tablename__ = "notes"

    id: Mapped[int] = mapped_column(primary_key=True)
    text: Mapped[str] = mapped_column(String(200))


class RoutingSession(Session):
    """A session that writes to the primary and reads from one replica until it writes."""

    def __init__(self, *, primary: Engine, replica: Engine, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.primary = primary
        self.replica = replica
        self.wrote = False
        self._pinned = 0

    def get_bind(self, mapper: Any = None, clause: Any = None, **kwargs: Any) -> Engine:
        """Pick the engine for one statement: the replica only for plain reads."""
        if self._flushing or not _is_plain_read(clause):
            # Sticky: once this session wrote, a replica that lags would hide the write.
            self.wrote = True
        return self.primary if self.wrote or self._pinned else self.replica

    @contextmanager
    def use_primary(self) -> Iterator[None]:
        """Send the reads inside the block to the primary."""
        self._pinned += 1
        try:
            yield
        finally:
            self._pinned -= 1


def _is_plain_read(clause: Any) -> bool:
    # Only a SELECT without FOR UPDATE may go to a replica; anything else (INSERT,
    # UPDATE, DELETE, text(), no statement at all) is treated as a write.
    return isinstance(clause, Select) and clause._for_update_arg is None


class ReplicaRouter:
    """Make RoutingSessions; each reads from the next replica in turn."""

    def __init__(self, primary: Engine, replicas: Sequence[Engine]) -> None:
        self.primary = primary
        self._replicas = itertools.cycle(replicas) if replicas else None
        self._lock = threading.Lock()

    def session(self) -> RoutingSession:
        """Return a new session with its replica chosen round-robin."""
        with self._lock:
            replica = next(self._replicas) if self._replicas else self.primary
        return RoutingSession(primary=self.primary, replica=replica)


def init_app(app: Flask, router: ReplicaRouter) -> None:
    """Give each request its own RoutingSession, closed when the request ends."""
    app.extensions[EXTENSION_KEY] = router

    @app.teardown_appcontext
    def close_session(_exc: BaseException | None) -> None:
        session = g.pop("db_session", None)
        if session is not None:
            session.close()


def db_session() -> RoutingSession:
    """Return the current request's session, making it on first use."""
    if "db_session" not in g:
        g.db_session = current_app.extensions[EXTENSION_KEY].session()
    return g.db_session
