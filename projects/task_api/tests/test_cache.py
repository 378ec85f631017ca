"""Cached reads in real Redis: hits send no SQL, every write invalidates, Redis down is a miss."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
import redis
from flask import Flask
from flask.testing import FlaskClient

from projects.task_api.services.cache import ReadCache

from .factories import new_task

Client = Callable[..., FlaskClient]


def read(client: FlaskClient, url: str, sql: list[str]) -> tuple[int, str | None, Any]:
    """GET `url`; return how many SQL statements it sent, its X-Cache, and its JSON."""
    before = len(sql)
    response = client.get(url)
    assert response.status_code == 200, response.json
    return len(sql) - before, response.headers.get("X-Cache"), response.json


def test_a_warm_list_page_sends_no_sql(client_for: Client, sql_counter: list[str]) -> None:
    """The second identical list request is served from Redis without touching the database."""
    alice = client_for("alice")
    new_task(alice, title="one")
    first = read(alice, "/api/tasks?per_page=20", sql_counter)
    second = read(alice, "/api/tasks?per_page=20", sql_counter)
    assert first[0] > 0 and first[1] == "miss"
    assert second == (0, "hit", first[2])


def test_a_warm_task_sends_no_sql(client_for: Client, sql_counter: list[str]) -> None:
    """GET /api/tasks/<id> is cached too, ETag and all."""
    alice = client_for("alice")
    task = new_task(alice)
    url = f"/api/tasks/{task['id']}"
    assert read(alice, url, sql_counter)[0] > 0
    assert read(alice, url, sql_counter) == (0, None, task)


def test_a_warm_read_costs_one_redis_round_trip(
    client_for: Client, redis_round_trips: list[str]
) -> None:
    """Rate limit, token revocation and the cached page: one pipeline (core.admission)."""
    alice = client_for("alice")
    task = new_task(alice)
    for url in ("/api/tasks?per_page=20", f"/api/tasks/{task['id']}"):
        alice.get(url)  # warms the cache
        redis_round_trips.clear()
        assert alice.get(url).status_code == 200
        assert redis_round_trips == ["pipeline of INCRBY EXPIREAT EXISTS HMGET"], url


# What each write does, and whose list it must refresh.
WRITES: dict[str, Callable[[FlaskClient, dict[str, Any]], Any]] = {
    "create": lambda alice, task: alice.post("/api/tasks", json={"title": "another"}),
    "patch": lambda alice, task: alice.patch(f"/api/tasks/{task['id']}", json={"title": "new"}),
    "status": lambda alice, task: alice.patch(f"/api/tasks/{task['id']}", json={"status": "done"}),
    "tags": lambda alice, task: alice.patch(f"/api/tasks/{task['id']}", json={"tags": ["x"]}),
    "delete": lambda alice, task: alice.delete(f"/api/tasks/{task['id']}"),
}


@pytest.mark.parametrize("write", WRITES)
def test_every_write_invalidates_the_lists_it_changes(
    client_for: Client, sql_counter: list[str], write: str
) -> None:
    """After a write, the lists of everyone concerned (and the admins') are read afresh."""
    alice, bob, admin = client_for("alice"), client_for("bob"), client_for("root", roles=("admin",))
    task = new_task(alice, assignee_id="bob")
    readers = {"alice": alice, "bob": bob, "admin": admin}
    before = {name: read(client, "/api/tasks", sql_counter)[2] for name, client in readers.items()}
    assert all(read(c, "/api/tasks", sql_counter)[1] == "hit" for c in readers.values())
    assert WRITES[write](alice, task).status_code in {200, 201, 204}
    # Alice's new unassigned task is none of bob's business: his page stays cached.
    affected = {"alice", "admin"} if write == "create" else set(readers)
    for name, client in readers.items():
        queries, cache, after = read(client, "/api/tasks", sql_counter)
        if name in affected:
            assert (queries > 0, cache, after != before[name]) == (True, "miss", True), name
        else:
            assert (queries, cache, after) == (0, "hit", before[name]), name


@pytest.mark.parametrize("write", ["patch", "status", "tags", "delete"])
def test_every_write_invalidates_the_task(
    client_for: Client, sql_counter: list[str], write: str
) -> None:
    """A cached task never outlives a change to it."""
    alice = client_for("alice")
    task = new_task(alice)
    url = f"/api/tasks/{task['id']}"
    read(alice, url, sql_counter)
    WRITES[write](alice, task)
    response = alice.get(url)
    if write == "delete":
        assert response.status_code == 404
    else:
        assert response.json["version"] == 2


def test_reassigning_refreshes_both_assignees(client_for: Client) -> None:
    """Moving a task from bob to carol updates bob's list and carol's."""
    alice, bob, carol = client_for("alice"), client_for("bob"), client_for("carol")
    task = new_task(alice, assignee_id="bob")
    assert bob.get("/api/tasks").json["total"] == 1
    assert carol.get("/api/tasks").json["total"] == 0
    alice.patch(f"/api/tasks/{task['id']}", json={"assignee_id": "carol"})
    assert bob.get("/api/tasks").json["total"] == 0
    assert carol.get("/api/tasks").json["total"] == 1


def test_a_cache_hit_still_checks_permissions(client_for: Client) -> None:
    """A task cached for its owner is still 404 for a stranger."""
    alice = client_for("alice")
    task = new_task(alice)
    alice.get(f"/api/tasks/{task['id']}")
    assert client_for("eve").get(f"/api/tasks/{task['id']}").status_code == 404


def test_users_never_get_each_others_cached_lists(client_for: Client) -> None:
    """The list cache is per user: the same query string gives each user their own tasks."""
    alice, bob = client_for("alice"), client_for("bob")
    new_task(alice, title="alice's")
    new_task(bob, title="bob's")
    assert [t["title"] for t in alice.get("/api/tasks").json["items"]] == ["alice's"]
    assert [t["title"] for t in bob.get("/api/tasks").json["items"]] == ["bob's"]


def test_only_the_first_pages_are_cached(client_for: Client, sql_counter: list[str]) -> None:
    """Pages past CACHE_PAGES always come from the database."""
    alice = client_for("alice")
    new_task(alice)
    read(alice, "/api/tasks?page=4", sql_counter)
    assert read(alice, "/api/tasks?page=4", sql_counter)[:2] == (2, "miss")  # count + page


def test_reads_fall_back_to_the_database_when_redis_is_down(
    make_app: Callable[..., Flask], token_for: Callable[..., str], redis_server: Any
) -> None:
    """With the cache's Redis stopped, reads and writes still work from PostgreSQL."""
    app = make_app(cache_redis_url=redis_server.url)
    alice = app.test_client()
    alice.environ_base["HTTP_AUTHORIZATION"] = f"Bearer {token_for('alice')}"
    task = new_task(alice)
    assert alice.get("/api/tasks").headers["X-Cache"] == "miss"
    assert alice.get("/api/tasks").headers["X-Cache"] == "hit"
    redis_server.stop()
    patched = alice.patch(f"/api/tasks/{task['id']}", json={"title": "changed"})
    listed = alice.get("/api/tasks")
    assert (patched.status_code, listed.status_code) == (200, 200)
    assert (listed.headers["X-Cache"], listed.json["items"][0]["title"]) == ("miss", "changed")
    assert alice.get(f"/api/tasks/{task['id']}").json["title"] == "changed"


def test_a_reader_cannot_store_what_it_read_before_a_write(redis_url: str) -> None:
    """An entry computed under an old generation is refused after an invalidation."""
    cache = ReadCache(redis.Redis.from_url(redis_url), ttl=60)
    generation, value = cache.get("list:alice", "page=1")
    cache.invalidate(["list:alice"])  # a write commits while the reader queries
    stored = cache.put("list:alice", "page=1", b"stale", generation=generation)
    assert (value, stored, cache.get("list:alice", "page=1")[1]) == (None, False, None)
    fresh_generation, _ = cache.get("list:alice", "page=1")
    assert cache.put("list:alice", "page=1", b"fresh", generation=fresh_generation) is True
    assert cache.get("list:alice", "page=1")[1] == b"fresh"


def test_cache_entries_expire(redis_url: str) -> None:
    """Every scope carries a TTL, so nothing stays in Redis for ever."""
    client = redis.Redis.from_url(redis_url)
    cache = ReadCache(client, ttl=60)
    generation, _ = cache.get("task:1", "v")
    cache.put("task:1", "v", b"{}", generation=generation)
    assert 0 < client.ttl("task_api:cache:task:1") <= 60


def test_without_redis_the_cache_does_nothing() -> None:
    """No client: every read is a miss and writes are no-ops."""
    cache = ReadCache(None, ttl=60)
    cache.invalidate(["task:1"])
    assert cache.get("task:1", "v") == ("", None)
    assert cache.put("task:1", "v", b"x", generation="") is False
