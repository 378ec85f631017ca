"""Exercise 2 — database sharding logic (reference solution)."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

from sqlalchemy import Engine, String, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

_MULTIPLIER = 2862933555777941757  # the 64-bit linear congruential step from the paper
_MASK = 2**64 - 1


class Base(DeclarativeBase):
    """The declarative base of this exercise's tables."""


class Customer(Base):
    __tablename__ = "customers"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(100))


def shard_key(key: str) -> int:
    """Return a stable 64-bit number for `key`, the same in every process and release."""
    return int.from_bytes(hashlib.sha256(key.encode("utf-8")).digest()[:8], "big")


def jump_hash(key: int, buckets: int) -> int:
    """Map a 64-bit `key` to a bucket in [0, buckets) with jump consistent hashing."""
    if buckets < 1:
        raise ValueError("buckets must be at least 1")
    key &= _MASK
    bucket, jump = -1, 0
    while jump < buckets:
        bucket = jump
        key = (key * _MULTIPLIER + 1) & _MASK
        jump = int((bucket + 1) * ((1 << 31) / ((key >> 33) + 1)))
    return bucket


class ShardRouter:
    """Route each customer key to one of several databases."""

    def __init__(self, engines: Sequence[Engine]) -> None:
        if not engines:
            raise ValueError("a router needs at least one shard")
        self.engines = list(engines)

    def shard_for(self, key: str) -> int:
        """Return the index of the shard that owns `key`."""
        return jump_hash(shard_key(key), len(self.engines))

    def session_for(self, key: str) -> Session:
        """Return a new session bound to the shard that owns `key`."""
        return Session(self.engines[self.shard_for(key)])

    def create_all(self) -> None:
        """Create the tables on every shard."""
        for engine in self.engines:
            Base.metadata.create_all(engine)

    def save(self, customer: Customer) -> int:
        """Insert or update `customer` on its shard; return the shard's index."""
        with self.session_for(customer.key) as session, session.begin():
            session.merge(customer)
        return self.shard_for(customer.key)

    def get(self, key: str) -> Customer | None:
        """Return the customer with `key`, reading its shard only."""
        with self.session_for(key) as session:
            return session.get(Customer, key)

    def scan(self) -> list[Customer]:
        """Return every customer of every shard, ordered by key (a scatter-gather read)."""
        found: list[Customer] = []
        for engine in self.engines:
            with Session(engine) as session:
                found.extend(session.scalars(select(Customer)))
        return sorted(found, key=lambda customer: customer.key)
