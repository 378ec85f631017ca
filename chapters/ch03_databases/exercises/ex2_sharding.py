"""Exercise 2 — database sharding logic.

When one database can no longer hold every customer, split them over several
databases (shards) by a key. The router must send every read and write for a key to
the same shard, in every process, and move as few keys as possible when a shard is
added.

Check your work with: nox -s chapter03 -- ex2
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Engine, String
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column


class Base(DeclarativeBase):
    """The declarative base of this exercise's tables."""


class Customer(Base):
    __tablename__ = "customers"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(100))


def shard_key(key: str) -> int:
    """Return a stable 64-bit number for `key`, the same in every process and release.

    1. Take the SHA-256 digest of the key's UTF-8 bytes and read its first 8 bytes as a
       big-endian unsigned integer. (Python's hash() of a str changes between processes.)
    """
    raise NotImplementedError("Exercise 2 (shard_key) is not done yet")


def jump_hash(key: int, buckets: int) -> int:
    """Map a 64-bit `key` to a bucket in [0, buckets) with jump consistent hashing.

    2. Implement Lamping and Veach's jump consistent hash (2014) on unsigned 64-bit
       arithmetic: keep `key` masked to 64 bits after each multiplication. `buckets`
       below 1 raises ValueError.
    """
    raise NotImplementedError("Exercise 2 (jump_hash) is not done yet")


class ShardRouter:
    """Route each customer key to one of several databases."""

    def __init__(self, engines: Sequence[Engine]) -> None:
        """3. Keep the engines in order (shard i is engines[i]); none at all is a ValueError."""
        raise NotImplementedError("Exercise 2 (ShardRouter) is not done yet")

    def shard_for(self, key: str) -> int:
        """4. Return jump_hash(shard_key(key), number of shards)."""
        raise NotImplementedError("Exercise 2 (ShardRouter.shard_for) is not done yet")

    def session_for(self, key: str) -> Session:
        """4. Return a new Session bound to the engine of the key's shard."""
        raise NotImplementedError("Exercise 2 (ShardRouter.session_for) is not done yet")

    def create_all(self) -> None:
        """4. Create the tables of Base.metadata on every shard."""
        raise NotImplementedError("Exercise 2 (ShardRouter.create_all) is not done yet")

    def save(self, customer: Customer) -> int:
        """5. Insert or update the customer on its shard only; return the shard's index."""
        raise NotImplementedError("Exercise 2 (ShardRouter.save) is not done yet")

    def get(self, key: str) -> Customer | None:
        """5. Return the customer with `key`, reading the key's shard only; None if absent."""
        raise NotImplementedError("Exercise 2 (ShardRouter.get) is not done yet")

    def scan(self) -> list[Customer]:
        """5. Return the customers of every shard in one list, ordered by key."""
        raise NotImplementedError("Exercise 2 (ShardRouter.scan) is not done yet")
