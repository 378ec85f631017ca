"""Exercise 3 — filtering and sorting with whitelisted fields."""

from __future__ import annotations

import pytest

PRODUCTS = [
    {"id": 1, "name": "Lamp", "category": "home", "price_cents": 2500, "in_stock": True},
    {"id": 2, "name": "Atlas", "category": "books", "price_cents": 4000, "in_stock": False},
    {"id": 3, "name": "Cookbook", "category": "books", "price_cents": 2500, "in_stock": True},
    {"id": 4, "name": "Blanket", "category": "home", "price_cents": 4000, "in_stock": True},
    {"id": 5, "name": "Diary", "category": "books", "price_cents": 900, "in_stock": True},
]
ALLOWED = frozenset({"name", "category", "price_cents"})


def ids(items) -> list[int]:
    return [item["id"] for item in items]


def fresh_client(exercise):
    """A test client for an app serving PRODUCTS."""
    return exercise.create_app(PRODUCTS).test_client()


# ---------------------------------------------------------------- parse_sort
@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("name", [("name", False)]),
        ("-price_cents", [("price_cents", True)]),
        ("-price_cents,name", [("price_cents", True), ("name", False)]),
        (" category , -name ", [("category", False), ("name", True)]),
    ],
)
def test_parse_sort(exercise, raw: str, expected: list) -> None:
    """Comma-separated keys; a leading '-' means descending."""
    assert exercise.parse_sort(raw, allowed=ALLOWED) == expected


@pytest.mark.parametrize(
    ("raw", "mentions"),
    [
        ("password", "password"),
        ("-secret", "secret"),
        ("name,,price_cents", "empty"),
        ("", "empty"),
        ("-", "empty"),
        ("name,-name", "twice"),
    ],
)
def test_parse_sort_refuses_bad_keys(exercise, raw: str, mentions: str) -> None:
    """Unknown fields, empty keys and repeated fields raise QueryError saying why."""
    with pytest.raises(exercise.QueryError, match=mentions):
        exercise.parse_sort(raw, allowed=ALLOWED)


# ---------------------------------------------------------------- parse_filters
def test_parse_filters_converts_values(exercise) -> None:
    """Each filter value goes through its converter; the sort parameter is skipped."""
    args = {"category": "books", "price_cents": "2500", "in_stock": "TRUE", "sort": "name"}
    assert exercise.parse_filters(args, allowed=exercise.PRODUCT_FILTERS) == {
        "category": "books",
        "price_cents": 2500,
        "in_stock": True,
    }


@pytest.mark.parametrize(
    ("args", "mentions"),
    [
        ({"color": "red"}, "color"),
        ({"price_cents": "cheap"}, "price_cents"),
        ({"in_stock": "maybe"}, "in_stock"),
        ({"in_stock": "1"}, "in_stock"),
    ],
)
def test_parse_filters_refuses_unknown_fields_and_bad_values(exercise, args, mentions) -> None:
    """A field outside the whitelist or a value its converter rejects raises QueryError."""
    with pytest.raises(exercise.QueryError, match=mentions):
        exercise.parse_filters(args, allowed=exercise.PRODUCT_FILTERS)


@pytest.mark.parametrize(("raw", "expected"), [("true", True), ("False", False), (" TRUE ", True)])
def test_parse_bool(exercise, raw: str, expected: bool) -> None:
    """parse_bool reads true and false in any case."""
    assert exercise.parse_bool(raw) is expected


# ---------------------------------------------------------------- apply_query
def test_filters_must_all_match(exercise) -> None:
    """Only items equal to every filter are kept, in their original order."""
    kept = exercise.apply_query(PRODUCTS, filters={"category": "books", "in_stock": True}, sort=[])
    assert ids(kept) == [3, 5]


def test_sort_by_several_keys_with_mixed_directions(exercise) -> None:
    """Sorting by -price_cents then name orders ties on price by name."""
    result = exercise.apply_query(
        PRODUCTS, filters={}, sort=[("price_cents", True), ("name", False)]
    )
    assert ids(result) == [2, 4, 3, 1, 5]


def test_sorting_does_not_change_the_input(exercise) -> None:
    """apply_query returns a new list and leaves the caller's list alone."""
    before = list(PRODUCTS)
    exercise.apply_query(PRODUCTS, filters={}, sort=[("name", False)])
    assert PRODUCTS == before


# ---------------------------------------------------------------- over HTTP
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", [1, 2, 3, 4, 5]),
        ("category=home", [1, 4]),
        ("sort=name", [2, 4, 3, 5, 1]),
        ("sort=-price_cents,name", [2, 4, 3, 1, 5]),
        ("category=books&in_stock=true&sort=-price_cents", [3, 5]),
        ("price_cents=4000&sort=-name", [4, 2]),
    ],
)
def test_get_products_filters_and_sorts(exercise, query: str, expected: list) -> None:
    """GET /products applies the query string's filters and sort."""
    client = fresh_client(exercise)
    response = client.get(f"/products?{query}")
    assert (response.status_code, ids(response.get_json()["items"])) == (200, expected)


@pytest.mark.parametrize(
    ("query", "mentions"),
    [
        ("sort=password", "password"),
        ("owner=ada", "owner"),
        ("price_cents=lots", "price_cents"),
        ("sort=name,name", "name"),
    ],
)
def test_bad_queries_give_400_naming_the_field(exercise, query: str, mentions: str) -> None:
    """Unknown fields and bad values answer 400 with the error shape and the field's name."""
    client = fresh_client(exercise)
    response = client.get(f"/products?{query}")
    error = response.get_json()["error"]
    assert (response.status_code, error["status"], error["code"]) == (400, 400, "bad_request")
    assert mentions in error["message"]
