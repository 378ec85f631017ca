"""Exercise 5 — ETags, conditional GET and safe updates."""

from __future__ import annotations

import threading

import pytest

NOTE = {"title": "Groceries", "text": "eggs, flour"}


def client_with_a_note(exercise):
    """A test client for a fresh notes app holding one note (id 1)."""
    client = exercise.create_app().test_client()
    client.post("/notes", json=NOTE)
    return client


def etag_of(client, note_id: int = 1) -> str:
    """GET a note and return its ETag header."""
    return client.get(f"/notes/{note_id}").headers["ETag"]


# ---------------------------------------------------------------- compute_etag
def test_etag_is_strong_and_quoted(exercise) -> None:
    """The ETag is a quoted string without the W/ prefix of weak tags."""
    etag = exercise.compute_etag({"id": 1, "title": "a"})
    assert (etag.startswith('"'), etag.endswith('"'), len(etag) > 2) == (True, True, True)


def test_etag_depends_on_content_not_key_order(exercise) -> None:
    """Equal representations share an ETag whatever their key order; any change changes it."""
    first = exercise.compute_etag({"id": 1, "title": "a", "text": ""})
    assert first == exercise.compute_etag({"text": "", "title": "a", "id": 1})
    assert first != exercise.compute_etag({"id": 1, "title": "b", "text": ""})
    assert first != exercise.compute_etag({"id": 2, "title": "a", "text": ""})


# ---------------------------------------------------------------- header matching
@pytest.mark.parametrize(
    ("header", "hit"),
    [
        ('"abc"', True),
        ('W/"abc"', True),
        ('"zzz", "abc"', True),
        ("*", True),
        ('"zzz"', False),
        ("", False),
    ],
)
def test_if_none_match_uses_weak_comparison(exercise, header: str, hit: bool) -> None:
    """If-None-Match matches a listed tag, weak or strong, or "*"."""
    assert exercise.if_none_match_hits(header, '"abc"') is hit


@pytest.mark.parametrize(
    ("header", "hit"),
    [('"abc"', True), ('"x", "abc"', True), ("*", True), ('W/"abc"', False), ('"x"', False)],
)
def test_if_match_uses_strong_comparison(exercise, header: str, hit: bool) -> None:
    """If-Match only matches a strong tag equal to the current one, or "*"."""
    assert exercise.if_match_hits(header, '"abc"') is hit


# ---------------------------------------------------------------- conditional GET
def test_create_answers_201_with_location_and_etag(exercise) -> None:
    """POST /notes answers 201, a Location and the new note's ETag."""
    response = exercise.create_app().test_client().post("/notes", json=NOTE)
    assert (response.status_code, response.headers.get("Location")) == (201, "/notes/1")
    assert response.headers["ETag"] == exercise.compute_etag(response.get_json())


def test_get_sends_the_etag_of_its_body(exercise) -> None:
    """GET /notes/1 answers 200 with ETag = compute_etag(body) and Cache-Control: no-cache."""
    client = client_with_a_note(exercise)
    response = client.get("/notes/1")
    assert response.status_code == 200
    assert response.get_json() == {"id": 1} | NOTE
    assert response.headers["ETag"] == exercise.compute_etag(response.get_json())
    assert response.headers["Cache-Control"] == "no-cache"


def test_a_matching_if_none_match_gives_304_without_a_body(exercise) -> None:
    """Revalidating with the current ETag answers 304 Not Modified, no body, same ETag."""
    client = client_with_a_note(exercise)
    etag = etag_of(client)
    response = client.get("/notes/1", headers={"If-None-Match": etag})
    assert (response.status_code, response.data, response.headers["ETag"]) == (304, b"", etag)


def test_a_stale_if_none_match_gives_the_full_note(exercise) -> None:
    """An old ETag gets a 200 with the body and the new ETag."""
    client = client_with_a_note(exercise)
    response = client.get("/notes/1", headers={"If-None-Match": '"old"'})
    assert (response.status_code, response.get_json()["title"]) == (200, "Groceries")


def test_unknown_notes_give_404(exercise) -> None:
    """A missing note answers 404 with the error shape."""
    client = client_with_a_note(exercise)
    response = client.get("/notes/9")
    assert (response.status_code, response.get_json()["error"]["code"]) == (404, "not_found")


# ---------------------------------------------------------------- safe updates
def test_put_with_the_current_etag_updates(exercise) -> None:
    """PUT with If-Match = current ETag answers 200, the new note and its new ETag."""
    client = client_with_a_note(exercise)
    old = etag_of(client)
    response = client.put("/notes/1", json={"title": "Shopping"}, headers={"If-Match": old})
    assert (response.status_code, response.get_json()["title"]) == (200, "Shopping")
    assert response.headers["ETag"] == exercise.compute_etag(response.get_json()) != old


def test_put_with_a_stale_etag_gives_412(exercise) -> None:
    """After someone else's change, the old ETag gets 412 and the note keeps their version."""
    client = client_with_a_note(exercise)
    old = etag_of(client)
    client.put("/notes/1", json={"title": "Theirs"}, headers={"If-Match": old})
    response = client.put("/notes/1", json={"title": "Mine"}, headers={"If-Match": old})
    assert (response.status_code, response.get_json()["error"]["code"]) == (
        412,
        "precondition_failed",
    )
    assert response.headers["ETag"] == etag_of(client)
    assert client.get("/notes/1").get_json()["title"] == "Theirs"


def test_put_without_if_match_gives_428(exercise) -> None:
    """An update that does not say which version it changes answers 428."""
    client = client_with_a_note(exercise)
    response = client.put("/notes/1", json={"title": "Blind write"})
    assert (response.status_code, response.get_json()["error"]["code"]) == (
        428,
        "precondition_required",
    )


def test_weak_etags_cannot_authorise_an_update(exercise) -> None:
    """If-Match: W/"<current>" is refused: updates need strong comparison."""
    client = client_with_a_note(exercise)
    weak = "W/" + etag_of(client)
    assert client.put("/notes/1", json=NOTE, headers={"If-Match": weak}).status_code == 412


def test_put_on_a_missing_note_gives_404(exercise) -> None:
    """The 404 comes before any precondition check."""
    client = client_with_a_note(exercise)
    assert client.put("/notes/9", json=NOTE, headers={"If-Match": "*"}).status_code == 404


@pytest.mark.parametrize("body", [{"title": ""}, {"text": "no title"}, {"title": 5}, ["x"]])
def test_put_with_an_invalid_body_gives_400(exercise, body) -> None:
    """A matching If-Match does not excuse a bad body: 400 and no change."""
    client = client_with_a_note(exercise)
    response = client.put("/notes/1", json=body, headers={"If-Match": etag_of(client)})
    assert (response.status_code, response.get_json()["error"]["code"]) == (400, "bad_request")
    assert client.get("/notes/1").get_json()["title"] == "Groceries"


def test_only_one_of_two_racing_updates_wins(exercise) -> None:
    """Eight clients updating with the same ETag at once: exactly one 200, the rest 412."""
    app = exercise.create_app()
    app.test_client().post("/notes", json=NOTE)
    etag = etag_of(app.test_client())
    statuses: list[int] = []

    def update(n: int) -> None:
        response = app.test_client().put(
            "/notes/1", json={"title": f"writer {n}"}, headers={"If-Match": etag}
        )
        statuses.append(response.status_code)

    threads = [threading.Thread(target=update, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(statuses) == [200] + [412] * 7
