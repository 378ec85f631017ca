"""Argon2id: hashes, equal work for unknown users, and rehashing when parameters change."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from argon2 import PasswordHasher
from flask import Flask
from flask.testing import FlaskClient

from projects.auth_service.models import User, db
from projects.auth_service.services.passwords import EXTENSION_KEY, Passwords, passwords

from .conftest import PASSWORD, login


class CountingHasher:
    """Wrap a PasswordHasher and remember each hash it verified against."""

    def __init__(self, inner: PasswordHasher) -> None:
        self.inner = inner
        self.verified: list[str] = []

    def verify(self, stored: str, password: str) -> bool:
        self.verified.append(stored)
        return self.inner.verify(stored, password)

    def __getattr__(self, name: str) -> object:
        return getattr(self.inner, name)


def test_hash_and_verify() -> None:
    """A hash verifies its password only; a missing hash verifies nothing."""
    hasher = Passwords(PasswordHasher(time_cost=1, memory_cost=8, parallelism=1))
    stored = hasher.hash("s3cret-password")
    assert stored.startswith("$argon2id$")
    assert hasher.verify(stored, "s3cret-password") is True
    assert hasher.verify(stored, "other-password") is False
    assert hasher.verify(None, "s3cret-password") is False
    assert hasher.verify("not-a-hash", "s3cret-password") is False


def test_cheap_parameters_only_in_testing(light_app: Flask) -> None:
    """Testing uses RFC 9106's cheapest profile; other environments the default."""
    from projects.auth_service.services.passwords import init_app

    assert light_app.extensions[EXTENSION_KEY].hasher.memory_cost == 8
    init_app(light_app, testing=False)
    assert light_app.extensions[EXTENSION_KEY].hasher.memory_cost == 65536


@pytest.mark.parametrize("email", ["ann@example.com", "nobody@example.com"])
def test_unknown_and_known_users_cost_one_verification(
    app: Flask,
    client: FlaskClient,
    make_user: Callable[..., User],
    monkeypatch: pytest.MonkeyPatch,
    email: str,
) -> None:
    """A wrong login does exactly one Argon2 verification whether or not the account exists."""
    make_user("ann@example.com")
    spy = CountingHasher(app.extensions[EXTENSION_KEY].hasher)
    monkeypatch.setattr(app.extensions[EXTENSION_KEY], "hasher", spy)
    response = client.post("/api/auth/login", json={"email": email, "password": "wrong-password"})
    assert response.status_code == 401
    assert len(spy.verified) == 1
    assert spy.verified[0].startswith("$argon2id$")  # the dummy hash stands in for a missing user


def test_login_rehashes_a_hash_made_with_old_parameters(
    app: Flask, client: FlaskClient, make_user: Callable[..., User]
) -> None:
    """A hash with other parameters is replaced at the next successful login."""
    user = make_user("ann@example.com")
    old = PasswordHasher(time_cost=1, memory_cost=16, parallelism=1).hash(PASSWORD)
    with app.app_context():
        db.session.get(User, user.id).password_hash = old
        db.session.commit()
    login(client, user.email)
    with app.app_context():
        new = db.session.get(User, user.id).password_hash
        assert new != old
        assert passwords().needs_rehash(new) is False
        assert passwords().verify(new, PASSWORD)
