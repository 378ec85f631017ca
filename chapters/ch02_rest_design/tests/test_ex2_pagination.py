"""Exercise 2 — pagination with limits, totals and links."""

from __future__ import annotations

import pytest

ITEMS = [{"id": n} for n in range(1, 36)]  # 35 items
BASE = "http://localhost/items"


def fresh_client(exercise):
    """A test client for an app serving the 35 ITEMS."""
    return exercise.create_app(ITEMS).test_client()


# ---------------------------------------------------------------- parsing
def test_defaults(exercise) -> None:
    """Without parameters you get page 1 of DEFAULT_PER_PAGE items."""
    assert exercise.parse_pagination({}) == (1, exercise.DEFAULT_PER_PAGE)


def test_explicit_values(exercise) -> None:
    """page and per_page are read as integers."""
    assert exercise.parse_pagination({"page": "3", "per_page": "50"}) == (3, 50)


@pytest.mark.parametrize(
    ("args", "mentions"),
    [
        ({"page": "abc"}, "page"),
        ({"page": "1.5"}, "page"),
        ({"page": ""}, "page"),
        ({"page": "0"}, "page"),
        ({"page": "-2"}, "page"),
        ({"per_page": "0"}, "per_page"),
        ({"per_page": "101"}, "per_page"),
        ({"per_page": "ten"}, "per_page"),
    ],
)
def test_bad_values_raise_pagination_error(exercise, args: dict, mentions: str) -> None:
    """Non-integers, pages below 1 and per_page outside 1..MAX_PER_PAGE are refused by name."""
    with pytest.raises(exercise.PaginationError, match=mentions):
        exercise.parse_pagination(args)


def test_max_per_page_is_allowed(exercise) -> None:
    """per_page may be exactly MAX_PER_PAGE (100)."""
    assert exercise.parse_pagination({"per_page": "100"}) == (1, 100)


# ---------------------------------------------------------------- slicing
@pytest.mark.parametrize(
    ("page", "ids", "pages"),
    [(1, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 4), (4, [31, 32, 33, 34, 35], 4), (5, [], 4)],
)
def test_paginate_cuts_pages(exercise, page: int, ids: list, pages: int) -> None:
    """paginate returns the page's items, the total and the page count; past the end is empty."""
    result = exercise.paginate(ITEMS, page=page, per_page=10)
    assert [item["id"] for item in result.items] == ids
    assert (result.page, result.per_page, result.total, result.pages) == (page, 10, 35, pages)


def test_an_empty_collection_has_one_empty_page(exercise) -> None:
    """With no items there is still a page 1, so first and last links make sense."""
    result = exercise.paginate([], page=1, per_page=10)
    assert (result.items, result.total, result.pages) == ([], 0, 1)


# ---------------------------------------------------------------- links
def test_links_in_the_middle(exercise) -> None:
    """A middle page links to self, first, prev, next and last, keeping other parameters."""
    page = exercise.paginate(ITEMS, page=2, per_page=10)
    links = exercise.page_links(
        page, base_url=BASE, params={"q": "x", "page": "2", "per_page": "10"}
    )
    assert links == {
        "self": f"{BASE}?q=x&page=2&per_page=10",
        "first": f"{BASE}?q=x&page=1&per_page=10",
        "prev": f"{BASE}?q=x&page=1&per_page=10",
        "next": f"{BASE}?q=x&page=3&per_page=10",
        "last": f"{BASE}?q=x&page=4&per_page=10",
    }


def test_first_page_has_no_prev_and_last_page_no_next(exercise) -> None:
    """prev exists only after page 1; next only before the last page."""
    first = exercise.page_links(
        exercise.paginate(ITEMS, page=1, per_page=10), base_url=BASE, params={}
    )
    last = exercise.page_links(
        exercise.paginate(ITEMS, page=4, per_page=10), base_url=BASE, params={}
    )
    assert ("prev" in first, "next" in first) == (False, True)
    assert ("prev" in last, "next" in last) == (True, False)


def test_past_the_end_prev_points_to_the_last_page(exercise) -> None:
    """On a page past the end, prev leads back to the real last page."""
    page = exercise.paginate(ITEMS, page=9, per_page=10)
    links = exercise.page_links(page, base_url=BASE, params={})
    assert links["prev"] == f"{BASE}?page=4&per_page=10"
    assert "next" not in links


def test_link_header_follows_rfc_8288(exercise) -> None:
    """Each link becomes <url>; rel="name", joined by commas, in the dict's order."""
    header = exercise.link_header({"next": f"{BASE}?page=2", "last": f"{BASE}?page=4"})
    assert header == f'<{BASE}?page=2>; rel="next", <{BASE}?page=4>; rel="last"'


# ---------------------------------------------------------------- over HTTP
def test_get_items_returns_page_metadata_and_links(exercise) -> None:
    """GET /items?page=2&per_page=10 answers the page, its numbers and its links."""
    client = fresh_client(exercise)
    body = client.get("/items?page=2&per_page=10").get_json()
    assert [item["id"] for item in body["items"]] == list(range(11, 21))
    assert (body["page"], body["per_page"], body["total"], body["pages"]) == (2, 10, 35, 4)
    assert body["links"]["next"] == f"{BASE}?page=3&per_page=10"


def test_get_items_sends_a_link_header(exercise) -> None:
    """The same links travel in the Link header, for clients that read headers."""
    client = fresh_client(exercise)
    response = client.get("/items?per_page=20")
    assert response.headers.get("Link") == (
        f'<{BASE}?page=1&per_page=20>; rel="self", '
        f'<{BASE}?page=1&per_page=20>; rel="first", '
        f'<{BASE}?page=2&per_page=20>; rel="next", '
        f'<{BASE}?page=2&per_page=20>; rel="last"'
    )


def test_get_items_defaults_to_the_first_page(exercise) -> None:
    """Without parameters the first DEFAULT_PER_PAGE items come back."""
    client = fresh_client(exercise)
    body = client.get("/items").get_json()
    assert (len(body["items"]), body["page"], body["per_page"]) == (20, 1, 20)


@pytest.mark.parametrize("query", ["page=0", "page=x", "per_page=1000", "per_page=0"])
def test_bad_parameters_give_400_with_the_error_shape(exercise, query: str) -> None:
    """Unusable page or per_page answers 400 with {"error": {status, code, message}}."""
    client = fresh_client(exercise)
    response = client.get(f"/items?{query}")
    error = response.get_json()["error"]
    assert (response.status_code, error["status"], error["code"]) == (400, 400, "bad_request")
    assert query.split("=")[0] in error["message"]


def test_a_huge_page_number_is_just_empty(exercise) -> None:
    """A page far past the end answers 200 with no items, never an error."""
    client = fresh_client(exercise)
    response = client.get("/items?page=99999999999999999999")
    assert (response.status_code, response.get_json()["items"]) == (200, [])
