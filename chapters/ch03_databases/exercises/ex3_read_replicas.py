"""Exercise 3 — read/write splitting.

One primary database takes every write; replicas copy it a moment later and serve
reads. Send each statement to the right one, and make sure a request that has just
written reads its own write, even though the replicas lag behind.

Check your work with: nox -s chapter03 -- ex3
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from flask import Flask
from sqlalchemy import Engine, String
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

EXTENSION_KEY = "read_replicas"  # where init_app keeps the router in app.extensions


class Base(DeclarativeBase):
    """The declarative base of this exercise's tables."""


class Note(Base):
    __tablename__ = "notes"

    id: Mapped[int] = mapped_column(primary_key=True)
    text: Mapped[str] = mapped_column(String(200))


class RoutingSession(Session):
    """A session that writes to the primary and reads from one replica until it writes."""

    def __init__(self, *, primary: Engine, replica: Engine, **kwargs: Any) -> None:
        """1. Call Session.__init__ with **kwargs; keep both engines; nothing written yet."""
        raise NotImplementedError("Exercise 3 (RoutingSession) is not done yet")

    def get_bind(self, mapper: Any = None, clause: Any = None, **kwargs: Any) -> Engine:
        """Pick the engine for one statement: the replica only for plain reads.

        2. A plain read is a `Select` without FOR UPDATE (`clause._for_update_arg is
           None`). Anything else — a flush (`self._flushing`), INSERT, UPDATE, DELETE,
           text(), or no clause at all — is a write and goes to the primary.
        3. Read your writes: after the session's first write, every later statement of
           this session goes to the primary too.
        """
        raise NotImplementedError("Exercise 3 (RoutingSession.get_bind) is not done yet")

    @contextmanager
    def use_primary(self) -> Iterator[None]:
        """4. Send the reads inside the `with` block to the primary (blocks may nest)."""
        raise NotImplementedError("Exercise 3 (RoutingSession.use_primary) is not done yet")


class ReplicaRouter:
    """Make RoutingSessions; each reads from the next replica in turn."""

    def __init__(self, primary: Engine, replicas: Sequence[Engine]) -> None:
        """5. Keep the primary and the replicas (there may be none)."""
        raise NotImplementedError("Exercise 3 (ReplicaRouter) is not done yet")

    def session(self) -> RoutingSession:
        """5. Return a new RoutingSession whose replica is the next one, round-robin
        (thread-safe); with no replicas, its "replica" is the primary."""
        raise NotImplementedError("Exercise 3 (ReplicaRouter.session) is not done yet")


def init_app(app: Flask, router: ReplicaRouter) -> None:
    """6. Keep `router` in app.extensions[EXTENSION_KEY]; close the request's session
    (if one was made) when the app context ends (teardown_appcontext)."""
    raise NotImplementedError("Exercise 3 (init_app) is not done yet")


def db_session() -> RoutingSession:
    """6. Return the current request's session from flask.g, making it on first use."""
    raise NotImplementedError("Exercise 3 (db_session) is not done yet")
