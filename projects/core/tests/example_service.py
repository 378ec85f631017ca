"""A tiny service built on core, the way a capstone is: the tests drive it end to end."""

from __future__ import annotations

from flask import Flask
from flask_restx import Namespace, Resource, fields
from sqlalchemy import String, select
from sqlalchemy.orm import Mapped, mapped_column

from projects.core import (
    Conflict,
    NotFound,
    Settings,
    create_app,
    create_db,
    current_principal,
    page_model,
    page_params,
    paginate,
    rate_limit,
    require_auth,
)

db = create_db()
ns = Namespace("notes", path="/api/v1/notes", description="Notes, to exercise core")


class Note(db.Model):  # type: ignore[name-defined,misc]
    __tablename__ = "notes"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(80), unique=True)
    owner: Mapped[str] = mapped_column(String(80))


note_in = ns.model("NoteIn", {"title": fields.String(required=True, min_length=1, max_length=80)})
note_out = ns.model(
    "NoteOut", {"id": fields.Integer, "title": fields.String, "owner": fields.String}
)
note_page = page_model(ns, note_out)
pages = page_params(max_per_page=50)


@ns.route("")
class Notes(Resource):
    @ns.expect(pages)
    @ns.marshal_with(note_page)
    def get(self):
        """List notes, oldest first."""
        args = pages.parse_args()
        statement = select(Note).order_by(Note.id)
        return paginate(db.session, statement, page=args["page"], per_page=args["per_page"])

    @require_auth("writer")
    @rate_limit("3/minute")
    @ns.expect(note_in, validate=True)
    @ns.marshal_with(note_out, code=201)
    def post(self):
        """Create a note owned by the caller."""
        title = ns.payload["title"]
        if db.session.scalar(select(Note).where(Note.title == title)):
            raise Conflict(f"A note titled {title!r} exists.")
        note = Note(title=title, owner=current_principal().subject)
        db.session.add(note)
        db.session.commit()
        return note, 201


@ns.route("/<int:note_id>")
class OneNote(Resource):
    @require_auth
    @ns.marshal_with(note_out)
    def get(self, note_id: int):
        """Fetch one note."""
        note = db.session.get(Note, note_id)
        if note is None:
            raise NotFound(f"No note {note_id}.")
        return note


def build(settings: Settings) -> Flask:
    """Build the example service the way a capstone's create_app does."""
    return create_app(name=__name__, settings=settings, namespaces=[ns], db=db, title="Notes")
