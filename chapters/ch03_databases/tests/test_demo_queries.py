"""The N+1, counted; the fix, counted; EXPLAIN plans; the connection pool's settings."""

from __future__ import annotations

import pytest
from flask import Flask
from sqlalchemy import select
from sqlalchemy.exc import InvalidRequestError

from chapters.ch03_databases.api_demo import create_app
from chapters.ch03_databases.api_demo.database import db
from chapters.ch03_databases.api_demo.models import Author
from chapters.ch03_databases.api_demo.query_count import HEADER, recorded_statements
from chapters.ch03_databases.api_demo.services import AuthorService

AUTHORS, BOOKS_EACH = 5, 2


@pytest.fixture
def library(make_author, make_book) -> list[int]:
    """Create five authors with two books each; return the authors' ids."""
    ids = []
    for number in range(AUTHORS):
        author = make_author(name=f"Author {number}")
        for title in ("First", "Second"):
            make_book(author["id"], f"{title} by {number}")
        ids.append(author["id"])
    return ids


# --8<-- [start:n_plus_one]
@pytest.mark.parametrize(
    ("loading", "expected_queries"),
    [
        ("lazy", 1 + AUTHORS),  # the N+1: one query for authors, one per author for books
        ("selectin", 2),  # authors, then all their books with WHERE author_id IN (...)
        ("joined", 1),  # one query with a LEFT OUTER JOIN
    ],
)
def test_listing_authors_runs_the_expected_number_of_queries(
    app: Flask, library, loading: str, expected_queries: int
) -> None:
    with app.app_context(), recorded_statements(db.engine) as statements:
        authors = AuthorService(db.session).page(after=0, limit=20, loading=loading)
        titles = [book.title for author in authors for book in author.books]
    assert len(titles) == AUTHORS * BOOKS_EACH
    assert len(statements) == expected_queries


# --8<-- [end:n_plus_one]


@pytest.mark.parametrize(("loading", "expected"), [("lazy", 1 + AUTHORS), ("selectin", 2)])
def test_query_count_header_shows_the_n_plus_one(client, library, loading, expected) -> None:
    response = client.get("/api/authors", query_string={"loading": loading})
    assert len(response.get_json()["items"]) == AUTHORS
    assert response.headers[HEADER] == str(expected)


def test_every_response_carries_the_query_count(client) -> None:
    assert client.get("/swagger.json").headers[HEADER] == "0"


def test_unplanned_lazy_loads_raise_instead_of_querying(app: Flask, library) -> None:
    with app.app_context():
        author = db.session.scalars(select(Author).limit(1)).one()
        with pytest.raises(InvalidRequestError, match="raise_on_sql"):
            _ = author.books


# ---------------------------------------------------------------- EXPLAIN
@pytest.mark.parametrize(
    ("query", "uses"),
    [
        ("books_by_author", "ix_books_author_id_published_year"),
        ("author_by_email", "authors"),
        ("books_by_title", "books"),
    ],
)
def test_explain_returns_sql_and_a_plan(client, query: str, uses: str) -> None:
    response = client.get("/api/db/explain", query_string={"query": query})
    body = response.get_json()
    assert response.status_code == 200
    assert body["query"] == query and body["sql"].startswith("SELECT")
    assert uses in " ".join(body["plan"])


def test_explain_shows_index_use_and_a_full_scan(client, app: Flask) -> None:
    def plan(query: str) -> str:
        return " ".join(client.get(f"/api/db/explain?query={query}").get_json()["plan"])

    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql"):
        assert "Index Scan using ix_books_author_id_published_year" in plan("books_by_author")
        assert "Index Scan using uq_authors_email" in plan("author_by_email")
        assert "Seq Scan on books" in plan("books_by_title")
    else:
        assert "USING INDEX ix_books_author_id_published_year" in plan("books_by_author")
        assert "SCAN books" in plan("books_by_title")


def test_explain_refuses_unknown_queries(client) -> None:
    response = client.get("/api/db/explain", query_string={"query": "DROP TABLE books"})
    assert response.status_code == 400


# ---------------------------------------------------------------- pool and status
def test_status_reports_pool_and_revision(client, app: Flask) -> None:
    body = client.get("/api/db/status").get_json()
    assert (body["revision"], body["head"], body["up_to_date"]) == ("0002", "0002", True)
    assert body["pool"]["class"] == "QueuePool"
    assert body["pool"]["settings"] == {
        "pool_size": 5,
        "max_overflow": 10,
        "pool_timeout": 30.0,
        "pool_recycle": 1800,
        "pool_pre_ping": True,
    }
    assert body["dialect"] == db_dialect(app)


def db_dialect(app: Flask) -> str:
    with app.app_context():
        return db.engine.dialect.name


def test_pool_settings_reach_the_engine(tmp_path) -> None:
    app = create_app(
        {
            "DATABASE_URL": f"sqlite:///{tmp_path / 'pool.db'}",
            "DB_POOL_SIZE": "3",
            "DB_MAX_OVERFLOW": "1",
            "DB_POOL_RECYCLE": "60",
            "AUTO_MIGRATE": "false",
        }
    )
    with app.app_context():
        pool = db.engine.pool
        assert (pool.size(), pool._max_overflow, pool._recycle, pool._pre_ping) == (3, 1, 60, True)
        db.engine.dispose()
