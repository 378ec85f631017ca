"""Exercise 3 — filtering and sorting with whitelisted fields (reference solution)."""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from operator import itemgetter
from typing import Any

from flask import Flask, request

SORT_PARAM = "sort"


class QueryError(ValueError):
    """A filter or sort parameter names a field it may not, or has an unusable value."""


def parse_bool(raw: str) -> bool:
    """Read "true" or "false" (any case); anything else raises ValueError."""
    value = raw.strip().lower()
    if value not in ("true", "false"):
        raise ValueError(f"{raw!r} is not true or false")
    return value == "true"


# Which query parameters filter the products, and how each value is converted.
PRODUCT_FILTERS: dict[str, Callable[[str], Any]] = {
    "category": str,
    "in_stock": parse_bool,
    "price_cents": int,
}
PRODUCT_SORTS = frozenset({"name", "category", "price_cents"})


def parse_sort(raw: str, *, allowed: Collection[str]) -> list[tuple[str, bool]]:
    """Turn "-price_cents,name" into [("price_cents", True), ("name", False)]."""
    keys: list[tuple[str, bool]] = []
    for part in raw.split(","):
        part = part.strip()
        descending = part.startswith("-")
        field = part[1:] if descending else part
        if not field:
            raise QueryError("sort has an empty key; use e.g. sort=-price_cents,name")
        if field not in allowed:
            raise QueryError(f"cannot sort by {field!r}; use one of {', '.join(sorted(allowed))}")
        if any(field == seen for seen, _ in keys):
            raise QueryError(f"sort names {field!r} twice")
        keys.append((field, descending))
    return keys


def parse_filters(
    args: Mapping[str, str], *, allowed: Mapping[str, Callable[[str], Any]]
) -> dict[str, Any]:
    """Convert each filter parameter with its converter; refuse unknown names and bad values."""
    filters: dict[str, Any] = {}
    for name, raw in args.items():
        if name == SORT_PARAM:
            continue
        if name not in allowed:
            raise QueryError(f"cannot filter by {name!r}; use one of {', '.join(sorted(allowed))}")
        try:
            filters[name] = allowed[name](raw)
        except ValueError:
            raise QueryError(f"{name}={raw!r} is not a valid value") from None
    return filters


def apply_query(
    items: Iterable[Mapping[str, Any]],
    *,
    filters: Mapping[str, Any],
    sort: Sequence[tuple[str, bool]],
) -> list[Mapping[str, Any]]:
    """Keep the items equal to every filter, then sort them by each key in turn."""
    result = [item for item in items if all(item[k] == v for k, v in filters.items())]
    # Python's sort is stable: sorting by the last key first leaves the first key in charge.
    for field, descending in reversed(sort):
        result.sort(key=itemgetter(field), reverse=descending)
    return result


def create_app(items: Sequence[Mapping[str, Any]]) -> Flask:
    """Serve `items` at GET /products, filtered and sorted by the query string."""
    app = Flask(__name__)

    @app.get("/products")
    def list_products():
        try:
            filters = parse_filters(request.args, allowed=PRODUCT_FILTERS)
            raw_sort = request.args.get(SORT_PARAM)
            sort = [] if raw_sort is None else parse_sort(raw_sort, allowed=PRODUCT_SORTS)
        except QueryError as exc:
            error = {"status": 400, "code": "bad_request", "message": str(exc)}
            return {"error": error}, 400
        return {"items": apply_query(items, filters=filters, sort=sort)}

    return app
