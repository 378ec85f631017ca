"""Exercise 3 — filtering and sorting with whitelisted fields.

Check your work with: nox -s chapter02 -- ex3

1. parse_bool(raw): accept "true" and "false" in any case, with surrounding spaces;
   raise ValueError for anything else (so "1" and "yes" are refused).
2. parse_sort(raw, allowed=): split on commas and strip each key; a leading "-" means
   descending. Raise QueryError when a key is empty (its message contains "empty"),
   names a field outside `allowed` (the message names it) or repeats a field (the
   message contains "twice"). Return [(field, descending), ...] in order.
3. parse_filters(args, allowed=): skip SORT_PARAM; for every other parameter, raise
   QueryError naming it when it is not in `allowed`, convert its value with
   allowed[name], and turn a ValueError from the converter into a QueryError naming
   the parameter. Return {name: converted value}.
4. apply_query(items, filters=, sort=): return a new list of the items equal to every
   filter, sorted by the keys, the first key deciding first. Python's sort is stable:
   sort once per key, from the last key to the first.
5. create_app(items): serve GET /products, filtering with PRODUCT_FILTERS and sorting
   with PRODUCT_SORTS, answering {"items": [...]}; on QueryError answer 400 with
   {"error": {"status": 400, "code": "bad_request", "message": ...}}.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from typing import Any

from flask import Flask

SORT_PARAM = "sort"


class QueryError(ValueError):
    """A filter or sort parameter names a field it may not, or has an unusable value."""


def parse_bool(raw: str) -> bool:
    """Read "true" or "false" (any case); anything else raises ValueError."""
    raise NotImplementedError("Exercise 3 (parse_bool) is not done yet")


# Which query parameters filter the products, and how each value is converted.
PRODUCT_FILTERS: dict[str, Callable[[str], Any]] = {
    "category": str,
    "in_stock": parse_bool,
    "price_cents": int,
}
PRODUCT_SORTS = frozenset({"name", "category", "price_cents"})


def parse_sort(raw: str, *, allowed: Collection[str]) -> list[tuple[str, bool]]:
    """Turn "-price_cents,name" into [("price_cents", True), ("name", False)]."""
    raise NotImplementedError("Exercise 3 (parse_sort) is not done yet")


def parse_filters(
    args: Mapping[str, str], *, allowed: Mapping[str, Callable[[str], Any]]
) -> dict[str, Any]:
    """Convert each filter parameter with its converter; refuse unknown names and bad values."""
    raise NotImplementedError("Exercise 3 (parse_filters) is not done yet")


def apply_query(
    items: Iterable[Mapping[str, Any]],
    *,
    filters: Mapping[str, Any],
    sort: Sequence[tuple[str, bool]],
) -> list[Mapping[str, Any]]:
    """Keep the items equal to every filter, then sort them by each key in turn."""
    raise NotImplementedError("Exercise 3 (apply_query) is not done yet")


def create_app(items: Sequence[Mapping[str, Any]]) -> Flask:
    """Serve `items` at GET /products, filtered and sorted by the query string."""
    raise NotImplementedError("Exercise 3 (create_app) is not done yet")
