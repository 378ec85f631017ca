"""Business rules: validate and normalise input, decide outcomes, own each transaction."""

from __future__ import annotations

import re
import unicodedata

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from .errors import BadInput, Conflict, NotFound
from .models import EMAIL_MAX, MAX_ID, NAME_MAX, TITLE_MAX, YEAR_MAX, YEAR_MIN, Author, Book
from .repositories import LOADERS, AuthorRepository, BookRepository

_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
_ISBN = re.compile(r"[0-9]{9}[0-9X]|[0-9]{13}")


# --8<-- [start:authors]
class AuthorService:
    """Register, list, show and remove authors."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.authors = AuthorRepository(session)

    def register(self, *, name: str, email: str) -> Author:
        """Create an author; a second author with the same email is a conflict."""
        author = Author(name=clean_text(name, "name", NAME_MAX), email=clean_email(email), books=[])
        try:
            self.authors.add(author)
            self.session.commit()
        except IntegrityError:
            # The unique constraint decides, not a SELECT beforehand: two requests could
            # both see "no such email" and then both insert.
            self.session.rollback()
            raise Conflict(f"an author with email {author.email!r} already exists") from None
        return author

    def page(self, *, after: int, limit: int, loading: str) -> list[Author]:
        """Return one page of authors with their books, loaded the way asked."""
        if loading not in LOADERS:
            raise BadInput(f"loading must be one of {', '.join(LOADERS)}")
        return self.authors.page(after=after, limit=limit, loading=loading)

    def get(self, *, author_id: int) -> Author:
        """Return one author with their books."""
        author = self.authors.get(author_id) if 0 < author_id <= MAX_ID else None
        if author is None:
            raise NotFound(f"no author with id {author_id}")
        return author

    def remove(self, *, author_id: int) -> None:
        """Delete an author and, through the foreign key's ON DELETE CASCADE, their books."""
        if not (0 < author_id <= MAX_ID and self.authors.delete(author_id)):
            raise NotFound(f"no author with id {author_id}")
        self.session.commit()


# --8<-- [end:authors]


class BookService:
    """Add, list and show books."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.books = BookRepository(session)
        self.authors = AuthorRepository(session)

    def add(self, *, author_id: int, title: str, isbn: str, published_year: int | None) -> Book:
        """Create a book for an existing author; a second book with the ISBN is a conflict."""
        if published_year is not None and not YEAR_MIN <= published_year <= YEAR_MAX:
            raise BadInput(f"published_year must be between {YEAR_MIN} and {YEAR_MAX}")
        if not 0 < author_id <= MAX_ID or self.session.get(Author, author_id) is None:
            raise NotFound(f"no author with id {author_id}")
        book = Book(
            author_id=author_id,
            title=clean_text(title, "title", TITLE_MAX),
            isbn=clean_isbn(isbn),
            published_year=published_year,
        )
        try:
            self.books.add(book)
            self.session.commit()
        except IntegrityError as exc:
            self.session.rollback()
            if "isbn" in str(exc.orig).lower():
                raise Conflict(f"a book with ISBN {book.isbn} already exists") from None
            raise Conflict(f"author {author_id} was deleted while the book was saved") from None
        return book

    def page(
        self, *, author_id: int | None, year: int | None, after: int, limit: int
    ) -> list[Book]:
        """Return one page of books, optionally only one author's or one year's."""
        return self.books.page(author_id=author_id, year=year, after=after, limit=limit)

    def get(self, *, book_id: int) -> Book:
        """Return one book."""
        book = self.books.get(book_id) if 0 < book_id <= MAX_ID else None
        if book is None:
            raise NotFound(f"no book with id {book_id}")
        return book


# --8<-- [start:normalise]
def clean_text(value: str, field: str, max_length: int) -> str:
    """Strip `value`; refuse it empty, too long, or with control characters."""
    value = value.strip()
    if not 1 <= len(value) <= max_length:
        raise BadInput(f"{field} must be 1 to {max_length} characters long")
    # NUL and friends: PostgreSQL refuses NUL outright, and nobody means to send them.
    if any(unicodedata.category(char) in {"Cc", "Cs"} for char in value):
        raise BadInput(f"{field} must not contain control characters")
    return value


def clean_email(value: str) -> str:
    """Return the address in lower case, so the unique constraint sees one spelling."""
    email = clean_text(value, "email", EMAIL_MAX).lower()
    if not _EMAIL.fullmatch(email):
        raise BadInput("email must look like name@example.com")
    return email


def clean_isbn(value: str) -> str:
    """Return the ISBN without spaces and hyphens: 978-0-13-110362-7 -> 9780131103627."""
    isbn = re.sub(r"[\s-]", "", value).upper()
    if not _ISBN.fullmatch(isbn):
        raise BadInput("isbn must have 10 or 13 digits (an ISBN-10 may end in X)")
    return isbn


# --8<-- [end:normalise]
