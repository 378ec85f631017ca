"""The tables: authors and their books, one author to many books."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import CheckConstraint, DateTime, ForeignKey, Index, String, func
from sqlalchemy.orm import Mapped, mapped_column, relationship
from sqlalchemy.types import TypeDecorator

from .database import db

MAX_ID = 2**31 - 1  # the largest INTEGER key; bigger ids cannot exist, so they are not found
NAME_MAX = 120
EMAIL_MAX = 254  # the longest address SMTP can deliver to
TITLE_MAX = 200
YEAR_MIN, YEAR_MAX = 1450, 2100


class UTCDateTime(TypeDecorator[datetime]):
    """A timestamp stored with its zone and read back aware, even from SQLite."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_result_value(self, value: Any, dialect: Any) -> datetime | None:
        # SQLite has no time zones; the server wrote UTC, so say so.
        if value is not None and value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value


# --8<-- [start:models]
class Author(db.Model):
    """A person who writes books; the email address identifies them."""

    __tablename__ = "authors"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(NAME_MAX))
    email: Mapped[str] = mapped_column(String(EMAIL_MAX), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, server_default=func.now())

    # lazy="raise_on_sql": touching author.books without saying how to load it is an
    # error, so an N+1 cannot slip in unnoticed. passive_deletes: the database cascades.
    books: Mapped[list[Book]] = relationship(
        back_populates="author", order_by="Book.id", lazy="raise_on_sql", passive_deletes=True
    )


class Book(db.Model):
    """A book, written by exactly one author and identified by its ISBN."""

    __tablename__ = "books"
    __table_args__ = (
        # Serves "books by author" and "books by author in year order"; a separate
        # index on author_id alone would only cost writes.
        Index("ix_books_author_id_published_year", "author_id", "published_year"),
        CheckConstraint(
            f"published_year BETWEEN {YEAR_MIN} AND {YEAR_MAX}", name="published_year_range"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("authors.id", ondelete="CASCADE"))
    title: Mapped[str] = mapped_column(String(TITLE_MAX))
    isbn: Mapped[str] = mapped_column(String(13), unique=True)
    published_year: Mapped[int | None]
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, server_default=func.now())

    author: Mapped[Author] = relationship(back_populates="books", lazy="raise_on_sql")


# --8<-- [end:models]
