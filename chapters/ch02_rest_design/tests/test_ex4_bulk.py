"""Exercise 4 — bulk create with per-item results."""

from __future__ import annotations

import threading

import pytest

ADA = {"email": "ada@example.com", "name": "Ada"}
GRACE = {"email": "grace@example.com", "name": "Grace"}


def fresh_client(exercise):
    """A test client for a fresh subscribers app."""
    return exercise.create_app().test_client()


def bulk(client, items, query: str = ""):
    """POST items to /subscribers/bulk and return the response."""
    return client.post(f"/subscribers/bulk{query}", json={"items": items})


# ---------------------------------------------------------------- validate_subscriber
def test_validate_cleans_up_an_item(exercise) -> None:
    """Emails are trimmed and lower-cased, names trimmed; name defaults to empty."""
    assert exercise.validate_subscriber({"email": " Ada@Example.COM ", "name": " Ada "}) == ADA
    assert exercise.validate_subscriber({"email": "x@y.io"}) == {"email": "x@y.io", "name": ""}


@pytest.mark.parametrize(
    ("item", "mentions"),
    [
        ("ada@example.com", "object"),
        ({}, "email"),
        ({"email": "   "}, "email"),
        ({"email": 42}, "email"),
        ({"email": "not-an-email"}, "email"),
        ({"email": "a@b.io", "name": 7}, "name"),
        ({"email": "a@b.io", "name": "x" * 101}, "name"),
    ],
)
def test_validate_refuses_bad_items(exercise, item, mentions: str) -> None:
    """Invalid items raise ItemError whose message names the problem."""
    with pytest.raises(exercise.ItemError, match=mentions):
        exercise.validate_subscriber(item)


# ---------------------------------------------------------------- the store
def test_all_valid_items_are_created_with_201(exercise) -> None:
    """A clean batch gives status 201 and, per item, its index, 201 and new id."""
    store = exercise.SubscriberStore()
    outcome = store.bulk_create([ADA, GRACE])
    assert outcome.status == 201
    assert outcome.results == [
        {"index": 0, "status": 201, "id": 1},
        {"index": 1, "status": 201, "id": 2},
    ]
    assert [row["email"] for row in store.all()] == ["ada@example.com", "grace@example.com"]


def test_partial_success_gives_207_and_a_result_per_item(exercise) -> None:
    """Without atomic, good items are created and each bad one says why: 400 or 409."""
    store = exercise.SubscriberStore()
    store.bulk_create([ADA])
    outcome = store.bulk_create([GRACE, {"email": "bad"}, ADA, {"email": "GRACE@example.com"}])
    assert outcome.status == 207
    assert [(r["index"], r["status"]) for r in outcome.results] == [
        (0, 201),
        (1, 400),
        (2, 409),
        (3, 409),
    ]
    assert outcome.results[0]["id"] == 2
    assert all(r["error"] for r in outcome.results[1:])
    assert len(store.all()) == 2


def test_atomic_failure_creates_nothing(exercise) -> None:
    """With atomic=True one bad item fails the batch: 422, valid items 424, nothing stored."""
    store = exercise.SubscriberStore()
    outcome = store.bulk_create([ADA, {"email": "bad"}, GRACE], atomic=True)
    assert outcome.status == 422
    assert [r["status"] for r in outcome.results] == [424, 400, 424]
    assert store.all() == []


def test_atomic_success_is_like_any_success(exercise) -> None:
    """An atomic batch with no bad item is created as usual with 201."""
    store = exercise.SubscriberStore()
    assert store.bulk_create([ADA, GRACE], atomic=True).status == 201
    assert len(store.all()) == 2


def test_failed_atomic_batches_use_no_ids(exercise) -> None:
    """Ids stay gap-free: a rolled-back batch does not consume any."""
    store = exercise.SubscriberStore()
    store.bulk_create([ADA, {"email": "bad"}], atomic=True)
    assert store.bulk_create([GRACE]).results == [{"index": 0, "status": 201, "id": 1}]


@pytest.mark.parametrize(
    ("items", "mentions"),
    [(None, "list"), ({"email": "a@b.io"}, "list"), ([], "empty"), ([ADA] * 101, "100")],
)
def test_unusable_batches_raise_batch_error(exercise, items, mentions: str) -> None:
    """Not a list, an empty list, or more than MAX_BATCH items raise BatchError."""
    with pytest.raises(exercise.BatchError, match=mentions):
        exercise.SubscriberStore().bulk_create(items)


def test_concurrent_batches_never_duplicate_an_email(exercise) -> None:
    """Eight threads sending the same batch at once create each email exactly once."""
    store = exercise.SubscriberStore()
    batch = [{"email": f"user{n}@example.com"} for n in range(20)]
    threads = [threading.Thread(target=store.bulk_create, args=(batch,)) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(row["id"] for row in store.all()) == list(range(1, 21))


# ---------------------------------------------------------------- over HTTP
def test_post_bulk_answers_201_with_results_and_counts(exercise) -> None:
    """POST /subscribers/bulk with good items answers 201, results, created and failed."""
    client = fresh_client(exercise)
    response = bulk(client, [ADA, GRACE])
    body = response.get_json()
    assert (response.status_code, body["created"], body["failed"]) == (201, 2, 0)
    assert [r["id"] for r in body["results"]] == [1, 2]
    assert len(client.get("/subscribers").get_json()["items"]) == 2


def test_post_bulk_partial_success_is_207(exercise) -> None:
    """A mixed batch answers 207 Multi-Status."""
    client = fresh_client(exercise)
    response = bulk(client, [ADA, {"email": "bad"}])
    body = response.get_json()
    assert (response.status_code, body["created"], body["failed"]) == (207, 1, 1)


def test_post_bulk_atomic_failure_is_422(exercise) -> None:
    """?atomic=true with a bad item answers 422 and stores nothing."""
    client = fresh_client(exercise)
    response = bulk(client, [ADA, {"email": "bad"}], query="?atomic=true")
    assert (response.status_code, response.get_json()["created"]) == (422, 0)
    assert client.get("/subscribers").get_json()["items"] == []


@pytest.mark.parametrize(
    ("kwargs", "path"),
    [
        ({"json": {"items": []}}, "/subscribers/bulk"),
        ({"json": [ADA]}, "/subscribers/bulk"),
        ({"data": "not json", "content_type": "text/plain"}, "/subscribers/bulk"),
        ({"json": {"items": [ADA]}}, "/subscribers/bulk?atomic=maybe"),
        ({"json": {"items": [ADA] * 101}}, "/subscribers/bulk"),
    ],
)
def test_unusable_requests_give_400(exercise, kwargs: dict, path: str) -> None:
    """A body that is not {"items": [1..100 items]} or a bad atomic flag answers 400."""
    client = fresh_client(exercise)
    response = client.post(path, **kwargs)
    error = response.get_json()["error"]
    assert (response.status_code, error["status"], error["code"]) == (400, 400, "bad_request")
