"""Exercise 5 — ETags, conditional GET and safe updates (reference solution)."""

from __future__ import annotations

import hashlib
import json
import threading
from collections.abc import Mapping

from flask import Flask, Response, current_app, jsonify, request, url_for
from werkzeug.http import parse_etags

EXTENSION = "notes"
MAX_TITLE = 200
CACHE_CONTROL = "no-cache"  # caches may store the note but must revalidate every time


def compute_etag(representation: Mapping[str, object]) -> str:
    """Return a strong ETag: a quoted hash of the canonical JSON of `representation`."""
    canonical = json.dumps(representation, sort_keys=True, separators=(",", ":"))
    return f'"{hashlib.sha256(canonical.encode()).hexdigest()[:32]}"'


def if_none_match_hits(header: str, etag: str) -> bool:
    """Tell whether If-None-Match names `etag` (weak comparison) or is "*"."""
    tags = parse_etags(header)
    return tags.star_tag or tags.contains_weak(etag.strip('"'))


def if_match_hits(header: str, etag: str) -> bool:
    """Tell whether If-Match names `etag` (strong comparison: W/ tags never match) or is "*"."""
    tags = parse_etags(header)
    return tags.star_tag or tags.contains(etag.strip('"'))


def _validate_note(body: object) -> dict[str, str]:
    """Return {"title", "text"} or raise ValueError saying what is wrong."""
    if not isinstance(body, dict):
        raise ValueError("the body must be a JSON object")
    title, text = body.get("title"), body.get("text", "")
    if not isinstance(title, str) or not 1 <= len(title.strip()) <= MAX_TITLE:
        raise ValueError(f"title must be a string of 1 to {MAX_TITLE} characters")
    if not isinstance(text, str):
        raise ValueError("text must be a string")
    return {"title": title.strip(), "text": text}


def _error(status: int, code: str, message: str, etag: str | None = None) -> Response:
    """Build the error shape; a 412 also tells the client the current ETag."""
    response = jsonify(error={"status": status, "code": code, "message": message})
    response.status_code = status
    if etag:
        response.headers["ETag"] = etag
    return response


def _represent(note: dict, status: int = 200) -> Response:
    """Send a note with its ETag and a Cache-Control that makes clients revalidate."""
    response = jsonify(note)
    response.status_code = status
    response.headers["ETag"] = compute_etag(note)
    response.headers["Cache-Control"] = CACHE_CONTROL
    return response


def create_app() -> Flask:
    """Serve POST /notes, GET /notes/<id> and PUT /notes/<id> with ETags."""
    app = Flask(__name__)
    app.extensions[EXTENSION] = {"lock": threading.Lock(), "notes": {}}

    def notes() -> dict:
        return current_app.extensions[EXTENSION]

    @app.post("/notes")
    def create_note():
        try:
            fields = _validate_note(request.get_json(silent=True))
        except ValueError as exc:
            return _error(400, "bad_request", str(exc))
        with notes()["lock"]:
            note = {"id": len(notes()["notes"]) + 1, **fields}
            notes()["notes"][note["id"]] = note
        response = _represent(note, 201)
        response.headers["Location"] = url_for("read_note", note_id=note["id"])
        return response

    @app.get("/notes/<int:note_id>")
    def read_note(note_id: int):
        note = notes()["notes"].get(note_id)
        if note is None:
            return _error(404, "not_found", f"No note has id {note_id}")
        etag = compute_etag(note)
        if if_none_match_hits(request.headers.get("If-None-Match", ""), etag):
            return Response(status=304, headers={"ETag": etag, "Cache-Control": CACHE_CONTROL})
        return _represent(note)

    @app.put("/notes/<int:note_id>")
    def replace_note(note_id: int):
        if_match = request.headers.get("If-Match")
        # The lock makes check-then-write atomic: two clients holding the same ETag
        # cannot both pass the If-Match test.
        with notes()["lock"]:
            note = notes()["notes"].get(note_id)
            if note is None:
                return _error(404, "not_found", f"No note has id {note_id}")
            current = compute_etag(note)
            if if_match is None:
                return _error(428, "precondition_required", "send If-Match with the note's ETag")
            if not if_match_hits(if_match, current):
                return _error(412, "precondition_failed", "the note has changed", etag=current)
            try:
                fields = _validate_note(request.get_json(silent=True))
            except ValueError as exc:
                return _error(400, "bad_request", str(exc))
            note = {"id": note_id, **fields}
            notes()["notes"][note_id] = note
        return _represent(note)

    return app
