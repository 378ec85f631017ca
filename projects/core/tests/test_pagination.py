"""Pagination: bounded arguments, counts over any select(), and links that keep the query."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from flask import Flask
from sqlalchemy import select

from projects.core import Page, paginate

from .example_service import Note, db


@pytest.fixture
def notes(app: Flask) -> Flask:
    """Seed 7 notes: 4 owned by ada, 3 by bo."""
    with app.app_context():
        db.session.add_all(Note(title=f"n{i}", owner="ada" if i < 4 else "bo") for i in range(7))
        db.session.commit()
    return app


def page_of(app: Flask, statement, page: int, per_page: int, url: str = "/notes") -> Page:
    with app.test_request_context(url):
        return paginate(db.session, statement, page=page, per_page=per_page)


def test_a_page_holds_its_slice_and_the_total(notes: Flask) -> None:
    page = page_of(notes, select(Note).order_by(Note.id), page=2, per_page=3)
    assert [note.title for note in page.items] == ["n3", "n4", "n5"]
    assert (page.total, page.pages) == (7, 3)


def test_the_count_respects_filters(notes: Flask) -> None:
    statement = select(Note).where(Note.owner == "bo").order_by(Note.title)
    page = page_of(notes, statement, page=1, per_page=2)
    assert [note.title for note in page.items] == ["n4", "n5"]
    assert (page.total, page.pages) == (3, 2)


def test_rows_of_columns_can_be_paginated(notes: Flask) -> None:
    page = page_of(notes, select(Note.owner).distinct().order_by(Note.owner), page=1, per_page=5)
    assert (page.items, page.total) == (["ada", "bo"], 2)


def test_no_results_is_one_empty_page(app: Flask) -> None:
    page = page_of(app, select(Note).order_by(Note.id), page=1, per_page=10)
    assert (page.items, page.total, page.pages) == ([], 0, 0)
    assert page.links["last"] == "/notes?page=1&per_page=10"
    assert page.links["next"] is None and page.links["prev"] is None


def test_a_page_past_the_end_is_empty_and_points_back(notes: Flask) -> None:
    page = page_of(notes, select(Note).order_by(Note.id), page=9, per_page=3)
    assert page.items == []
    assert page.links["prev"] == "/notes?page=3&per_page=3"


def test_links_keep_the_other_arguments(notes: Flask) -> None:
    url = "/notes?owner=ada&sort=title&page=2&per_page=2&tag=a&tag=b"
    page = page_of(notes, select(Note).order_by(Note.id), page=2, per_page=2, url=url)
    for name in ("self", "first", "prev", "next", "last"):
        query = parse_qs(urlsplit(page.links[name]).query)
        assert query["owner"] == ["ada"] and query["tag"] == ["a", "b"]
    pages = {name: parse_qs(urlsplit(link).query)["page"] for name, link in page.links.items()}
    assert pages == {"self": ["2"], "first": ["1"], "prev": ["1"], "next": ["3"], "last": ["4"]}


def test_outside_a_request_there_are_no_links(notes: Flask) -> None:
    with notes.app_context():
        page = paginate(db.session, select(Note).order_by(Note.id), page=1, per_page=5)
    assert (len(page.items), page.links) == (5, {})


def test_paginate_refuses_impossible_pages(app: Flask) -> None:
    with pytest.raises(ValueError):
        page_of(app, select(Note).order_by(Note.id), page=0, per_page=10)


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("page=0", "page"),
        ("page=-1", "page"),
        ("page=two", "page"),
        ("per_page=0", "per_page"),
        ("per_page=51", "per_page"),  # the example service allows at most 50
        ("per_page=1.5", "per_page"),
    ],
)
def test_bad_arguments_are_a_400_naming_the_field(light_app: Flask, query: str, field: str) -> None:
    response = light_app.test_client().get(f"/api/v1/notes?{query}")
    error = response.get_json()["error"]
    assert (response.status_code, error["code"]) == (400, "validation_error")
    assert set(error["details"]) == {field}


def test_defaults_apply_without_arguments(notes: Flask) -> None:
    body = notes.test_client().get("/api/v1/notes").get_json()
    assert (body["page"], body["per_page"], body["total"], len(body["items"])) == (1, 20, 7, 7)
    assert body["links"]["self"] == "/api/v1/notes?page=1&per_page=20"


def test_swagger_documents_the_arguments(light_app: Flask) -> None:
    spec = light_app.test_client().get("/swagger.json").get_json()
    params = {p["name"]: p for p in spec["paths"]["/api/v1/notes"]["get"]["parameters"]}
    assert params["page"]["in"] == params["per_page"]["in"] == "query"
    assert set(spec["definitions"]["PageLinks"]["properties"]) == {
        "self", "first", "prev", "next", "last",
    }  # fmt: skip


def test_an_absurd_page_number_is_a_400_not_a_500() -> None:
    from flask import Flask
    from werkzeug.exceptions import BadRequest

    from projects.core import page_params

    app = Flask(__name__)
    with app.test_request_context("/?page=100000000000000000000"), pytest.raises(BadRequest):
        page_params().parse_args()
