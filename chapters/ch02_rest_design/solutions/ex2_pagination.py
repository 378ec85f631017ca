"""Exercise 2 — pagination with limits, totals and links (reference solution)."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from urllib.parse import urlencode

from flask import Flask, jsonify, request

DEFAULT_PER_PAGE = 20
MAX_PER_PAGE = 100


class PaginationError(ValueError):
    """A page or per_page query parameter cannot be used."""


@dataclass(frozen=True)
class Page:
    """One page of a collection and the numbers a client needs to walk the rest."""

    items: list
    page: int
    per_page: int
    total: int
    pages: int


def parse_pagination(args: Mapping[str, str]) -> tuple[int, int]:
    """Read page and per_page from query parameters, with defaults and limits."""
    page = _integer(args, "page", 1)
    per_page = _integer(args, "per_page", DEFAULT_PER_PAGE)
    if page < 1:
        raise PaginationError(f"page must be 1 or more, not {page}")
    if not 1 <= per_page <= MAX_PER_PAGE:
        raise PaginationError(f"per_page must be between 1 and {MAX_PER_PAGE}, not {per_page}")
    return page, per_page


def _integer(args: Mapping[str, str], name: str, default: int) -> int:
    if name not in args:
        return default
    try:
        return int(args[name])
    except ValueError:
        raise PaginationError(f"{name} must be a whole number, not {args[name]!r}") from None


def paginate(items: Sequence, *, page: int, per_page: int) -> Page:
    """Cut one page out of `items`; a page past the end is empty, not an error."""
    total = len(items)
    start = (page - 1) * per_page
    return Page(
        items=list(items[start : start + per_page]),
        page=page,
        per_page=per_page,
        total=total,
        pages=max(1, math.ceil(total / per_page)),
    )


def page_links(page: Page, *, base_url: str, params: Mapping[str, str]) -> dict[str, str]:
    """Build the self, first, prev, next and last URLs, keeping the other query parameters."""
    others = {key: value for key, value in params.items() if key not in ("page", "per_page")}

    def url(number: int) -> str:
        return f"{base_url}?{urlencode(others | {'page': number, 'per_page': page.per_page})}"

    links = {"self": url(page.page), "first": url(1)}
    if page.page > 1:
        links["prev"] = url(min(page.page - 1, page.pages))
    if page.page < page.pages:
        links["next"] = url(page.page + 1)
    links["last"] = url(page.pages)
    return links


def link_header(links: Mapping[str, str]) -> str:
    """Write links as an RFC 8288 Link header value."""
    return ", ".join(f'<{url}>; rel="{rel}"' for rel, url in links.items())


def create_app(items: Sequence[Mapping[str, object]]) -> Flask:
    """Serve `items` at GET /items, one page at a time."""
    app = Flask(__name__)

    @app.get("/items")
    def list_items():
        try:
            number, per_page = parse_pagination(request.args)
        except PaginationError as exc:
            error = {"status": 400, "code": "bad_request", "message": str(exc)}
            return {"error": error}, 400
        page = paginate(items, page=number, per_page=per_page)
        links = page_links(page, base_url=request.base_url, params=request.args)
        response = jsonify(
            items=page.items,
            page=page.page,
            per_page=page.per_page,
            total=page.total,
            pages=page.pages,
            links=links,
        )
        response.headers["Link"] = link_header(links)
        return response

    return app
