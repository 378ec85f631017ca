"""Exercise 2 — database sharding logic, over four SQLite files."""

from __future__ import annotations

import hashlib
import sqlite3
from collections import Counter
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine

SHARDS = 4
KEYS = [f"customer-{number}" for number in range(2000)]


@pytest.fixture
def shard_files(tmp_path: Path) -> list[Path]:
    return [tmp_path / f"shard{index}.db" for index in range(SHARDS)]


@pytest.fixture
def engines(shard_files: list[Path]) -> Iterator[list[Engine]]:
    engines = [create_engine(f"sqlite:///{path}") for path in shard_files]
    yield engines
    for engine in engines:
        engine.dispose()


@pytest.fixture
def router(exercise, engines):
    router = exercise.ShardRouter(engines)
    router.create_all()
    return router


def keys_in(path: Path) -> list[str]:
    """Read a shard file directly, bypassing the router."""
    with closing(sqlite3.connect(path)) as conn:
        return [key for (key,) in conn.execute("SELECT key FROM customers ORDER BY key")]


def test_shard_key_is_the_first_8_bytes_of_sha256(exercise) -> None:
    """shard_key() reads the first 8 bytes of SHA-256 as a big-endian number."""
    expected = int.from_bytes(hashlib.sha256("müller-42".encode()).digest()[:8], "big")
    assert exercise.shard_key("müller-42") == expected
    assert exercise.shard_key("alice") == 3159282601090220207


@pytest.mark.parametrize(
    ("key", "buckets", "expected"),
    [
        (1, 1, 0),
        (42, 57, 43),
        (256, 1024, 520),
        (3735883980, 1, 0),
        (3735883980, 666, 361),
        (16045690984833335023, 255, 237),
    ],
)
def test_jump_hash_matches_the_reference_implementation(exercise, key, buckets, expected) -> None:
    """jump_hash() gives the same buckets as the paper's C++ code."""
    assert exercise.jump_hash(key, buckets) == expected


@pytest.mark.parametrize("buckets", [0, -3])
def test_jump_hash_needs_at_least_one_bucket(exercise, buckets: int) -> None:
    """jump_hash() refuses zero or negative bucket counts."""
    with pytest.raises(ValueError):
        exercise.jump_hash(7, buckets)


def test_keys_spread_evenly_over_the_shards(exercise) -> None:
    """2,000 keys land on four shards with each shard holding 20-30% of them."""
    counts = Counter(exercise.jump_hash(exercise.shard_key(key), SHARDS) for key in KEYS)
    assert sorted(counts) == [0, 1, 2, 3]
    assert all(0.20 * len(KEYS) <= count <= 0.30 * len(KEYS) for count in counts.values())


def test_adding_a_shard_moves_only_keys_to_the_new_shard(exercise) -> None:
    """Growing from 4 to 5 shards moves about a fifth of the keys, all to shard 4."""
    before = {key: exercise.jump_hash(exercise.shard_key(key), SHARDS) for key in KEYS}
    after = {key: exercise.jump_hash(exercise.shard_key(key), SHARDS + 1) for key in KEYS}
    moved = [key for key in KEYS if before[key] != after[key]]
    assert {after[key] for key in moved} == {SHARDS}
    assert 0.15 * len(KEYS) <= len(moved) <= 0.25 * len(KEYS)


def test_a_router_needs_at_least_one_shard(exercise) -> None:
    """ShardRouter([]) raises ValueError."""
    with pytest.raises(ValueError):
        exercise.ShardRouter([])


def test_each_customer_is_written_to_exactly_its_shard(exercise, router, shard_files) -> None:
    """save() writes each customer into the one file shard_for() names."""
    keys = KEYS[:40]
    placed = {key: router.save(exercise.Customer(key=key, name=key.title())) for key in keys}
    assert placed == {key: router.shard_for(key) for key in keys}
    for index, path in enumerate(shard_files):
        assert keys_in(path) == sorted(key for key in keys if placed[key] == index)


def test_get_reads_the_owning_shard(exercise, router) -> None:
    """get() finds a saved customer and returns None for an unknown key."""
    router.save(exercise.Customer(key="customer-7", name="Grace"))
    assert router.get("customer-7").name == "Grace"
    assert router.get("customer-8") is None


def test_saving_again_updates_in_place(exercise, router, shard_files) -> None:
    """save() of an existing key updates it; the key still lives on one shard only."""
    router.save(exercise.Customer(key="customer-7", name="Grace"))
    router.save(exercise.Customer(key="customer-7", name="Grace Hopper"))
    assert router.get("customer-7").name == "Grace Hopper"
    assert sum(keys_in(path).count("customer-7") for path in shard_files) == 1


def test_session_for_is_bound_to_the_keys_shard(exercise, router, engines) -> None:
    """session_for() returns a session on the engine of the key's shard."""
    with router.session_for("customer-3") as session:
        assert session.get_bind() is engines[router.shard_for("customer-3")]


def test_scan_gathers_every_shard_in_key_order(exercise, router) -> None:
    """scan() returns the customers of all shards, sorted by key."""
    keys = ["d", "a", "c", "b", "e", "f"]
    for key in keys:
        router.save(exercise.Customer(key=key, name=key.upper()))
    assert {router.shard_for(key) for key in keys} != {router.shard_for("a")}
    assert [customer.key for customer in router.scan()] == sorted(keys)
