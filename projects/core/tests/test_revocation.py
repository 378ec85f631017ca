"""Revocation shared through Redis: one service revokes, another refuses."""

from __future__ import annotations

import time

import pytest
from flask import Flask

from projects.core import ServiceUnavailable
from projects.core.redis_store import init_app as init_redis
from projects.core.revocation import PREFIX, is_revoked, revoke


def app_with_redis(url: str | None) -> Flask:
    app = Flask(__name__)
    if url:
        init_redis(app, url, timeout=0.5)
    return app


def test_a_revoked_id_is_seen_by_another_app_on_the_same_redis(redis_url: str) -> None:
    issuer, verifier = app_with_redis(redis_url), app_with_redis(redis_url)
    with issuer.app_context():
        revoke("jti-1", expires_at=int(time.time()) + 60)
    with verifier.app_context():
        assert (is_revoked("jti-1"), is_revoked("jti-2")) == (True, False)


def test_the_entry_expires_with_the_token(redis_url: str) -> None:
    app = app_with_redis(redis_url)
    with app.app_context():
        revoke("jti-3", expires_at=int(time.time()) + 120)
        ttl = app.extensions["core.redis"].ttl(PREFIX + "jti-3")
    assert 100 <= ttl <= 120


def test_without_redis_the_list_is_kept_in_the_app() -> None:
    app = app_with_redis(None)
    with app.app_context():
        revoke("jti-4", expires_at=int(time.time()) + 60)
        assert (is_revoked("jti-4"), is_revoked("jti-5")) == (True, False)


def test_an_unreadable_list_refuses_with_503(redis_server) -> None:
    app = app_with_redis(redis_server.url)
    redis_server.stop()
    with app.app_context(), pytest.raises(ServiceUnavailable):
        is_revoked("jti-6")
