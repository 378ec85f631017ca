"""Exercise 3 — API key management (reference solution)."""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

PREFIX = "sk"
KEY_PATTERN = re.compile(rf"{PREFIX}_(?P<key_id>[0-9a-f]{{8}})_(?P<secret>[A-Za-z0-9_-]{{43}})")


class InvalidApiKey(Exception):
    """The presented key is malformed, unknown, wrong, revoked or expired."""


@dataclass
class ApiKeyRecord:
    """What the server keeps about a key: never the key itself."""

    key_id: str
    owner: str
    name: str
    key_hash: str
    created_at: datetime
    expires_at: datetime | None = None
    last_used_at: datetime | None = None
    revoked_at: datetime | None = None


@dataclass(frozen=True)
class IssuedKey:
    """A new key: its record, and the plaintext to show the user this one time."""

    record: ApiKeyRecord
    plaintext: str


def hash_key(pepper: bytes, plaintext: str) -> str:
    """Return the hex HMAC-SHA256 of `plaintext` keyed with the server's pepper."""
    return hmac.new(pepper, plaintext.encode(), hashlib.sha256).hexdigest()


def parse_key(presented: str) -> tuple[str, str]:
    """Split a key into (key_id, secret), or raise InvalidApiKey if it is malformed."""
    match = KEY_PATTERN.fullmatch(presented) if isinstance(presented, str) else None
    if match is None:
        raise InvalidApiKey("invalid API key")
    return match["key_id"], match["secret"]


class ApiKeyManager:
    """Create, verify, list and revoke API keys; store only their keyed hashes."""

    def __init__(
        self, *, pepper: bytes, clock: Callable[[], datetime] = lambda: datetime.now(UTC)
    ) -> None:
        self._pepper = pepper
        self._clock = clock
        self._records: dict[str, ApiKeyRecord] = {}
        self._lock = threading.Lock()

    def create(self, *, owner: str, name: str, ttl: timedelta | None = None) -> IssuedKey:
        """Make a key for `owner`; the plaintext exists only in the returned IssuedKey."""
        with self._lock:
            key_id = secrets.token_hex(4)
            while key_id in self._records:
                key_id = secrets.token_hex(4)
            plaintext = f"{PREFIX}_{key_id}_{secrets.token_urlsafe(32)}"
            now = self._clock()
            record = ApiKeyRecord(
                key_id=key_id,
                owner=owner,
                name=name,
                key_hash=hash_key(self._pepper, plaintext),
                created_at=now,
                expires_at=now + ttl if ttl is not None else None,
            )
            self._records[key_id] = record
        return IssuedKey(record=record, plaintext=plaintext)

    def verify(self, presented: str) -> ApiKeyRecord:
        """Return the record of a valid key and note its use; InvalidApiKey otherwise."""
        key_id, _ = parse_key(presented)
        record = self._records.get(key_id)
        # Hash even for unknown ids, so both paths cost the same.
        candidate = hash_key(self._pepper, presented)
        stored = record.key_hash if record else "0" * len(candidate)
        now = self._clock()
        if (
            not hmac.compare_digest(stored, candidate)
            or record is None
            or record.revoked_at is not None
            or (record.expires_at is not None and now >= record.expires_at)
        ):
            raise InvalidApiKey("invalid API key")  # one message: no hint which check failed
        record.last_used_at = now
        return record

    def revoke(self, key_id: str) -> None:
        """Revoke a key by id; it fails every later verify. Unknown ids raise KeyError."""
        with self._lock:
            self._records[key_id].revoked_at = self._clock()

    def list_keys(self, owner: str) -> list[ApiKeyRecord]:
        """Return the owner's keys, oldest first."""
        return sorted(
            (record for record in self._records.values() if record.owner == owner),
            key=lambda record: record.created_at,
        )
