"""API keys: shown once, stored as an HMAC-SHA256 hash, found by their public prefix."""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
import threading
from dataclasses import dataclass
from datetime import UTC, datetime

from flask import current_app

from .errors import NotFound

PREFIX = "ch04"
# ch04_<8 hex: the key's public id>_<43 url-safe characters: 256 random bits>
KEY_FORMAT = re.compile(rf"{PREFIX}_(?P<key_id>[0-9a-f]{{8}})_(?P<secret>[A-Za-z0-9_-]{{43}})")


@dataclass
class ApiKey:
    key_id: str
    owner: str
    name: str
    key_hash: str
    created_at: datetime
    last_used_at: datetime | None = None
    revoked: bool = False


# --8<-- [start:keyring]
class KeyRing:
    """Create, verify, list and revoke API keys. The plain key exists only in `create`'s result."""

    def __init__(self, *, pepper: str) -> None:
        self._pepper = pepper.encode()
        self._keys: dict[str, ApiKey] = {}
        self._lock = threading.Lock()

    def create(self, *, owner: str, name: str) -> tuple[ApiKey, str]:
        """Make a key for `owner`; return its record and the plain key to show once."""
        key_id = secrets.token_hex(4)
        while key_id in self._keys:  # 4 billion ids; a clash is rare but must not overwrite
            key_id = secrets.token_hex(4)
        plain = f"{PREFIX}_{key_id}_{secrets.token_urlsafe(32)}"
        record = ApiKey(
            key_id=key_id,
            owner=owner,
            name=name,
            key_hash=self._hash(plain),
            created_at=datetime.now(UTC),
        )
        with self._lock:
            self._keys[key_id] = record
        return record, plain

    def verify(self, presented: str) -> ApiKey | None:
        """Return the live key matching `presented`, recording its use; None otherwise."""
        match = KEY_FORMAT.fullmatch(presented)
        record = self._keys.get(match["key_id"]) if match else None
        if record is None or record.revoked:
            return None
        # compare_digest takes as long for a near miss as for a wild guess.
        if not hmac.compare_digest(record.key_hash, self._hash(presented)):
            return None
        record.last_used_at = datetime.now(UTC)
        return record

    def list_for(self, owner: str) -> list[ApiKey]:
        """Return `owner`'s keys, newest first."""
        mine = [key for key in self._keys.values() if key.owner == owner]
        return sorted(mine, key=lambda key: key.created_at, reverse=True)

    def revoke(self, *, owner: str, key_id: str) -> ApiKey:
        """Revoke one of `owner`'s keys; another owner's key is reported as not found."""
        record = self._keys.get(key_id)
        if record is None or record.owner != owner:
            raise NotFound(f"you have no API key {key_id!r}")
        record.revoked = True
        return record

    def _hash(self, plain: str) -> str:
        # A key carries 256 random bits, so nobody can guess it from its hash: a fast
        # keyed hash is enough. Argon2 would spend ~100 ms of CPU on every request.
        return hmac.new(self._pepper, plain.encode(), hashlib.sha256).hexdigest()


# --8<-- [end:keyring]


def keyring() -> KeyRing:
    """Return the current app's key ring."""
    return current_app.extensions["api_keys"]
