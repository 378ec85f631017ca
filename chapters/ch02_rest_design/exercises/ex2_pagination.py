"""Exercise 2 — pagination with limits, totals and links.

Check your work with: nox -s chapter02 -- ex2

1. parse_pagination(args): read page (default 1) and per_page (default
   DEFAULT_PER_PAGE) with int(). Raise PaginationError naming the parameter when a
   value is not a whole number, when page is below 1, or when per_page is outside
   1..MAX_PER_PAGE.
2. paginate(items, page=, per_page=): return a Page with that slice of items, the
   total count and pages = max(1, ceil(total / per_page)). A page past the end holds
   no items; it is not an error.
3. page_links(page, base_url=, params=): return a dict, in this order, of self, first,
   prev (only when page > 1; it points to min(page - 1, pages)), next (only when
   page < pages) and last. Each URL is base_url + "?" + the urlencoded parameters:
   the other entries of `params` in their order, then page, then per_page.
4. link_header(links): write the links as an RFC 8288 Link header value:
   <url>; rel="name" for each link, joined by ", ", in the dict's order.
5. create_app(items): serve GET /items. Parse request.args (on PaginationError answer
   400 with {"error": {"status": 400, "code": "bad_request", "message": ...}}),
   paginate, and answer JSON with items, page, per_page, total, pages and links (built
   from request.base_url and request.args), plus the same links in a Link header.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from flask import Flask

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
    raise NotImplementedError("Exercise 2 (parse_pagination) is not done yet")


def paginate(items: Sequence, *, page: int, per_page: int) -> Page:
    """Cut one page out of `items`; a page past the end is empty, not an error."""
    raise NotImplementedError("Exercise 2 (paginate) is not done yet")


def page_links(page: Page, *, base_url: str, params: Mapping[str, str]) -> dict[str, str]:
    """Build the self, first, prev, next and last URLs, keeping the other query parameters."""
    raise NotImplementedError("Exercise 2 (page_links) is not done yet")


def link_header(links: Mapping[str, str]) -> str:
    """Write links as an RFC 8288 Link header value."""
    raise NotImplementedError("Exercise 2 (link_header) is not done yet")


def create_app(items: Sequence[Mapping[str, object]]) -> Flask:
    """Serve `items` at GET /items, one page at a time."""
    raise NotImplementedError("Exercise 2 (create_app) is not done yet")
