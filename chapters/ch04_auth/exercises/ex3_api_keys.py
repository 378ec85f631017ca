"""Exercise 3 — API key management.

Check your work with: nox -s chapter04 -- ex3
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

PREFIX = "sk"
# sk_<8 lowercase hex: the public key id>_<43 url-safe characters: 256 random bits>
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
    """Return the hex HMAC-SHA256 of `plaintext` keyed with the server's pepper.

    1. hmac.new(pepper, plaintext.encode(), hashlib.sha256).hexdigest().
    """
    raise NotImplementedError("Exercise 3 (hash_key) is not done yet")


def parse_key(presented: str) -> tuple[str, str]:
    """Split a key into (key_id, secret), or raise InvalidApiKey if it is malformed.

    2. The whole string must match KEY_PATTERN (fullmatch); anything else, including
       surrounding spaces, raises InvalidApiKey.
    """
    raise NotImplementedError("Exercise 3 (parse_key) is not done yet")


class ApiKeyManager:
    """Create, verify, list and revoke API keys; store only their keyed hashes.

    3. create(owner=, name=, ttl=None): key_id = secrets.token_hex(4) (draw again if
       taken), secret = secrets.token_urlsafe(32), plaintext
       f"{PREFIX}_{key_id}_{secret}". Store an ApiKeyRecord with hash_key(pepper,
       plaintext), created_at = clock(), expires_at = created_at + ttl when a ttl is
       given. Return an IssuedKey: the only place the plaintext ever appears.
    4. verify(presented): parse it, find the record by key_id, compare hashes with
       hmac.compare_digest. Unknown, mismatched, revoked or expired (clock() >=
       expires_at) all raise InvalidApiKey("invalid API key"), the same message. On
       success set last_used_at = clock() and return the record.
    5. revoke(key_id) sets revoked_at = clock() (an unknown id raises KeyError);
       list_keys(owner) returns that owner's records, oldest first.
    """

    def __init__(
        self, *, pepper: bytes, clock: Callable[[], datetime] = lambda: datetime.now(UTC)
    ) -> None:
        raise NotImplementedError("Exercise 3 (ApiKeyManager) is not done yet")

    def create(self, *, owner: str, name: str, ttl: timedelta | None = None) -> IssuedKey:
        """Make a key for `owner`; the plaintext exists only in the returned IssuedKey."""
        raise NotImplementedError("Exercise 3 (create) is not done yet")

    def verify(self, presented: str) -> ApiKeyRecord:
        """Return the record of a valid key and note its use; InvalidApiKey otherwise."""
        raise NotImplementedError("Exercise 3 (verify) is not done yet")

    def revoke(self, key_id: str) -> None:
        """Revoke a key by id; it fails every later verify. Unknown ids raise KeyError."""
        raise NotImplementedError("Exercise 3 (revoke) is not done yet")

    def list_keys(self, owner: str) -> list[ApiKeyRecord]:
        """Return the owner's keys, oldest first."""
        raise NotImplementedError("Exercise 3 (list_keys) is not done yet")
