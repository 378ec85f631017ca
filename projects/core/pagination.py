"""Page through a SQLAlchemy select(): bounded page arguments, totals and navigation links."""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from typing import Any, Generic, TypeVar
from urllib.parse import urlencode

from flask import has_request_context, request
from flask_restx import Model, Namespace, fields, inputs, reqparse
from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

T = TypeVar("T")
LINK_NAMES = ("self", "first", "prev", "next", "last")


@dataclass(frozen=True)
class Page(Generic[T]):
    """One page of results; `pages` is 0 when there are none, and a page past the end is empty."""

    items: list[T]
    page: int
    per_page: int
    total: int
    links: dict[str, str | None] = field(default_factory=dict)

    @property
    def pages(self) -> int:
        """Return how many pages the results fill."""
        return math.ceil(self.total / self.per_page)


def page_links(page: int, per_page: int, pages: int) -> dict[str, str | None]:
    """Return this request's URL with `page` set for self/first/prev/next/last (or None)."""
    last = max(pages, 1)
    numbers = {
        "self": page,
        "first": 1,
        "prev": min(page - 1, last) if page > 1 else None,
        "next": page + 1 if page < last else None,
        "last": last,
    }
    return {name: _url_for_page(number, per_page) for name, number in numbers.items()}


def _url_for_page(page: int | None, per_page: int) -> str | None:
    if page is None:
        return None
    # Keep the caller's other arguments (filters, sort) so every link means the same query.
    args = [(k, v) for k, v in request.args.items(multi=True) if k not in {"page", "per_page"}]
    return f"{request.path}?{urlencode([*args, ('page', page), ('per_page', per_page)])}"


MAX_PAGE = 1_000_000


def page_params(*, default_per_page: int = 20, max_per_page: int = 100) -> reqparse.RequestParser:
    """Return a parser for `page` (from 1) and `per_page` (1..max); bad values are a 400."""
    parser = reqparse.RequestParser()
    # Bounded: a page number past what any database offset can hold is a 400, not a 500.
    parser.add_argument(
        "page",
        type=inputs.int_range(1, MAX_PAGE),
        default=1,
        location="args",
        help=f"Page number, 1 to {MAX_PAGE}",
    )
    parser.add_argument(
        "per_page",
        type=inputs.int_range(1, max_per_page),
        default=default_per_page,
        location="args",
        help=f"Items per page, 1 to {max_per_page}",
    )
    return parser


def paginate(session: Session, statement: Select[Any], *, page: int, per_page: int) -> Page[Any]:
    """Run `statement` for one page and count all its rows; links need a request context.

    The statement needs an ORDER BY, or rows may move between pages.
    """
    if page < 1 or per_page < 1:
        raise ValueError("page and per_page start at 1")
    # Counting over the statement as a subquery keeps its joins, filters and DISTINCT.
    count = select(func.count()).select_from(statement.order_by(None).subquery())
    total = session.execute(count).scalar_one()
    rows = session.scalars(statement.limit(per_page).offset((page - 1) * per_page)).all()
    result: Page[Any] = Page(items=list(rows), page=page, per_page=per_page, total=total)
    if has_request_context():
        result = replace(result, links=page_links(page, per_page, result.pages))
    return result


def page_model(ns: Namespace, item: Model) -> Model:
    """Return the restx model of a page of `item`, named after it (e.g. `TaskPage`)."""
    links = ns.model(
        "PageLinks",
        {name: fields.String(description=f"URL of the {name} page") for name in LINK_NAMES},
    )
    return ns.model(
        f"{item.name}Page",
        {
            "items": fields.List(fields.Nested(item)),
            "page": fields.Integer(example=1),
            "per_page": fields.Integer(example=20),
            "total": fields.Integer(example=42, description="Items on all pages"),
            "pages": fields.Integer(example=3),
            "links": fields.Nested(links),
        },
    )
