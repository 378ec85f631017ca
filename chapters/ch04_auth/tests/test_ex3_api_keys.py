"""Exercise 3 — API key management."""

from __future__ import annotations

import hashlib
import hmac
import re
from datetime import UTC, datetime, timedelta

import pytest

PEPPER = b"exercise-three-pepper-" + b"p" * 16
T0 = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)


class Clock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = T0

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def manager(exercise, clock):
    return exercise.ApiKeyManager(pepper=PEPPER, clock=clock)


def test_a_key_has_prefix_public_id_and_secret(exercise, manager) -> None:
    """sk_<8 hex>_<43 url-safe characters>, and its id is the record's key_id."""
    issued = manager.create(owner="alice", name="ci")
    assert re.fullmatch(r"sk_[0-9a-f]{8}_[A-Za-z0-9_-]{43}", issued.plaintext)
    assert issued.plaintext.split("_")[1] == issued.record.key_id
    assert exercise.parse_key(issued.plaintext) == (issued.record.key_id, issued.plaintext[12:])


def test_only_a_keyed_hash_is_stored(exercise, manager) -> None:
    """The record holds HMAC-SHA256(pepper, key) in hex, and nowhere the key itself."""
    issued = manager.create(owner="alice", name="ci")
    expected = hmac.new(PEPPER, issued.plaintext.encode(), hashlib.sha256).hexdigest()
    assert issued.record.key_hash == expected == exercise.hash_key(PEPPER, issued.plaintext)
    secret = issued.plaintext[12:]
    assert secret not in repr(issued.record)
    assert all(secret not in repr(record) for record in manager.list_keys("alice"))


def test_the_pepper_changes_the_hash(exercise) -> None:
    """A database dump alone is not enough to check guesses: the pepper is needed too."""
    assert exercise.hash_key(b"a" * 32, "sk_x") != exercise.hash_key(b"b" * 32, "sk_x")


def test_verify_accepts_the_key_and_records_its_use(manager, clock) -> None:
    """A valid key returns its record, stamped with the time of use."""
    issued = manager.create(owner="alice", name="ci")
    assert issued.record.last_used_at is None
    clock.now = T0 + timedelta(minutes=5)
    record = manager.verify(issued.plaintext)
    assert (record.owner, record.name, record.last_used_at) == ("alice", "ci", clock.now)


def test_one_wrong_character_is_refused(exercise, manager) -> None:
    """The id matches but the secret does not: refused."""
    plaintext = manager.create(owner="alice", name="ci").plaintext
    tampered = plaintext[:-1] + ("A" if plaintext[-1] != "A" else "B")
    with pytest.raises(exercise.InvalidApiKey):
        manager.verify(tampered)


def test_an_unknown_id_is_refused(exercise, manager) -> None:
    """A well-formed key this manager never issued."""
    with pytest.raises(exercise.InvalidApiKey):
        manager.verify("sk_0123abcd_" + "A" * 43)


@pytest.mark.parametrize(
    "presented",
    [
        "",
        "sk_",
        "pk_0123abcd_" + "A" * 43,
        "sk_0123ABCD_" + "A" * 43,
        "sk_0123abc_" + "A" * 43,
        "sk_0123abcd_" + "A" * 42,
        "sk_0123abcd_" + "A" * 44,
        "sk_0123abcd_" + "A" * 42 + "!",
        " sk_0123abcd_" + "A" * 43,
    ],
)
def test_malformed_keys_raise_invalid_api_key(exercise, manager, presented) -> None:
    """Anything not in the exact format is refused with InvalidApiKey, never another error."""
    with pytest.raises(exercise.InvalidApiKey):
        exercise.parse_key(presented)
    with pytest.raises(exercise.InvalidApiKey):
        manager.verify(presented)


def test_a_revoked_key_is_refused(exercise, manager, clock) -> None:
    """Revocation takes effect at once and is recorded."""
    issued = manager.create(owner="alice", name="ci")
    manager.revoke(issued.record.key_id)
    assert manager.list_keys("alice")[0].revoked_at == T0
    with pytest.raises(exercise.InvalidApiKey):
        manager.verify(issued.plaintext)


def test_revoking_an_unknown_id_raises_key_error(manager) -> None:
    """A typo in an id must not pass silently."""
    with pytest.raises(KeyError):
        manager.revoke("deadbeef")


def test_keys_with_a_lifetime_expire(exercise, manager, clock) -> None:
    """A key made with ttl works until created_at + ttl, not after."""
    issued = manager.create(owner="alice", name="temp", ttl=timedelta(days=30))
    assert issued.record.expires_at == T0 + timedelta(days=30)
    clock.now = T0 + timedelta(days=29)
    manager.verify(issued.plaintext)
    clock.now = T0 + timedelta(days=30)
    with pytest.raises(exercise.InvalidApiKey):
        manager.verify(issued.plaintext)


def test_every_refusal_says_the_same_thing(exercise, manager) -> None:
    """No message tells an attacker which check failed."""
    good = manager.create(owner="alice", name="ci")
    revoked = manager.create(owner="alice", name="old")
    manager.revoke(revoked.record.key_id)
    wrong_secret = good.plaintext[:-1] + ("A" if good.plaintext[-1] != "A" else "B")
    messages = set()
    for presented in ["junk", "sk_0123abcd_" + "A" * 43, wrong_secret, revoked.plaintext]:
        with pytest.raises(exercise.InvalidApiKey) as caught:
            manager.verify(presented)
        messages.add(str(caught.value))
    assert len(messages) == 1


def test_list_keys_shows_only_the_owners_keys_oldest_first(manager, clock) -> None:
    """Each owner sees their own keys, in the order they were made."""
    manager.create(owner="alice", name="first")
    clock.now = T0 + timedelta(hours=1)
    manager.create(owner="bob", name="bobs")
    clock.now = T0 + timedelta(hours=2)
    manager.create(owner="alice", name="second")
    assert [record.name for record in manager.list_keys("alice")] == ["first", "second"]
    assert manager.list_keys("carol") == []


def test_key_ids_never_collide(manager) -> None:
    """Many keys, all with distinct public ids."""
    ids = {manager.create(owner="alice", name=str(n)).record.key_id for n in range(300)}
    assert len(ids) == 300
