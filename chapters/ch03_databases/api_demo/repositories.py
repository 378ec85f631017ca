"""Data access: every query the demo runs, and nothing else (no HTTP, no business rules)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session, joinedload, lazyload, selectinload

from .models import Author, Book

# How to load a one-to-many collection: the demo lets you pick, so you can compare.
LOADERS: dict[str, Callable[[Any], Any]] = {
    "selectin": selectinload,  # 1 query for the parents + 1 "WHERE author_id IN (...)"
    "joined": joinedload,  # 1 query with a LEFT OUTER JOIN
    "lazy": lazyload,  # 1 query for the parents + 1 per parent: the N+1
}


# --8<-- [start:authors]
class AuthorRepository:
    """Reads and writes authors through one session."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, author: Author) -> Author:
        """Stage a new author and flush it, so constraint violations surface here."""
        self.session.add(author)
        self.session.flush()
        return author

    def get(self, author_id: int) -> Author | None:
        """Return the author with their books (two queries), or None."""
        statement = select(Author).where(Author.id == author_id).options(selectinload(Author.books))
        return self.session.scalars(statement).one_or_none()

    def page(self, *, after: int, limit: int, loading: str) -> list[Author]:
        """Return up to `limit` authors with ids above `after`, with their books."""
        statement = (
            select(Author)
            .where(Author.id > after)  # keyset pagination: an index seek, however deep
            .order_by(Author.id)
            .limit(limit)
            .options(LOADERS[loading](Author.books))
        )
        return list(self.session.scalars(statement).unique())

    def delete(self, author_id: int) -> bool:
        """Delete an author (the database deletes their books); say whether one existed."""
        result = self.session.execute(
            delete(Author).where(Author.id == author_id),
            execution_options={"synchronize_session": False},
        )
        return result.rowcount == 1


# --8<-- [end:authors]


class BookRepository:
    """Reads and writes books through one session."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, book: Book) -> Book:
        """Stage a new book and flush it, so constraint violations surface here."""
        self.session.add(book)
        self.session.flush()
        return book

    def get(self, book_id: int) -> Book | None:
        """Return the book with this id, or None."""
        return self.session.get(Book, book_id)

    def page(
        self, *, author_id: int | None, year: int | None, after: int, limit: int
    ) -> list[Book]:
        """Return up to `limit` books with ids above `after`, optionally filtered."""
        statement = select(Book).where(Book.id > after).order_by(Book.id).limit(limit)
        if author_id is not None:
            statement = statement.where(Book.author_id == author_id)
        if year is not None:
            statement = statement.where(Book.published_year == year)
        return list(self.session.scalars(statement))
