"""HTTP routes for authors: parse the request, call the service, shape the response."""

from __future__ import annotations

from flask import url_for
from flask_restx import Namespace, Resource, fields, inputs, reqparse

from .database import db
from .errors import register_error_model
from .models import EMAIL_MAX, MAX_ID, NAME_MAX
from .repositories import LOADERS
from .services import AuthorService

ns = Namespace("authors", description="Authors and their books (one author, many books)")
error_model = register_error_model(ns)

author_in = ns.model(
    "AuthorIn",
    {
        "name": fields.String(
            required=True, min_length=1, max_length=NAME_MAX, example="Ada Lovelace"
        ),
        "email": fields.String(
            required=True, min_length=3, max_length=EMAIL_MAX, example="ada@example.com"
        ),
    },
)
book_summary = ns.model(
    "BookSummary",
    {
        "id": fields.Integer(example=1),
        "title": fields.String(example="Notes on the Analytical Engine"),
        "isbn": fields.String(example="9780131103627"),
        "published_year": fields.Integer(example=1843),
    },
)
author_out = ns.model(
    "AuthorOut",
    {
        "id": fields.Integer(example=1),
        "name": fields.String(example="Ada Lovelace"),
        "email": fields.String(example="ada@example.com"),
        "created_at": fields.DateTime(dt_format="iso8601"),
        "books": fields.List(fields.Nested(book_summary)),
    },
)
author_page = ns.model(
    "AuthorPage",
    {
        "items": fields.List(fields.Nested(author_out)),
        "next_after": fields.Integer(description="Pass as `after` for the next page; null at end"),
    },
)

page_args = reqparse.RequestParser()
page_args.add_argument("limit", type=inputs.int_range(1, 100), default=20, location="args")
page_args.add_argument(
    "after", type=inputs.int_range(0, MAX_ID), default=0, location="args", help="Last id seen"
)
page_args.add_argument(
    "loading",
    choices=tuple(LOADERS),
    default="selectin",
    location="args",
    help="How to load each author's books; `lazy` shows the N+1 (see X-Query-Count)",
)


# --8<-- [start:routes]
@ns.route("")
class AuthorList(Resource):
    @ns.expect(page_args)
    @ns.marshal_with(author_page)
    @ns.header("X-Query-Count", "How many SQL statements this request ran")
    @ns.response(400, "A query parameter is invalid", error_model)
    def get(self):
        """List authors with their books, one page at a time."""
        args = page_args.parse_args()
        authors = AuthorService(db.session).page(
            after=args["after"], limit=args["limit"], loading=args["loading"]
        )
        next_after = authors[-1].id if len(authors) == args["limit"] else None
        return {"items": authors, "next_after": next_after}

    @ns.expect(author_in, validate=True)
    @ns.marshal_with(author_out, code=201)
    @ns.response(400, "The body is not a valid author", error_model)
    @ns.response(409, "An author with this email already exists", error_model)
    def post(self):
        """Register an author."""
        body = ns.payload
        author = AuthorService(db.session).register(name=body["name"], email=body["email"])
        return author, 201, {"Location": url_for("authors_author_item", author_id=author.id)}


# --8<-- [end:routes]


@ns.route("/<int:author_id>")
@ns.param("author_id", "The author's id")
class AuthorItem(Resource):
    @ns.marshal_with(author_out)
    @ns.response(404, "No author has this id", error_model)
    def get(self, author_id: int):
        """Show one author with their books."""
        return AuthorService(db.session).get(author_id=author_id)

    @ns.response(204, "The author and their books are deleted")
    @ns.response(404, "No author has this id", error_model)
    def delete(self, author_id: int):
        """Delete an author and all their books."""
        AuthorService(db.session).remove(author_id=author_id)
        return "", 204
