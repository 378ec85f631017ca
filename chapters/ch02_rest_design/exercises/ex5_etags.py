"""Exercise 5 — ETags, conditional GET and safe updates.

Check your work with: nox -s chapter02 -- ex5

1. compute_etag(representation): serialise it canonically (json.dumps with
   sort_keys=True and separators=(",", ":")), hash it with SHA-256, and return the hex
   digest (or a prefix of 32 characters or more) wrapped in double quotes: a strong
   ETag.
2. if_none_match_hits(header, etag): True when the header is "*" or lists the ETag,
   comparing weakly (W/"x" matches "x").
3. if_match_hits(header, etag): True when the header is "*" or lists the ETag as a
   strong tag; a W/ tag never matches.
4. create_app(): keep notes ({"id", "title", "text"}) and a threading.Lock in
   app.extensions[EXTENSION]. POST /notes takes a title (1..MAX_TITLE characters
   after stripping) and an optional text (string, default "") and answers 201 with the
   note, Location /notes/<id>, its ETag and Cache-Control: CACHE_CONTROL.
   GET /notes/<id> answers 404 for a missing note; 304 with no body, the ETag and
   Cache-Control when If-None-Match hits; otherwise 200 with the note, ETag =
   compute_etag(note) and Cache-Control.
5. PUT /notes/<id>, holding the lock from check to write, in this order: 404 when the
   note is missing; 428 precondition_required without If-Match; 412
   precondition_failed, with the current ETag header, when If-Match misses; 400
   bad_request for an invalid body; otherwise replace title and text and answer 200
   with the new note and its new ETag. Every error is
   {"error": {"status", "code", "message"}}.
"""

from __future__ import annotations

from collections.abc import Mapping

from flask import Flask

EXTENSION = "notes"
MAX_TITLE = 200
CACHE_CONTROL = "no-cache"  # caches may store the note but must revalidate every time


def compute_etag(representation: Mapping[str, object]) -> str:
    """Return a strong ETag: a quoted hash of the canonical JSON of `representation`."""
    raise NotImplementedError("Exercise 5 (compute_etag) is not done yet")


def if_none_match_hits(header: str, etag: str) -> bool:
    """Tell whether If-None-Match names `etag` (weak comparison) or is "*"."""
    raise NotImplementedError("Exercise 5 (if_none_match_hits) is not done yet")


def if_match_hits(header: str, etag: str) -> bool:
    """Tell whether If-Match names `etag` (strong comparison: W/ tags never match) or is "*"."""
    raise NotImplementedError("Exercise 5 (if_match_hits) is not done yet")


def create_app() -> Flask:
    """Serve POST /notes, GET /notes/<id> and PUT /notes/<id> with ETags."""
    raise NotImplementedError("Exercise 5 (create_app) is not done yet")
