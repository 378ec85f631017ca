"""Exercise 4 — bulk create with per-item results (reference solution)."""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass

from flask import Flask, current_app, request

MAX_BATCH = 100
MAX_NAME_LENGTH = 100
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
EXTENSION = "subscribers"


class BatchError(ValueError):
    """The request as a whole cannot be processed: not a list, empty, or too long."""


class ItemError(ValueError):
    """One item of a batch is invalid; the message says why."""


@dataclass(frozen=True)
class BulkResult:
    """What a bulk call did: the status for the whole request and one result per item."""

    status: int
    results: list[dict]


def validate_subscriber(item: object) -> dict[str, str]:
    """Return {"email", "name"} cleaned up, or raise ItemError."""
    if not isinstance(item, dict):
        raise ItemError("item must be a JSON object")
    email, name = item.get("email"), item.get("name", "")
    if not isinstance(email, str) or not email.strip():
        raise ItemError("email is required")
    if not EMAIL.match(email.strip()):
        raise ItemError("email is not valid")
    if not isinstance(name, str) or len(name.strip()) > MAX_NAME_LENGTH:
        raise ItemError(f"name must be a string of at most {MAX_NAME_LENGTH} characters")
    return {"email": email.strip().lower(), "name": name.strip()}


class SubscriberStore:
    """Subscribers in memory; a bulk call holds the lock from first check to last insert."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._rows: list[dict] = []

    def all(self) -> list[dict]:
        """Return every subscriber in id order."""
        with self._lock:
            return [dict(row) for row in self._rows]

    def bulk_create(self, items: object, *, atomic: bool = False) -> BulkResult:
        """Create each valid, new subscriber; with atomic=True, all of them or none."""
        if not isinstance(items, list) or not items:
            raise BatchError("items must be a non-empty list")
        if len(items) > MAX_BATCH:
            raise BatchError(f"a batch holds at most {MAX_BATCH} items, not {len(items)}")
        with self._lock:
            taken = {row["email"] for row in self._rows}
            results: list[dict] = []
            accepted: list[tuple[int, dict]] = []
            for index, item in enumerate(items):
                try:
                    row = validate_subscriber(item)
                except ItemError as exc:
                    results.append({"index": index, "status": 400, "error": str(exc)})
                    continue
                if row["email"] in taken:
                    error = f"{row['email']} is already subscribed"
                    results.append({"index": index, "status": 409, "error": error})
                    continue
                taken.add(row["email"])  # a later duplicate in the same batch conflicts too
                results.append({"index": index, "status": 201})
                accepted.append((index, row))
            failed = len(accepted) < len(items)
            if atomic and failed:
                for index, _ in accepted:
                    results[index] = {
                        "index": index,
                        "status": 424,
                        "error": "not created because another item failed",
                    }
                return BulkResult(status=422, results=results)
            for index, row in accepted:
                row = {"id": len(self._rows) + 1, **row}
                self._rows.append(row)
                results[index]["id"] = row["id"]
        return BulkResult(status=207 if failed else 201, results=results)


def create_app(store: SubscriberStore | None = None) -> Flask:
    """Serve GET /subscribers and POST /subscribers/bulk?atomic=true|false."""
    app = Flask(__name__)
    app.extensions[EXTENSION] = store if store is not None else SubscriberStore()

    def bad_request(message: str):
        return {"error": {"status": 400, "code": "bad_request", "message": message}}, 400

    @app.get("/subscribers")
    def list_subscribers():
        return {"items": current_app.extensions[EXTENSION].all()}

    @app.post("/subscribers/bulk")
    def bulk_create():
        atomic = request.args.get("atomic", "false").lower()
        if atomic not in ("true", "false"):
            return bad_request("atomic must be true or false")
        body = request.get_json(silent=True)
        if not isinstance(body, dict):
            return bad_request('the body must be a JSON object like {"items": [...]}')
        try:
            outcome = current_app.extensions[EXTENSION].bulk_create(
                body.get("items"), atomic=atomic == "true"
            )
        except BatchError as exc:
            return bad_request(str(exc))
        created = sum(1 for result in outcome.results if result["status"] == 201)
        summary = {"created": created, "failed": len(outcome.results) - created}
        return {"results": outcome.results, **summary}, outcome.status

    return app
