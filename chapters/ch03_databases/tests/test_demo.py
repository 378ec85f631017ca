"""Chapter 3's demo endpoints, on SQLite and on PostgreSQL: success, 4xx, the error shape."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

BASE = "/api/authors"


def error_of(response) -> dict:
    """Return the body's `error` object, checking the one shape every error has."""
    error = response.get_json()["error"]
    assert {"status", "code", "message"} <= set(error)
    assert error["status"] == response.status_code
    return error


# ---------------------------------------------------------------- Swagger
def test_swagger_ui_and_spec_are_served(client) -> None:
    assert client.get("/swagger").status_code == 200
    spec = client.get("/swagger.json").get_json()
    assert {
        "/api/authors",
        "/api/authors/{author_id}",
        "/api/books",
        "/api/books/{book_id}",
        "/api/db/status",
        "/api/db/explain",
        "/health/live",
        "/health/ready",
    } <= set(spec["paths"])


# ---------------------------------------------------------------- authors
def test_register_author_normalises_email_and_starts_with_no_books(client) -> None:
    response = client.post(BASE, json={"name": "  Ada Lovelace ", "email": "Ada@Example.COM"})
    body = response.get_json()
    assert response.status_code == 201
    assert (body["name"], body["email"], body["books"]) == (
        "Ada Lovelace",
        "ada@example.com",
        [],
    )
    assert body["created_at"].endswith("+00:00")


def test_duplicate_email_is_409_not_500(client, make_author) -> None:
    make_author(email="ada@example.com")
    response = client.post(BASE, json={"name": "Imposter", "email": "ADA@example.com"})
    error = error_of(response)
    assert (response.status_code, error["code"]) == (409, "conflict")
    assert "ada@example.com" in error["message"]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"email": "ada@example.com"}, "name"),
        ({"name": "Ada"}, "email"),
        ({"name": 5, "email": "ada@example.com"}, "name"),
        ({"name": "Ada", "email": ["ada@example.com"]}, "email"),
        ({"name": "", "email": "ada@example.com"}, "name"),
        ({"name": "x" * 121, "email": "ada@example.com"}, "name"),
    ],
)
def test_invalid_author_bodies_name_the_field(client, body, field) -> None:
    response = client.post(BASE, json=body)
    error = error_of(response)
    assert (response.status_code, error["code"]) == (400, "bad_request")
    assert field in error["fields"]


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"name": "   ", "email": "ada@example.com"}, "name must be 1 to 120"),
        ({"name": "Ada\x00", "email": "ada@example.com"}, "control characters"),
        ({"name": "Ada", "email": "not-an-address"}, "email must look like"),
        ({"name": "Ada", "email": "a\u0007@example.com"}, "control characters"),
    ],
)
def test_service_rules_reject_what_the_schema_lets_through(client, body, message) -> None:
    response = client.post(BASE, json=body)
    assert response.status_code == 400
    assert message in error_of(response)["message"]


@pytest.mark.parametrize(
    ("kwargs", "status"),
    [
        ({"data": "name=Ada"}, 415),
        ({"data": "{not json", "content_type": "application/json"}, 400),
        ({"json": ["Ada", "ada@example.com"]}, 400),
        ({"data": "null", "content_type": "application/json"}, 400),
    ],
)
def test_bodies_that_are_not_a_json_object_are_4xx(client, kwargs, status) -> None:
    response = client.post(BASE, **kwargs)
    assert response.status_code == status
    error_of(response)


def test_show_author_with_books(client, make_author, make_book) -> None:
    author = make_author()
    make_book(author["id"], "First")
    make_book(author["id"], "Second")
    body = client.get(f"{BASE}/{author['id']}").get_json()
    assert [book["title"] for book in body["books"]] == ["First", "Second"]


@pytest.mark.parametrize("author_id", [999, 2**31, 10**30])
def test_unknown_author_is_404(client, author_id: int) -> None:
    response = client.get(f"{BASE}/{author_id}")
    assert (response.status_code, error_of(response)["code"]) == (404, "not_found")


def test_delete_author_cascades_to_books(client, make_author, make_book) -> None:
    author = make_author()
    book = make_book(author["id"])
    assert client.delete(f"{BASE}/{author['id']}").status_code == 204
    assert client.get(f"/api/books/{book['id']}").status_code == 404
    assert client.delete(f"{BASE}/{author['id']}").status_code == 404


def test_author_pages_follow_next_after(client, make_author) -> None:
    ids = [make_author()["id"] for _ in range(5)]
    first = client.get(BASE, query_string={"limit": 2}).get_json()
    second = client.get(BASE, query_string={"limit": 2, "after": first["next_after"]}).get_json()
    last = client.get(BASE, query_string={"limit": 2, "after": ids[3]}).get_json()
    assert [a["id"] for a in first["items"] + second["items"]] == ids[:4]
    assert ([a["id"] for a in last["items"]], last["next_after"]) == ([ids[4]], None)


@pytest.mark.parametrize(
    "query",
    [
        {"limit": 0},
        {"limit": 101},
        {"limit": "ten"},
        {"after": -1},
        {"after": 10**30},
        {"loading": "eager"},
    ],
)
def test_bad_list_parameters_are_400(client, query) -> None:
    response = client.get(BASE, query_string=query)
    assert response.status_code == 400
    error_of(response)


def test_unknown_query_parameters_are_ignored(client) -> None:
    assert client.get(BASE, query_string={"colour": "blue"}).status_code == 200


# ---------------------------------------------------------------- books
def test_add_book_normalises_isbn(client, make_author) -> None:
    author = make_author()
    body = {"author_id": author["id"], "title": "Notes", "isbn": "978-0-13-110362-7"}
    response = client.post("/api/books", json=body)
    assert response.status_code == 201
    assert (response.get_json()["isbn"], response.get_json()["published_year"]) == (
        "9780131103627",
        None,
    )


def test_duplicate_isbn_in_another_spelling_is_409(client, make_author) -> None:
    author = make_author()
    book = {"author_id": author["id"], "title": "Notes", "isbn": "0-13-110362-8"}
    assert client.post("/api/books", json=book).status_code == 201
    response = client.post("/api/books", json=book | {"isbn": "0 13 110362 8"})
    assert (response.status_code, error_of(response)["message"]) == (
        409,
        "a book with ISBN 0131103628 already exists",
    )


def test_book_for_unknown_author_is_404(client) -> None:
    body = {"author_id": 42, "title": "Orphan", "isbn": "9780131103627"}
    response = client.post("/api/books", json=body)
    assert (response.status_code, error_of(response)["message"]) == (404, "no author with id 42")


@pytest.mark.parametrize(
    ("change", "status"),
    [
        ({"isbn": "12345"}, 400),
        ({"isbn": "97801311036270"}, 400),
        ({"isbn": "978013110362X"}, 400),
        ({"isbn": "٩٧٨٠١٣١١٠٣٦٢٧"}, 400),
        ({"published_year": 1200}, 400),
        ({"published_year": 10**20}, 400),
        ({"published_year": None}, 400),
        ({"published_year": "1843"}, 400),
        ({"author_id": 10**30}, 400),
        ({"author_id": True}, 400),
        ({"title": "\t"}, 400),
    ],
)
def test_invalid_books_are_400(client, make_author, change, status) -> None:
    author = make_author()
    body = {"author_id": author["id"], "title": "Notes", "isbn": "9780131103627"} | change
    response = client.post("/api/books", json=body)
    assert response.status_code == status
    error_of(response)


def test_books_filter_by_author_and_year(client, make_author, make_book) -> None:
    ada, bob = make_author()["id"], make_author()["id"]
    make_book(ada, "Notes", 1843)
    make_book(ada, "Letters", 1851)
    make_book(bob, "Other", 1843)
    titles = [b["title"] for b in client.get(f"/api/books?author_id={ada}").get_json()["items"]]
    by_year = client.get("/api/books", query_string={"author_id": ada, "year": 1843}).get_json()
    assert titles == ["Notes", "Letters"]
    assert [b["title"] for b in by_year["items"]] == ["Notes"]


def test_show_book_and_unknown_book(client, make_author, make_book) -> None:
    book = make_book(make_author()["id"], "Notes")
    assert client.get(f"/api/books/{book['id']}").get_json()["title"] == "Notes"
    assert client.get("/api/books/12345").status_code == 404


# ---------------------------------------------------------------- errors outside the API
@pytest.mark.parametrize(
    ("method", "path", "status"), [("get", "/nowhere", 404), ("put", BASE, 405)]
)
def test_errors_outside_and_inside_the_api_share_one_shape(client, method, path, status) -> None:
    response = getattr(client, method)(path)
    assert (response.status_code, error_of(response)["status"]) == (status, status)


def test_405_names_the_allowed_methods(client) -> None:
    allowed = client.put(BASE).headers["Allow"]
    assert {"GET", "POST"} <= {method.strip() for method in allowed.split(",")}


# ---------------------------------------------------------------- property
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(), children),
    max_leaves=5,
)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(name=json_values | st.text(), email=json_values | st.emails())
def test_no_author_body_causes_a_server_error(client, name, email) -> None:
    response = client.post(BASE, json={"name": name, "email": email})
    assert response.status_code in {201, 400, 409}
