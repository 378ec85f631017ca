"""Exercise 4 — bulk create with per-item results.

Check your work with: nox -s chapter02 -- ex4

1. validate_subscriber(item): the item must be a dict; "email" a non-blank string that
   matches EMAIL once stripped; "name" optional (default "") and, once stripped, a
   string of at most MAX_NAME_LENGTH characters. Return {"email": stripped and
   lower-cased, "name": stripped}; otherwise raise ItemError whose message names the
   problem ("object", "email" or "name").
2. SubscriberStore keeps a list of rows ({"id", "email", "name"}) and a threading.Lock;
   all() returns copies of the rows in id order.
3. bulk_create(items, atomic=): raise BatchError when `items` is not a list, is empty
   ("empty") or holds more than MAX_BATCH items. Then, holding the lock for the whole
   batch, give each item a result {"index": i, "status": ...}: 400 with "error" when
   validate_subscriber refuses it; 409 with "error" when its email is already stored
   or appeared earlier in this batch; 201 otherwise.
4. Without atomic, store every 201 item with the next id (number of rows + 1), add that
   "id" to its result, and return BulkResult(201 if every item passed, else 207).
   With atomic=True and any failure, store nothing, turn every 201 result into
   {"index": i, "status": 424, "error": ...} and return BulkResult(422, results).
5. create_app(store=None): keep the store in app.extensions[EXTENSION]; serve
   GET /subscribers -> {"items": store.all()} and POST /subscribers/bulk?atomic=
   true|false taking {"items": [...]} and answering {"results", "created", "failed"}
   with the BulkResult's status. Answer 400 with {"error": {"status": 400, "code":
   "bad_request", "message": ...}} when atomic is neither true nor false, when the
   body is not a JSON object, or on BatchError.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from flask import Flask

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
    raise NotImplementedError("Exercise 4 (validate_subscriber) is not done yet")


class SubscriberStore:
    """Subscribers in memory; a bulk call holds the lock from first check to last insert."""

    def __init__(self) -> None:
        raise NotImplementedError("Exercise 4 (SubscriberStore) is not done yet")

    def all(self) -> list[dict]:
        """Return every subscriber in id order."""
        raise NotImplementedError("Exercise 4 (SubscriberStore.all) is not done yet")

    def bulk_create(self, items: object, *, atomic: bool = False) -> BulkResult:
        """Create each valid, new subscriber; with atomic=True, all of them or none."""
        raise NotImplementedError("Exercise 4 (SubscriberStore.bulk_create) is not done yet")


def create_app(store: SubscriberStore | None = None) -> Flask:
    """Serve GET /subscribers and POST /subscribers/bulk?atomic=true|false."""
    raise NotImplementedError("Exercise 4 (create_app) is not done yet")
