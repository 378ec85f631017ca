"""HTTP routes for books: parse the request, call the service, shape the response."""

from __future__ import annotations

from flask import url_for
from flask_restx import Namespace, Resource, fields, inputs, reqparse

from .database import db
from .errors import register_error_model
from .models import MAX_ID, TITLE_MAX, YEAR_MAX, YEAR_MIN
from .services import BookService

ns = Namespace("books", description="Books; each belongs to one author")
error_model = register_error_model(ns)

book_in = ns.model(
    "BookIn",
    {
        "author_id": fields.Integer(required=True, min=1, max=MAX_ID, example=1),
        "title": fields.String(
            required=True,
            min_length=1,
            max_length=TITLE_MAX,
            example="Notes on the Analytical Engine",
        ),
        "isbn": fields.String(
            required=True,
            min_length=10,
            max_length=17,
            example="978-0-13-110362-7",
            description="ISBN-10 or ISBN-13; spaces and hyphens are removed",
        ),
        "published_year": fields.Integer(min=YEAR_MIN, max=YEAR_MAX, example=1843),
    },
)
book_out = ns.model(
    "BookOut",
    {
        "id": fields.Integer(example=1),
        "author_id": fields.Integer(example=1),
        "title": fields.String(example="Notes on the Analytical Engine"),
        "isbn": fields.String(example="9780131103627"),
        "published_year": fields.Integer(example=1843),
        "created_at": fields.DateTime(dt_format="iso8601"),
    },
)
book_page = ns.model(
    "BookPage",
    {
        "items": fields.List(fields.Nested(book_out)),
        "next_after": fields.Integer(description="Pass as `after` for the next page; null at end"),
    },
)

page_args = reqparse.RequestParser()
page_args.add_argument("author_id", type=inputs.int_range(1, MAX_ID), location="args")
page_args.add_argument("year", type=inputs.int_range(YEAR_MIN, YEAR_MAX), location="args")
page_args.add_argument("limit", type=inputs.int_range(1, 100), default=20, location="args")
page_args.add_argument(
    "after", type=inputs.int_range(0, MAX_ID), default=0, location="args", help="Last id seen"
)


@ns.route("")
class BookList(Resource):
    @ns.expect(page_args)
    @ns.marshal_with(book_page)
    @ns.response(400, "A query parameter is invalid", error_model)
    def get(self):
        """List books, optionally one author's or one year's."""
        args = page_args.parse_args()
        books = BookService(db.session).page(
            author_id=args["author_id"], year=args["year"], after=args["after"], limit=args["limit"]
        )
        next_after = books[-1].id if len(books) == args["limit"] else None
        return {"items": books, "next_after": next_after}

    @ns.expect(book_in, validate=True)
    @ns.marshal_with(book_out, code=201)
    @ns.response(400, "The body is not a valid book", error_model)
    @ns.response(404, "No author has this author_id", error_model)
    @ns.response(409, "A book with this ISBN already exists", error_model)
    def post(self):
        """Add a book to an author."""
        body = ns.payload
        book = BookService(db.session).add(
            author_id=body["author_id"],
            title=body["title"],
            isbn=body["isbn"],
            published_year=body.get("published_year"),
        )
        return book, 201, {"Location": url_for("books_book_item", book_id=book.id)}


@ns.route("/<int:book_id>")
@ns.param("book_id", "The book's id")
class BookItem(Resource):
    @ns.marshal_with(book_out)
    @ns.response(404, "No book has this id", error_model)
    def get(self, book_id: int):
        """Show one book."""
        return BookService(db.session).get(book_id=book_id)
